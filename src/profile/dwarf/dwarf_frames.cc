#include "profile/dwarf/dwarf_frames.hh"

#include <algorithm>

#include "profile/symbols/demangle.hh"

namespace wasmprof::profile {
namespace {

bool has_dwarf_sections(const Module& module) {
  return !module.custom_sections(".debug_info").empty() || !module.custom_sections(".debug_line").empty();
}

}  // namespace

ModuleFrames::ModuleFrames(const Module& module, uint32_t profile_module)
    : module_(module), profile_module_(profile_module), wasm_functions_(module.function_count(), kNoIndex) {
  if (!has_dwarf_sections(module)) return;
  Result<DwarfLines> built = DwarfLines::build(module);
  if (!built) {
    warnings_.push_back("DWARF ignored, it cannot be read: " + built.error().message);
    return;
  }
  warnings_ = built->warnings();
  // DWARF of other code (as after wasm-opt rewrote it) names the wrong lines and functions:
  // worse than none, so the frames fall back to the name section. DWARF that is merely partly
  // unreadable, or off the code in a few places, is used for what it says of the rest.
  if (!built->describes_code()) {
    warnings_.push_back("source lines and inlined frames are left out, names come from the name section");
  } else if (built->has_debug_info()) {
    lines_ = std::move(built).value();
  }
}

std::span<const uint32_t> ModuleFrames::frames_at(ProfileData& data, uint32_t function_index, uint32_t module_offset) {
  auto found = by_offset_.find(module_offset);
  const Range range = found != by_offset_.end()
                          ? found->second
                          : by_offset_.emplace(module_offset, expand(data, function_index, module_offset)).first->second;
  return std::span<const uint32_t>(frame_ids_).subspan(range.first, range.count);
}

ModuleFrames::Range ModuleFrames::expand(ProfileData& data, uint32_t function_index, uint32_t module_offset) {
  Range range{uint32_t(frame_ids_.size()), 0};
  if (function_index >= wasm_functions_.size()) return range;
  std::vector<SourceLocation> locations;
  if (lines_) locations = lines_->lookup(module_offset);
  if (locations.empty()) {
    frame_ids_.push_back(data.intern_frame({wasm_function(data, function_index, nullptr), module_offset, 0, 0, 0}));
    range.count = 1;
    return range;
  }
  // lookup() gives the innermost first; the last is the wasm function the code belongs to.
  const uint32_t outermost = uint32_t(locations.size() - 1);
  for (uint32_t i = 0; i <= outermost; ++i) {
    const SourceLocation& location = locations[i];
    const uint32_t function =
        i == outermost ? wasm_function(data, function_index, &location) : inlined_function(data, location);
    frame_ids_.push_back(data.intern_frame({function, module_offset, location.line, location.column, outermost - i}));
  }
  range.count = outermost + 1;
  return range;
}

namespace {

// Whether `full` is `short_name` with more said of it: a scope before it (`ns::`, `Class<T>::`)
// or template arguments or parameters after it. `__main_argc_argv` does not qualify `main`.
bool qualifies(std::string_view full, std::string_view short_name) {
  if (short_name.empty() || full.size() <= short_name.size()) return false;
  for (size_t at = full.find(short_name); at != std::string_view::npos; at = full.find(short_name, at + 1)) {
    const bool scoped_or_first = at == 0 || (at >= 2 && full.substr(at - 2, 2) == "::");
    const size_t end = at + short_name.size();
    const bool ends_name = end == full.size() || full[end] == '(' || full[end] == '<';
    if (scoped_or_first && ends_name) return true;
  }
  return false;
}

}  // namespace

std::string wasm_function_name(const Module& module, uint32_t function_index, std::string_view dwarf_name) {
  std::optional<std::string> section_name = module.function_name(function_index);
  // wasm-ld writes C++ names demangled into the name section; other producers may not.
  if (section_name) *section_name = demangle(*section_name);
  if (!dwarf_name.empty()) {
    std::string from_dwarf = demangle(dwarf_name);
    if (section_name && qualifies(*section_name, from_dwarf)) return *section_name;
    return from_dwarf;
  }
  if (section_name) return *section_name;
  return "wasm-function[" + std::to_string(function_index) + "]";
}

// Its definition's file and line come from the DWARF, filled in at the first address the DWARF
// describes.
uint32_t ModuleFrames::wasm_function(ProfileData& data, uint32_t function_index, const SourceLocation* outermost) {
  uint32_t& id = wasm_functions_[function_index];
  if (id == kNoIndex) {
    const std::string name = wasm_function_name(module_, function_index, outermost != nullptr ? outermost->function : "");
    id = data.intern_function(profile_module_, function_index, name);
    if (std::optional<FunctionLocation> location = module_.function_location(function_index)) {
      data.functions[id].code_offset = location->body_offset;
      data.functions[id].code_size = location->body_size;
    }
  }
  ProfileFunction& function = data.functions[id];
  if (outermost != nullptr && function.file.empty()) {
    // Without a declaration position, the file of the code itself is the function's file.
    function.file = outermost->definition_file.empty() ? outermost->file : outermost->definition_file;
    function.line = outermost->definition_file.empty() ? 0 : outermost->definition_line;
  }
  return id;
}

// Inlined functions have no wasm function index: one ProfileFunction per distinct name and
// definition, shared by every place the function was inlined into.
uint32_t ModuleFrames::inlined_function(ProfileData& data, const SourceLocation& location) {
  const std::string& file = location.definition_file.empty() ? location.file : location.definition_file;
  const uint32_t line = location.definition_file.empty() ? 0 : location.definition_line;
  std::string key = location.function;
  key += '\0';
  key += file;
  key += '\0';
  key += std::to_string(line);
  auto [it, inserted] = inlined_functions_.try_emplace(std::move(key), uint32_t(data.functions.size()));
  if (inserted) {
    ProfileFunction function;
    function.module = profile_module_;
    function.function_index = kNoIndex;
    function.name = location.function.empty() ? "(inlined function)" : demangle(location.function);
    function.file = file;
    function.line = line;
    data.functions.push_back(std::move(function));
  }
  return it->second;
}

}  // namespace wasmprof::profile
