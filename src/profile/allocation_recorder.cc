#include "profile/allocation_recorder.hh"

#include <algorithm>
#include <cstring>

namespace wasmprof::profile {
namespace {

uint64_t u32(uint64_t slot) { return uint32_t(slot); }  // pointers and sizes are wasm32 i32s

}  // namespace

AllocationRecorder::AllocationRecorder(ProfileData& data, std::span<const std::string> probed,
                                       CurrentStack current_stack, void* owner,
                                       std::chrono::steady_clock::time_point start)
    : data_(data), current_stack_(current_stack), owner_(owner), start_(start) {
  for (const std::string& name : probed) {
    const auto found = std::find(kAllocatorFunctionNames.begin(), kAllocatorFunctionNames.end(), name);
    function_of_probe_.push_back(found == kAllocatorFunctionNames.end()
                                     ? AllocatorFunction::None
                                     : AllocatorFunction(found - kAllocatorFunctionNames.begin()));
  }
}

bool AllocationRecorder::probes_allocator() const {
  return std::any_of(function_of_probe_.begin(), function_of_probe_.end(),
                     [](AllocatorFunction function) { return function != AllocatorFunction::None; });
}

void AllocationRecorder::on_probe(StoreContext store, const runtime::ProbedCall& call, void* self) {
  auto& recorder = *static_cast<AllocationRecorder*>(self);
  if (call.point == runtime::ProbePoint::Entry)
    recorder.enter(call);
  else
    recorder.exit(store, call);
}

void AllocationRecorder::enter(const runtime::ProbedCall& call) {
  if (call.probe_id >= function_of_probe_.size()) return;
  const AllocatorFunction function = function_of_probe_[call.probe_id];
  if (function == AllocatorFunction::None) return;
  // Deeper than the open call: made by it. Otherwise the open call is over without reaching
  // its exit (it trapped, and the guest was entered again): this one replaces it.
  if (open_.function != AllocatorFunction::None && call.call_depth > open_.depth) return;
  open_.function = function;
  open_.depth = call.call_depth;
  open_.args = {};
  std::copy_n(call.values.begin(), std::min(call.values.size(), open_.args.size()), open_.args.begin());
}

void AllocationRecorder::exit(StoreContext store, const runtime::ProbedCall& call) {
  if (open_.function == AllocatorFunction::None || call.call_depth != open_.depth) return;
  if (call.probe_id >= function_of_probe_.size() || function_of_probe_[call.probe_id] != open_.function) return;
  const OpenCall done = open_;
  open_ = OpenCall{};
  const uint64_t result = call.values.empty() ? 0 : call.values[0];
  const auto& args = done.args;
  const double time_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  // The stack is taken only for calls that record something.
  auto stack = [&] { return cached_stack(store); };
  switch (done.function) {
    case AllocatorFunction::Malloc:
      if (u32(result) != 0) record_allocation(stack(), time_ms, u32(result), u32(args[0]));
      break;
    case AllocatorFunction::Calloc:
      if (u32(result) != 0) record_allocation(stack(), time_ms, u32(result), u32(args[0]) * u32(args[1]));
      break;
    case AllocatorFunction::AlignedAlloc:  // (alignment, size)
      if (u32(result) != 0) record_allocation(stack(), time_ms, u32(result), u32(args[1]));
      break;
    case AllocatorFunction::PosixMemalign: {  // (int) (void** out, alignment, size): 0 on success
      const uint64_t out = u32(args[0]);
      uint32_t address = 0;
      if (u32(result) == 0 && out + 4 <= call.memory.size()) {
        std::memcpy(&address, call.memory.data() + out, 4);  // wasm memory is little-endian, as is the host
        if (address != 0) record_allocation(stack(), time_ms, address, u32(args[2]));
      }
      break;
    }
    case AllocatorFunction::Free:
      if (u32(args[0]) != 0) record_free(stack(), time_ms, u32(args[0]));
      break;
    case AllocatorFunction::Realloc: {  // (old, size)
      const uint64_t old = u32(args[0]), size = u32(args[1]), address = u32(result);
      // Failure (null for a nonzero size) leaves the old block as it was; realloc(p, 0) frees.
      if (address == 0 && size != 0) break;
      const uint32_t at = stack();
      if (old != 0) record_free(at, time_ms, old);
      if (address != 0) record_allocation(at, time_ms, address, size);
      break;
    }
    case AllocatorFunction::None:
      break;
  }
}

uint32_t AllocationRecorder::cached_stack(StoreContext store) {
  runtime::live_frame_identities(store, key_);
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const runtime::FrameIdentity& frame : key_) {
    for (const void* word : {frame.function, frame.position}) {
      hash = (hash ^ uint64_t(reinterpret_cast<uintptr_t>(word))) * 0x100000001b3ull;
      hash ^= hash >> 29;
    }
  }
  const auto [entry, inserted] = stack_cache_.try_emplace(hash, CachedStack{0, 0, kNoIndex});
  if (!inserted) {
    const CachedStack& cached = entry->second;
    const bool same = cached.key_size == key_.size() &&
                      std::equal(key_.begin(), key_.end(), key_pool_.begin() + cached.key_start);
    // A different walk with the same hash is computed every time (never seen in practice).
    return same ? cached.stack : current_stack_(store, owner_);
  }
  const uint32_t stack = current_stack_(store, owner_);
  entry->second = CachedStack{uint32_t(key_pool_.size()), uint32_t(key_.size()), stack};
  key_pool_.insert(key_pool_.end(), key_.begin(), key_.end());
  return stack;
}

void AllocationRecorder::record_allocation(uint32_t stack, double time_ms, uint64_t address, uint64_t bytes) {
  live_[address] = bytes;  // an address handed out again was freed in a way not seen
  data_.allocations.push_back(ProfileAllocation{time_ms, stack, int64_t(bytes), address});
}

void AllocationRecorder::record_free(uint32_t stack, double time_ms, uint64_t address) {
  const auto block = live_.find(address);
  if (block == live_.end()) {
    ++unmatched_frees_;
    return;
  }
  data_.allocations.push_back(ProfileAllocation{time_ms, stack, -int64_t(block->second), address});
  live_.erase(block);
}

}  // namespace wasmprof::profile
