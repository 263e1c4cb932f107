// The profile frames that one sampled wasm frame of a module becomes: the wasm function itself
// and, when the module carries DWARF, the functions inlined into it at that address, each with
// its source line. The GuestProfiler keeps one ModuleFrames per allowed module.
//
// Sampling cost by design: the first time an address is seen its frames are looked up and
// interned into the ProfileData; afterwards the address costs one hash lookup and no allocation.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "profile/data/profile_data.hh"
#include "profile/dwarf/dwarf_lines.hh"
#include "wasmprof/module.hh"

namespace wasmprof::profile {

// The name of wasm function `function_index` in profiles and backtraces: the most qualified
// one known. The DWARF subprogram's name (the reader has already demangled a linkage name),
// unless the name section's (demangled) says more of the same function:
// `std::__2::basic_string<...>::push_back(char)` where DWARF built with -gmlt, as libc++'s is,
// says only `push_back`; but `main` rather than the linker's `__main_argc_argv`. Without DWARF,
// the name section's; else `wasm-function[N]`.
std::string wasm_function_name(const Module& module, uint32_t function_index, std::string_view dwarf_name);

class ModuleFrames {
 public:
  // Reads the module's DWARF, if it has any (a module without debug sections costs a few
  // section lookups). Problems become warnings: DWARF that cannot be read or does not match the
  // code is not used; DWARF that is partly unreadable is used for what it says.
  // `profile_module` indexes ProfileData::modules.
  ModuleFrames(const Module& module, uint32_t profile_module);

  // Problems with the module's DWARF, each once ("DWARF does not match the code: ...").
  const std::vector<std::string>& warnings() const { return warnings_; }
  bool has_debug_info() const { return lines_.has_value(); }

  // The frames (indices into data.frames) of the wasm frame at `module_offset` in function
  // `function_index`, innermost first: the innermost inlined function at inline depth N down to
  // the wasm function itself at depth 0. Empty for a function index the module does not have.
  // The span is valid until the next call.
  std::span<const uint32_t> frames_at(ProfileData& data, uint32_t function_index, uint32_t module_offset);

 private:
  struct Range {
    uint32_t first = 0;  // into frame_ids_
    uint32_t count = 0;
  };

  Range expand(ProfileData& data, uint32_t function_index, uint32_t module_offset);
  uint32_t wasm_function(ProfileData& data, uint32_t function_index, const SourceLocation* outermost);
  uint32_t inlined_function(ProfileData& data, const SourceLocation& location);

  Module module_;
  uint32_t profile_module_;
  std::optional<DwarfLines> lines_;  // only when the module has usable DWARF
  std::vector<std::string> warnings_;
  std::vector<uint32_t> wasm_functions_;  // by wasm function index; kNoIndex until first seen
  std::unordered_map<std::string, uint32_t> inlined_functions_;  // by name, definition file and line
  std::unordered_map<uint32_t, Range> by_offset_;
  std::vector<uint32_t> frame_ids_;  // the frames of every range, back to back
};

}  // namespace wasmprof::profile
