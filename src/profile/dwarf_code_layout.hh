// What the DWARF checks and lookups need to know of a module's code: where the code section's
// payload starts (wasm DWARF addresses count from there), how long it is, and where each
// function body starts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profile/dwarf_tables.hh"

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

// "DWARF does not match the code: ..." warnings when line rows or subprogram ranges point
// outside the code section or away from function starts, as after wasm-opt rewrote the code
// and kept the old DWARF. Empty when everything lines up.
std::vector<std::string> check_dwarf_matches_code(const DwarfTables& tables, const DwarfCodeLayout& code);

}  // namespace wasmprof::profile
