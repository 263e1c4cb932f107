// Source lines and inlined frames of a module's code, from the DWARF in its custom sections.
//
// Built once per module (DwarfLines::build) and then only read: lookups are searches in two
// sorted tables and touch no libdwarf state, so one index may serve many threads. build itself
// runs libdwarf, whose 20210528 release is not known to be safe to run on several threads at
// once: build indexes one at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "binary/module.hh"
#include "profile/dwarf/dwarf_address_index.hh"
#include "profile/dwarf/dwarf_code_layout.hh"
#include "profile/dwarf/dwarf_tables.hh"
#include "wasmprof/module.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

struct DwarfSection;  // dwarf_object.hh: keeps libdwarf's header out of this one

struct SourceLocation {
  std::string function;
  std::string file;
  uint32_t line = 0;    // 0: unknown
  uint32_t column = 0;  // 0: unknown (or the whole line)
  // Where `function` is defined (ProfileFunction's file and line), when the DWARF says.
  std::string definition_file;
  uint32_t definition_line = 0;
  bool operator==(const SourceLocation&) const = default;
};

class DwarfLines {
 public:
  // A module without DWARF gives an empty index (has_debug_info() false) and no error; DWARF
  // that libdwarf cannot read at all is an error; DWARF that is partly unreadable or does not
  // describe this module's code (e.g. rewritten by wasm-opt) gives an index of what was usable
  // and warnings.
  static Result<DwarfLines> build(std::span<const uint8_t> module_bytes);
  static Result<DwarfLines> build(const DecodedModule& module);
  static Result<DwarfLines> build(const Module& module);

  bool has_debug_info() const { return has_debug_info_; }
  // False when the DWARF is of other code (mostly off the code, as after wasm-opt): its lines
  // and names would be wrong, so it should not be used at all. Parts of it that are off (one
  // subprogram of thousands) are left out of the index instead, with a warning.
  bool describes_code() const { return describes_code_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

  // The frames at a module-relative instruction offset, innermost first: the inlined
  // subroutines, each at the position in its caller where it was inlined, then the subprogram
  // that contains them all. The innermost frame's position comes from the line table. An
  // address the line table knows but no subprogram covers gives one frame without a function
  // name. Empty if the DWARF knows nothing of the address. O(log n) plus the inlining depth.
  std::vector<SourceLocation> lookup(uint32_t module_offset) const;

  // Sizes, for tests and benchmarks.
  size_t line_row_count() const { return lines_.size(); }
  size_t scope_count() const { return tables_.scopes.size(); }

 private:
  struct LineEntry {
    uint32_t address = 0;  // code-section relative
    uint32_t file = 0;     // into tables_.strings
    uint32_t line = 0;
    uint32_t column = 0;
    bool end_sequence = false;
  };
  // From `start` to the next entry's start, `scope` is the innermost scope (-1: none).
  struct ScopeSpan {
    uint32_t start = 0;
    int32_t scope = -1;
  };

  static Result<DwarfLines> build_from(std::vector<DwarfSection> sections, DwarfCodeLayout code,
                                       std::vector<std::string> warnings);
  void index(DwarfTables tables, const DwarfCodeCheck& check, uint32_t code_size);
  const LineEntry* line_at(uint32_t address) const;
  int32_t scope_at(uint32_t address) const;

  bool has_debug_info_ = false;
  bool describes_code_ = true;
  uint32_t code_section_offset_ = 0;
  std::vector<std::string> warnings_;
  DwarfTables tables_;
  std::vector<LineEntry> lines_;
  std::vector<ScopeSpan> spans_;
  // The addresses of lines_ and starts of spans_, for the searches.
  DwarfAddressIndex line_addresses_;
  DwarfAddressIndex span_starts_;
};

}  // namespace wasmprof::profile
