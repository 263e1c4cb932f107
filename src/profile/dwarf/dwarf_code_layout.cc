#include "profile/dwarf/dwarf_code_layout.hh"

#include <algorithm>
#include <cstdio>

namespace wasmprof::profile {
namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// More than half off: the DWARF is of other code, and the parts that happen to line up are
// coincidences, not lines to trust.
bool mostly_off(size_t off, size_t total) { return total > 0 && off * 2 > total; }

struct RowCheck {
  size_t live_sequences = 0, sequences_beyond = 0;
  size_t rows_beyond = 0;
  uint64_t first_beyond = 0;
};

// Marks the rows of dead sequences and of sequences that reach beyond the code unusable.
RowCheck check_rows(const DwarfTables& tables, const DwarfCodeLayout& code, std::vector<bool>& usable) {
  RowCheck check;
  usable.assign(tables.lines.size(), true);
  for (size_t start = 0; start < tables.lines.size();) {
    size_t end = start;  // the sequence is [start, end]: up to its end_sequence row, or the last row
    while (end + 1 < tables.lines.size() && !tables.lines[end].end_sequence) ++end;
    bool use = !is_dead_code_address(tables.lines[start].address);
    if (use) {
      ++check.live_sequences;
      size_t beyond = 0;
      for (size_t i = start; i <= end; ++i) {
        const DwarfLineRow& row = tables.lines[i];
        // An end of sequence may sit just past the last byte.
        const uint64_t limit = row.end_sequence ? uint64_t(code.code_size) : uint64_t(code.code_size) - 1;
        if (code.code_size == 0 || row.address > limit) {
          if (check.rows_beyond + beyond == 0) check.first_beyond = row.address;
          ++beyond;
        }
      }
      check.rows_beyond += beyond;
      if (beyond > 0) {
        ++check.sequences_beyond;
        use = false;
      }
    }
    if (!use) std::fill(usable.begin() + long(start), usable.begin() + long(end) + 1, false);
    start = end + 1;
  }
  return check;
}

struct RangeCheck {
  size_t functions = 0, functions_off = 0;  // ranges of subprograms
  size_t inlined_off = 0;                   // ranges of inlined subroutines
  uint64_t first_off = 0;
};

// Marks the scopes with a range off the code unusable, and every scope inside them.
RangeCheck check_ranges(const DwarfTables& tables, const DwarfCodeLayout& code, std::vector<bool>& usable) {
  RangeCheck check;
  usable.assign(tables.scopes.size(), true);
  for (const DwarfRange& range : tables.ranges) {
    if (is_dead_code_address(range.low)) continue;
    const bool function = tables.scopes[range.scope].depth == 0;
    if (function) ++check.functions;
    // A function's code starts at a body (its local declarations); any scope's ends in the code.
    bool off = range.high > code.code_size || range.high <= range.low;
    if (function) off = off || !std::binary_search(code.function_starts.begin(), code.function_starts.end(), range.low);
    if (!off) continue;
    if (check.functions_off + check.inlined_off == 0) check.first_off = range.low;
    ++(function ? check.functions_off : check.inlined_off);
    usable[range.scope] = false;
  }
  // Parents come before their children.
  for (size_t scope = 0; scope < tables.scopes.size(); ++scope) {
    const int32_t parent = tables.scopes[scope].parent;
    if (parent >= 0 && !usable[size_t(parent)]) usable[scope] = false;
  }
  return check;
}

}  // namespace

DwarfCodeCheck check_dwarf_matches_code(const DwarfTables& tables, const DwarfCodeLayout& code) {
  DwarfCodeCheck result;
  const RowCheck rows = check_rows(tables, code, result.row_usable);
  const RangeCheck ranges = check_ranges(tables, code, result.scope_usable);

  const std::string mismatch = "DWARF does not match the code: ";
  if (mostly_off(rows.sequences_beyond, rows.live_sequences)) {
    result.describes_code = false;
    result.warnings.push_back(mismatch + std::to_string(rows.rows_beyond) + " line table rows lie beyond the code section (" +
                              std::to_string(code.code_size) + " bytes), the first at " + hex(rows.first_beyond));
  }
  if (mostly_off(ranges.functions_off, ranges.functions)) {
    result.describes_code = false;
    result.warnings.push_back(mismatch + std::to_string(ranges.functions_off) + " of " + std::to_string(ranges.functions) +
                              " function ranges do not start at a function body or end beyond the code, the first at " +
                              hex(ranges.first_off));
  }
  if (!result.describes_code) return result;

  // A few bad parts: one warning each, with the count, and the rest is used.
  if (rows.sequences_beyond > 0) {
    result.warnings.push_back("DWARF: " + std::to_string(rows.sequences_beyond) + " of " +
                              std::to_string(rows.live_sequences) +
                              " line sequences reach beyond the code section, the first at " + hex(rows.first_beyond) +
                              "; their lines are left out");
  }
  if (ranges.functions_off + ranges.inlined_off > 0) {
    result.warnings.push_back("DWARF: " + std::to_string(ranges.functions_off) + " of " +
                              std::to_string(ranges.functions) + " function ranges" +
                              (ranges.inlined_off > 0 ? " and " + std::to_string(ranges.inlined_off) + " inlined ranges" : "") +
                              " lie off the code (not at a function body, or past its end), the first at " +
                              hex(ranges.first_off) + "; their DWARF names and inlined frames are left out");
  }
  return result;
}

}  // namespace wasmprof::profile
