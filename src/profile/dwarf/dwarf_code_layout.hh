// What the DWARF checks and lookups need to know of a module's code: where the code section's
// payload starts (wasm DWARF addresses count from there), how long it is, and where each
// function body starts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profile/dwarf/dwarf_tables.hh"

namespace wasmprof::profile {

struct DwarfCodeLayout {
  uint32_t code_section_offset = 0;  // module-relative
  uint32_t code_size = 0;            // bytes of the code section's payload
  std::vector<uint32_t> function_starts;  // code-relative, ascending: each body's local declarations
};

// Linkers mark the debug info of code they dropped with a tombstone address (-1 or -2, older
// lld: 0) instead of removing it. Offset 0 is the code section's function count, never code.
inline bool is_dead_code_address(uint64_t address) {
  return address == 0 || address >= 0xfffffffeu;
}

// Which parts of the DWARF describe this code. A big module's DWARF can be wrong in a few
// places (one subprogram of thousands ending past the code) and right everywhere else: the
// wrong parts are left out, and the rest is used. Only DWARF that is mostly off, as after
// wasm-opt rewrote the code and kept the old DWARF, is not used at all.
struct DwarfCodeCheck {
  // False: the DWARF is of other code; warnings then hold "DWARF does not match the code: ...".
  bool describes_code = true;
  // Problems with parts of it, each kind once with its count ("DWARF: 1 of 9810 ...").
  std::vector<std::string> warnings;
  // By scope: false for a scope with a range off the code, and for every scope inside it.
  std::vector<bool> scope_usable;
  // By line row: false for the rows of a sequence that is dead (a tombstone) or that reaches
  // beyond the code.
  std::vector<bool> row_usable;
};

DwarfCodeCheck check_dwarf_matches_code(const DwarfTables& tables, const DwarfCodeLayout& code);

}  // namespace wasmprof::profile
