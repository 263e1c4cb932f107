#include "profile/dwarf_code_layout.hh"

#include <algorithm>
#include <cstdio>

namespace wasmprof::profile {
namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::vector<std::string> check_dwarf_matches_code(const DwarfTables& tables, const DwarfCodeLayout& code) {
  std::vector<std::string> warnings;
  const std::string prefix = "DWARF does not match the code: ";

  // Rows of dead sequences carry tombstones; only a live sequence's rows must be in the code.
  size_t rows_beyond = 0;
  uint64_t first_beyond = 0;
  bool sequence_dead = false, at_sequence_start = true;
  for (const DwarfLineRow& row : tables.lines) {
    if (at_sequence_start) sequence_dead = is_dead_code_address(row.address);
    at_sequence_start = row.end_sequence;
    if (sequence_dead) continue;
    // An end of sequence may sit just past the last byte.
    uint64_t limit = row.end_sequence ? uint64_t(code.code_size) : uint64_t(code.code_size) - 1;
    if (code.code_size == 0 || row.address > limit) {
      if (rows_beyond++ == 0) first_beyond = row.address;
    }
  }
  if (rows_beyond > 0) {
    warnings.push_back(prefix + std::to_string(rows_beyond) + " line table rows lie beyond the code section (" +
                       std::to_string(code.code_size) + " bytes), the first at " + hex(first_beyond));
  }

  size_t functions = 0, misplaced = 0;
  uint64_t first_misplaced = 0;
  for (const DwarfRange& range : tables.ranges) {
    if (tables.scopes[range.scope].depth != 0 || is_dead_code_address(range.low)) continue;
    ++functions;
    bool at_body = std::binary_search(code.function_starts.begin(), code.function_starts.end(), range.low);
    if (!at_body || range.high > code.code_size) {
      if (misplaced++ == 0) first_misplaced = range.low;
    }
  }
  if (misplaced > 0) {
    warnings.push_back(prefix + std::to_string(misplaced) + " of " + std::to_string(functions) +
                       " function ranges do not start at a function body or end beyond the code, the first at " +
                       hex(first_misplaced));
  }
  return warnings;
}

}  // namespace wasmprof::profile
