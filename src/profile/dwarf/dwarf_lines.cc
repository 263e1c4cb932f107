#include "profile/dwarf/dwarf_lines.hh"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <utility>

#include "binary/decoder.hh"
#include "profile/dwarf/dwarf_object.hh"
#include "profile/dwarf/dwarf_reader.hh"
#include "profile/dwarf/dwarf_section_guard.hh"

namespace wasmprof::profile {
namespace {

// The sections libdwarf needs for line tables, DIEs, names and ranges; location lists and
// frame info are never read, so they are not copied.
constexpr std::array<std::string_view, 10> kDebugSections = {
    ".debug_info", ".debug_abbrev", ".debug_line",     ".debug_line_str", ".debug_str",
    ".debug_str_offsets", ".debug_ranges", ".debug_rnglists", ".debug_addr",  ".debug_aranges",
};

bool has_lines_or_units(const std::vector<DwarfSection>& sections) {
  return std::any_of(sections.begin(), sections.end(), [](const DwarfSection& section) {
    return section.name == ".debug_info" || section.name == ".debug_line";
  });
}

}  // namespace

Result<DwarfLines> DwarfLines::build(std::span<const uint8_t> module_bytes) {
  auto module = decode_module(module_bytes);
  if (!module) return module.error();
  return build(*module);
}

Result<DwarfLines> DwarfLines::build(const DecodedModule& module) {
  DwarfCodeLayout code{.code_section_offset = module.code_section_offset};
  for (const FunctionBody& body : module.bodies) {
    code.function_starts.push_back(body.entry.offset - module.code_section_offset);
    code.code_size = body.entry.end() - module.code_section_offset;
  }
  std::vector<DwarfSection> sections;
  std::vector<std::string> warnings;
  for (std::string_view name : kDebugSections) {
    const CustomSection* custom = module.find_custom(name);
    if (custom == nullptr || custom->payload.size == 0) continue;
    std::span<const uint8_t> bytes = module.span(custom->payload);
    sections.push_back({std::string(name), std::vector<uint8_t>(bytes.begin(), bytes.end())});
    auto copies = std::count_if(module.customs.begin(), module.customs.end(),
                                [&](const CustomSection& other) { return other.name == name; });
    if (copies > 1) warnings.push_back("DWARF: " + std::string(name) + " appears more than once, the first is used");
  }
  return build_from(std::move(sections), std::move(code), std::move(warnings));
}

Result<DwarfLines> DwarfLines::build(const Module& module) {
  DwarfCodeLayout code{.code_section_offset = module.code_section_offset()};
  for (uint32_t index = module.imported_function_count(); index < module.function_count(); ++index) {
    std::optional<FunctionLocation> location = module.function_location(index);
    if (!location) continue;
    code.function_starts.push_back(location->body_offset - code.code_section_offset);
    code.code_size = location->body_offset + location->body_size - code.code_section_offset;
  }
  std::vector<DwarfSection> sections;
  std::vector<std::string> warnings;
  for (std::string_view name : kDebugSections) {
    std::vector<std::span<const uint8_t>> customs = module.custom_sections(name);
    if (customs.empty() || customs.front().empty()) continue;
    sections.push_back({std::string(name), std::vector<uint8_t>(customs.front().begin(), customs.front().end())});
    if (customs.size() > 1) warnings.push_back("DWARF: " + std::string(name) + " appears more than once, the first is used");
  }
  return build_from(std::move(sections), std::move(code), std::move(warnings));
}

Result<DwarfLines> DwarfLines::build_from(std::vector<DwarfSection> sections, DwarfCodeLayout code,
                                          std::vector<std::string> warnings) {
  DwarfLines lines;
  lines.code_section_offset_ = code.code_section_offset;
  lines.warnings_ = std::move(warnings);
  if (!has_lines_or_units(sections)) return lines;
  bool has_units = std::any_of(sections.begin(), sections.end(),
                               [](const DwarfSection& section) { return section.name == ".debug_info"; });
  if (!has_units) {
    // libdwarf finds line tables only through the units' DW_AT_stmt_list.
    lines.has_debug_info_ = true;
    lines.warnings_.push_back("DWARF: .debug_line without .debug_info (partly stripped?): no lines can be read");
    return lines;
  }
  for (auto section = sections.begin(); section != sections.end(); ++section) {
    if (section->name != ".debug_rnglists") continue;
    if (auto problem = check_rnglists_headers(section->bytes)) {
      lines.warnings_.push_back("DWARF: .debug_rnglists ignored, " + *problem);
      sections.erase(section);
      break;
    }
  }
  auto tables = read_dwarf_tables(std::move(sections));
  if (!tables) return tables.error();
  lines.has_debug_info_ = true;
  for (std::string& warning : tables->warnings) lines.warnings_.push_back(std::move(warning));
  DwarfCodeCheck check = check_dwarf_matches_code(*tables, code);
  for (std::string& warning : check.warnings) lines.warnings_.push_back(std::move(warning));
  lines.describes_code_ = check.describes_code;
  lines.index(std::move(*tables), check, code.code_size);
  return lines;
}

void DwarfLines::index(DwarfTables tables, const DwarfCodeCheck& check, uint32_t code_size) {
  // Line rows of the sequences that describe the code, by address. At one address an end of
  // sequence sorts before the rows that start the next sequence there, so lookups see the new
  // sequence.
  for (size_t i = 0; i < tables.lines.size(); ++i) {
    const DwarfLineRow& row = tables.lines[i];
    if (!check.row_usable[i] || row.address > UINT32_MAX) continue;
    lines_.push_back({uint32_t(row.address), row.file, row.line, row.column, row.end_sequence});
  }
  std::stable_sort(lines_.begin(), lines_.end(), [](const LineEntry& a, const LineEntry& b) {
    if (a.address != b.address) return a.address < b.address;
    return a.end_sequence && !b.end_sequence;
  });

  // Scope ranges become disjoint spans, each naming the innermost (deepest) scope over it: a
  // sweep over range boundaries with the open ranges ordered by depth.
  struct Boundary {
    uint64_t address;
    bool opens;
    uint32_t scope;
  };
  std::vector<Boundary> boundaries;
  for (const DwarfRange& range : tables.ranges) {
    if (!check.scope_usable[range.scope] || is_dead_code_address(range.low) || range.high > uint64_t(UINT32_MAX) + 1) continue;
    boundaries.push_back({range.low, true, range.scope});
    boundaries.push_back({range.high, false, range.scope});
  }
  std::sort(boundaries.begin(), boundaries.end(), [](const Boundary& a, const Boundary& b) {
    return a.address < b.address;
  });
  std::multiset<std::pair<uint32_t, uint32_t>> open;  // (depth, scope)
  for (size_t i = 0; i < boundaries.size();) {
    uint64_t address = boundaries[i].address;
    for (; i < boundaries.size() && boundaries[i].address == address; ++i) {
      std::pair<uint32_t, uint32_t> key{tables.scopes[boundaries[i].scope].depth, boundaries[i].scope};
      if (boundaries[i].opens) {
        open.insert(key);
      } else if (auto it = open.find(key); it != open.end()) {
        open.erase(it);
      }
    }
    int32_t innermost = open.empty() ? -1 : int32_t(open.rbegin()->second);
    if (address > UINT32_MAX) break;
    if (spans_.empty() || spans_.back().scope != innermost) spans_.push_back({uint32_t(address), innermost});
  }

  std::vector<uint32_t> addresses;
  addresses.reserve(lines_.size());
  for (const LineEntry& entry : lines_) addresses.push_back(entry.address);
  line_addresses_ = DwarfAddressIndex(std::move(addresses), code_size);
  addresses.clear();
  for (const ScopeSpan& span : spans_) addresses.push_back(span.start);
  span_starts_ = DwarfAddressIndex(std::move(addresses), code_size);

  tables.lines = {};
  tables.ranges = {};
  tables_ = std::move(tables);
}

const DwarfLines::LineEntry* DwarfLines::line_at(uint32_t address) const {
  size_t after = line_addresses_.upper_bound(address);
  if (after == 0) return nullptr;
  const LineEntry& entry = lines_[after - 1];
  return entry.end_sequence ? nullptr : &entry;
}

int32_t DwarfLines::scope_at(uint32_t address) const {
  size_t after = span_starts_.upper_bound(address);
  if (after == 0) return -1;
  return spans_[after - 1].scope;
}

std::vector<SourceLocation> DwarfLines::lookup(uint32_t module_offset) const {
  std::vector<SourceLocation> frames;
  if (module_offset < code_section_offset_) return frames;
  uint32_t address = module_offset - code_section_offset_;
  const LineEntry* line = line_at(address);
  int32_t scope = scope_at(address);
  if (line == nullptr && scope < 0) return frames;

  SourceLocation innermost;
  if (scope >= 0) {
    const DwarfScope& function = tables_.scopes[size_t(scope)];
    innermost.function = tables_.strings.at(function.name);
    innermost.definition_file = tables_.strings.at(function.declaration_file);
    innermost.definition_line = function.declaration_line;
  }
  if (line != nullptr) {
    innermost.file = tables_.strings.at(line->file);
    innermost.line = line->line;
    innermost.column = line->column;
  }
  frames.push_back(std::move(innermost));
  // Each inlined scope says where its parent called it; parents precede children in the
  // vector, so the walk ends.
  while (scope >= 0 && tables_.scopes[size_t(scope)].parent >= 0) {
    const DwarfScope& inlined = tables_.scopes[size_t(scope)];
    scope = inlined.parent;
    const DwarfScope& caller = tables_.scopes[size_t(scope)];
    frames.push_back({.function = tables_.strings.at(caller.name),
                      .file = tables_.strings.at(inlined.call_file),
                      .line = inlined.call_line,
                      .column = inlined.call_column,
                      .definition_file = tables_.strings.at(caller.declaration_file),
                      .definition_line = caller.declaration_line});
  }
  return frames;
}

}  // namespace wasmprof::profile
