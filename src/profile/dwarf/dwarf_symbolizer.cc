// DwarfSymbolizer: backtrace frames through the profile's DWARF reader and naming, so a trap's
// backtrace and a profile call the same code by the same names.
#include "wasmprof/symbolizer.hh"

#include <optional>
#include <unordered_map>

#include "profile/symbols/demangle.hh"
#include "profile/dwarf/dwarf_frames.hh"
#include "profile/dwarf/dwarf_lines.hh"

namespace wasmprof {

struct DwarfSymbolizer::State {
  bool read_dwarf = true;
  // By Module::id(): the module's usable DWARF, if it has any.
  std::unordered_map<const void*, std::optional<profile::DwarfLines>> lines;
  std::vector<std::string> warnings;

  const profile::DwarfLines* lines_of(const Module& module) {
    auto [it, inserted] = lines.try_emplace(module.id());
    if (inserted && read_dwarf && !module.custom_sections(".debug_info").empty()) {
      Result<profile::DwarfLines> built = profile::DwarfLines::build(module);
      if (!built) {
        warnings.push_back("DWARF ignored, it cannot be read: " + built.error().message);
      } else {
        warnings.insert(warnings.end(), built->warnings().begin(), built->warnings().end());
        if (built->has_debug_info() && built->describes_code()) it->second = std::move(built).value();
      }
    }
    return it->second ? &*it->second : nullptr;
  }
};

DwarfSymbolizer::DwarfSymbolizer(bool read_dwarf) : state_(std::make_unique<State>()) { state_->read_dwarf = read_dwarf; }
DwarfSymbolizer::~DwarfSymbolizer() = default;

const std::vector<std::string>& DwarfSymbolizer::warnings() const { return state_->warnings; }

std::vector<FrameSymbol> DwarfSymbolizer::symbols(const FrameInfo& frame) {
  std::vector<profile::SourceLocation> locations;
  if (const profile::DwarfLines* lines = state_->lines_of(frame.module)) locations = lines->lookup(frame.module_offset);
  std::vector<FrameSymbol> symbols;
  if (locations.empty()) {
    symbols.push_back({.name = profile::wasm_function_name(frame.module, frame.func_index, "")});
    return symbols;
  }
  // As in profiles: the innermost first, inlined functions by their DWARF names, the wasm
  // function last by its most qualified name.
  for (size_t i = 0; i < locations.size(); ++i) {
    const profile::SourceLocation& location = locations[i];
    const bool outermost = i + 1 == locations.size();
    symbols.push_back({.name = outermost ? profile::wasm_function_name(frame.module, frame.func_index, location.function)
                                         : profile::demangle(location.function),
                       .file = location.file,
                       .line = location.line,
                       .column = location.column});
  }
  return symbols;
}

}  // namespace wasmprof
