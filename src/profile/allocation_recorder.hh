// Allocation profiling: turns the probes compiled into the guest's allocator functions
// (runtime/probes.hh) into ProfileData::allocations, one record per outermost allocator call
// with its stack, size and address, so the Firefox Profiler can show where memory was
// allocated and what is still retained.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "profile/data/profile_data.hh"
#include "runtime/probes.hh"
#include "runtime/sampling.hh"

namespace wasmprof::profile {

// The allocator functions recognised, by the names the guest gives them (C's, as wasi-libc's
// dlmalloc defines them). Their internal helpers (dlmalloc, dlfree, internal_memalign) are
// not probed: the public functions always call them, so probing both would count twice.
enum class AllocatorFunction : uint8_t { Malloc, Calloc, Realloc, Free, AlignedAlloc, PosixMemalign, None };
inline constexpr std::array<std::string_view, 6> kAllocatorFunctionNames = {
    "malloc", "calloc", "realloc", "free", "aligned_alloc", "posix_memalign"};

class AllocationRecorder {
 public:
  // The current stack (a ProfileData stack index) of the paused guest, from the profiler that
  // owns the recorder.
  using CurrentStack = uint32_t (*)(StoreContext store, void* owner);

  // `probed` are the engine's probed names (probe ids index them).
  AllocationRecorder(ProfileData& data, std::span<const std::string> probed, CurrentStack current_stack,
                     void* owner, std::chrono::steady_clock::time_point start);

  // A runtime::ProbeHandler; `self` is the recorder.
  static void on_probe(StoreContext store, const runtime::ProbedCall& call, void* self);

  // Whether any probed name is an allocator function.
  bool probes_allocator() const;

  // Frees of addresses no recorded allocation covered (made before recording started, or
  // of blocks from another allocator); they are not recorded.
  uint64_t unmatched_frees() const { return unmatched_frees_; }

 private:
  void enter(const runtime::ProbedCall& call);
  void exit(StoreContext store, const runtime::ProbedCall& call);
  void record_allocation(uint32_t stack, double time_ms, uint64_t address, uint64_t bytes);
  void record_free(uint32_t stack, double time_ms, uint64_t address);
  // The owner's current_stack, remembered by the raw frames it was computed from: allocators
  // are called from few distinct stacks, and interning a stack frame by frame costs several
  // times more than walking and comparing it.
  uint32_t cached_stack(StoreContext store);

  ProfileData& data_;
  std::vector<AllocatorFunction> function_of_probe_;  // by probe id
  CurrentStack current_stack_;
  void* owner_;
  std::chrono::steady_clock::time_point start_;

  // The outermost allocator call in progress: calls it makes to other allocator functions
  // (realloc calling malloc) are part of it, not records of their own.
  struct OpenCall {
    AllocatorFunction function = AllocatorFunction::None;
    uint32_t depth = 0;  // its wasm call depth
    std::array<uint64_t, 3> args{};
  };
  OpenCall open_;
  std::unordered_map<uint64_t, uint64_t> live_;  // address -> size of each block allocated

  // The stack cache: for each hash of a walk's frame identities (runtime/sampling.hh), the first
  // walk seen with it, as a range of key_pool_, and its stack.
  struct CachedStack {
    uint32_t key_start;
    uint32_t key_size;
    uint32_t stack;
  };
  std::unordered_map<uint64_t, CachedStack> stack_cache_;
  std::vector<runtime::FrameIdentity> key_pool_;
  std::vector<runtime::FrameIdentity> key_;  // scratch: the walk being looked up
  uint64_t unmatched_frees_ = 0;
};

}  // namespace wasmprof::profile
