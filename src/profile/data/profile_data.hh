// What a profile records, independent of any output format: the guest modules whose frames may
// appear, the functions and frames seen, a prefix tree of stacks, samples and interval markers.
// The guest profiler fills it while the guest runs (interning keeps sampling cheap); writers
// (Firefox processed profile, and later collapsed stacks, pprof, ...) read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wasmprof::profile {

constexpr uint32_t kNoIndex = UINT32_MAX;

// A module the embedder allowed into the profile, under the name the embedder gave it.
struct ProfileModule {
  std::string name;          // the lib's name and debug name ("app.wasm", or what the embedder chose)
  uint64_t code_size = 0;    // size in bytes of the module (the lib's address range is [0, code_size))
  std::string breakpad_id;   // stable id of the module's bytes (hex of a hash), for the lib table
};

// One function of an allowed module.
struct ProfileFunction {
  uint32_t module = 0;          // index into ProfileData::modules; kNoIndex: a host function
  uint32_t function_index = 0;  // wasm function index in its module (imports counted); kNoIndex: inlined
  std::string name;             // demangled name, or "wasm-function[N]"
  // Source position of the function's definition, when debug info has it.
  std::string file;
  uint32_t line = 0;            // 0: unknown
  uint32_t column = 0;
  // The function body's byte range in the module, when known (code_size 0: unknown); it
  // becomes the native symbol's address and size, which the frontend's assembly view uses.
  uint32_t code_offset = 0;
  uint32_t code_size = 0;
};

// One frame: a function at a code address. Inlined calls become frames of their own that
// share the address and differ in inline_depth.
struct ProfileFrame {
  uint32_t function = 0;       // index into ProfileData::functions
  uint32_t address = 0;        // module-relative byte offset of the instruction
  uint32_t line = 0;           // 0: unknown
  uint32_t column = 0;
  uint32_t inline_depth = 0;
  bool operator==(const ProfileFrame&) const = default;
};

// A node of the stack prefix tree: `frame` called from the stack `prefix` (kNoIndex: root).
struct ProfileStack {
  uint32_t prefix = kNoIndex;
  uint32_t frame = 0;  // index into ProfileData::frames
};

struct ProfileSample {
  double time_ms = 0;          // since ProfileData::start_time_ms
  uint32_t stack = kNoIndex;   // kNoIndex: no allowed frame was active (host code or other modules)
  uint64_t cpu_delta_ns = 0;   // CPU time since the previous sample; 0 when not known
  uint32_t weight = 1;
};

// What all markers of one kind share: the name the frontend shows, its category, and for host
// calls the import.
struct MarkerKind {
  std::string name;            // e.g. "wasi_snapshot_preview1.fd_write"
  std::string category;        // e.g. "Host"
  std::string import_module;   // for host calls: the import's module and name
  std::string import_name;
  bool operator==(const MarkerKind&) const = default;
};

// An interval marker, such as a call from the guest to a host function. Kept small (32 bytes,
// no strings): a guest may make millions of host calls.
struct ProfileMarker {
  uint32_t kind = 0;           // index into ProfileData::marker_kinds
  uint32_t stack = kNoIndex;   // the guest stack when it started
  double start_ms = 0;
  std::optional<double> end_ms;  // nullopt: still open when the profile was finished
};

// One call of the guest's allocator (allocation profiling): `bytes` allocated at `address`, or
// freed from it when negative (the size of the allocation there). A realloc is a free of the
// old block and an allocation of the new one.
struct ProfileAllocation {
  double time_ms = 0;         // since ProfileData::start_time_ms
  uint32_t stack = kNoIndex;  // where the allocator was called (its own frame innermost)
  int64_t bytes = 0;
  uint64_t address = 0;       // in the guest's linear memory
};

struct ProfileData {
  std::string name;               // the profile's (and main thread's) name: the embedder's module_name
  double interval_ms = 10;        // intended sampling period
  double start_time_ms = 0;       // wall clock at start, milliseconds since the Unix epoch
  double end_time_ms = 0;         // relative to start, when finished
  uint64_t pid = 0;               // a process id for the thread; never the host's real pid
  std::vector<ProfileModule> modules;
  std::vector<ProfileFunction> functions;
  std::vector<ProfileFrame> frames;
  std::vector<ProfileStack> stacks;
  std::vector<ProfileSample> samples;
  std::vector<MarkerKind> marker_kinds;
  std::vector<ProfileMarker> markers;
  // Allocation profiling: whether it was on (the Firefox writer then writes the native
  // allocations table, even if empty), and the allocator calls in time order.
  // What produced the profile, shown in the frontend's profile information (meta.extra):
  // the execution tier and how samples were taken. Never a host detail.
  struct InfoEntry {
    std::string label, value;
  };
  std::vector<InfoEntry> info;
  bool allocation_profiling = false;
  std::vector<ProfileAllocation> allocations;
  // Source files' texts, by the name the functions give them, when the embedder chose to put
  // them into the profile (the Firefox format's sources.content): the frontend then shows
  // them with no server. Empty by default: sources are the guest owner's.
  std::unordered_map<std::string, std::string> source_texts;

  // Interning; each returns the index of an existing equal entry or appends one.
  uint32_t intern_function(uint32_t module, uint32_t function_index, const std::string& name);
  uint32_t intern_frame(const ProfileFrame& frame);
  uint32_t intern_stack(uint32_t prefix, uint32_t frame);
  uint32_t intern_marker_kind(const MarkerKind& kind);

 private:
  std::unordered_map<uint64_t, uint32_t> function_ids_;  // (module, function_index)
  std::unordered_map<uint64_t, std::vector<uint32_t>> frame_ids_;  // hash -> candidates
  std::unordered_map<uint64_t, uint32_t> stack_ids_;     // (prefix, frame)
};

}  // namespace wasmprof::profile
