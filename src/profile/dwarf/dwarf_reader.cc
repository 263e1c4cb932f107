#include "profile/dwarf/dwarf_reader.hh"

#include <libdwarf/dwarf.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "profile/symbols/demangle.hh"

namespace wasmprof::profile {
namespace {

// Past this many, further problems are counted, not listed: a corrupt section can fail the
// same way for every DIE.
constexpr size_t kMaxListedWarnings = 20;
// Deeper DIE trees than this are not produced by compilers; hostile input must not exhaust
// the stack through the recursive walk.
constexpr unsigned kMaxDieDepth = 256;
// Bounds the chain abstract_origin -> specification -> ... when naming a scope.
constexpr unsigned kMaxNameHops = 4;

using AddressRanges = std::vector<std::pair<uint64_t, uint64_t>>;

class TableReader {
 public:
  TableReader(Dwarf_Debug debug, DwarfTables& out) : debug_(debug), out_(out) {}

  void read_units();
  void finish_warnings();

 private:
  struct Unit {
    Dwarf_Half version = 0;
    uint64_t base_address = 0;
    std::vector<uint32_t> files;  // DwarfStrings ids, in the line table's file order
  };

  void warn(std::string message);
  void warn_error(const std::string& context, Dwarf_Error error) {
    warn(context + ": " + take_dwarf_error(debug_, error));
  }

  void read_unit(Dwarf_Die unit_die);
  void read_files(Dwarf_Die unit_die);
  void read_lines(Dwarf_Die unit_die);
  void walk_children(Dwarf_Die parent, int32_t enclosing, unsigned depth);
  void visit(Dwarf_Die die, int32_t enclosing, unsigned depth);
  void add_scope(Dwarf_Die die, Dwarf_Half tag, int32_t enclosing, unsigned depth);

  AddressRanges ranges_of(Dwarf_Die die);
  void read_range_list(Dwarf_Die die, Dwarf_Attribute attribute, AddressRanges& out);
  void read_rnglist(Dwarf_Attribute attribute, Dwarf_Half form, AddressRanges& out);
  struct Identity {
    uint32_t name = 0;
    uint32_t declaration_file = 0;
    uint32_t declaration_line = 0;
  };
  uint32_t own_name(Dwarf_Die die);
  Identity identity_of(Dwarf_Die die, unsigned hops);
  std::optional<uint64_t> unsigned_attribute(Dwarf_Die die, Dwarf_Half attribute);
  std::optional<uint64_t> reference_attribute(Dwarf_Die die, Dwarf_Half attribute);
  uint32_t file_of(uint64_t file_number) const;

  Dwarf_Debug debug_;
  DwarfTables& out_;
  Unit unit_;
  size_t unlisted_warnings_ = 0;
  bool depth_warned_ = false;
  std::unordered_map<uint64_t, Identity> identities_by_offset_;
};

void TableReader::warn(std::string message) {
  if (out_.warnings.size() < kMaxListedWarnings) {
    out_.warnings.push_back("DWARF: " + std::move(message));
  } else {
    ++unlisted_warnings_;
  }
}

void TableReader::finish_warnings() {
  if (unlisted_warnings_ > 0) {
    out_.warnings.push_back("DWARF: " + std::to_string(unlisted_warnings_) + " more problems not listed");
  }
}

void TableReader::read_units() {
  for (;;) {
    Dwarf_Unsigned header_length = 0, type_offset = 0, next_offset = 0;
    Dwarf_Half version = 0, address_size = 0, length_size = 0, extension_size = 0, unit_type = 0;
    Dwarf_Off abbrev_offset = 0;
    Dwarf_Sig8 signature{};
    Dwarf_Error error = nullptr;
    int status = dwarf_next_cu_header_d(debug_, true, &header_length, &version, &abbrev_offset,
                                        &address_size, &length_size, &extension_size, &signature,
                                        &type_offset, &next_offset, &unit_type, &error);
    if (status == DW_DLV_NO_ENTRY) return;
    if (status == DW_DLV_ERROR) {
      // libdwarf cannot find the next header once one is unreadable: the rest is lost.
      warn_error("unreadable compilation unit header, the units after it are skipped", error);
      return;
    }
    Dwarf_Die unit_die = nullptr;
    status = dwarf_siblingof_b(debug_, nullptr, true, &unit_die, &error);
    if (status == DW_DLV_ERROR) {
      warn_error("unreadable compilation unit DIE", error);
      continue;
    }
    if (status == DW_DLV_NO_ENTRY) continue;
    unit_ = Unit{.version = version};
    read_unit(unit_die);
    dwarf_dealloc_die(unit_die);
  }
}

void TableReader::read_unit(Dwarf_Die unit_die) {
  Dwarf_Addr low = 0;
  Dwarf_Error error = nullptr;
  int status = dwarf_lowpc(unit_die, &low, &error);
  if (status == DW_DLV_OK) unit_.base_address = low;
  if (status == DW_DLV_ERROR) warn_error("compilation unit low_pc", error);
  read_files(unit_die);
  read_lines(unit_die);
  walk_children(unit_die, -1, 1);
}

void TableReader::read_files(Dwarf_Die unit_die) {
  char** files = nullptr;
  Dwarf_Signed count = 0;
  Dwarf_Error error = nullptr;
  int status = dwarf_srcfiles(unit_die, &files, &count, &error);
  if (status == DW_DLV_ERROR) warn_error("line table file names", error);
  if (status != DW_DLV_OK) return;
  for (Dwarf_Signed i = 0; i < count; ++i) {
    unit_.files.push_back(out_.strings.intern(files[i] != nullptr ? files[i] : ""));
    dwarf_dealloc(debug_, files[i], DW_DLA_STRING);
  }
  dwarf_dealloc(debug_, files, DW_DLA_LIST);
}

// DWARF 5 numbers a line table's files from 0, earlier versions from 1 (0 meaning none).
uint32_t TableReader::file_of(uint64_t file_number) const {
  uint64_t index = file_number;
  if (unit_.version < 5) {
    if (file_number == 0) return 0;
    index = file_number - 1;
  }
  return index < unit_.files.size() ? unit_.files[index] : 0;
}

void TableReader::read_lines(Dwarf_Die unit_die) {
  Dwarf_Unsigned version = 0;
  Dwarf_Small table_count = 0;
  Dwarf_Line_Context context = nullptr;
  Dwarf_Error error = nullptr;
  int status = dwarf_srclines_b(unit_die, &version, &table_count, &context, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable line table", error);
  if (status != DW_DLV_OK) return;
  Dwarf_Line* lines = nullptr;
  Dwarf_Signed count = 0;
  status = dwarf_srclines_from_linecontext(context, &lines, &count, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable line table rows", error);
  if (status == DW_DLV_OK) {
    out_.lines.reserve(out_.lines.size() + size_t(count));
    for (Dwarf_Signed i = 0; i < count; ++i) {
      Dwarf_Addr address = 0;
      Dwarf_Unsigned line = 0, column = 0, file = 0;
      Dwarf_Bool end_sequence = false;
      if (dwarf_lineaddr(lines[i], &address, &error) != DW_DLV_OK ||
          dwarf_lineno(lines[i], &line, &error) != DW_DLV_OK ||
          dwarf_lineoff_b(lines[i], &column, &error) != DW_DLV_OK ||
          dwarf_line_srcfileno(lines[i], &file, &error) != DW_DLV_OK ||
          dwarf_lineendsequence(lines[i], &end_sequence, &error) != DW_DLV_OK) {
        warn_error("unreadable line table row", error);
        continue;
      }
      out_.lines.push_back({.address = address,
                            .file = file_of(file),
                            .line = uint32_t(std::min<Dwarf_Unsigned>(line, UINT32_MAX)),
                            .column = uint32_t(std::min<Dwarf_Unsigned>(column, UINT32_MAX)),
                            .end_sequence = end_sequence != 0});
    }
  }
  dwarf_srclines_dealloc_b(context);
}

void TableReader::walk_children(Dwarf_Die parent, int32_t enclosing, unsigned depth) {
  if (depth > kMaxDieDepth) {
    if (!depth_warned_) warn("DIE tree deeper than " + std::to_string(kMaxDieDepth) + ", the rest is skipped");
    depth_warned_ = true;
    return;
  }
  Dwarf_Die child = nullptr;
  Dwarf_Error error = nullptr;
  int status = dwarf_child(parent, &child, &error);
  while (status == DW_DLV_OK) {
    visit(child, enclosing, depth);
    Dwarf_Die next = nullptr;
    status = dwarf_siblingof_b(debug_, child, true, &next, &error);
    dwarf_dealloc_die(child);
    child = next;
  }
  if (status == DW_DLV_ERROR) warn_error("unreadable DIE", error);
}

void TableReader::visit(Dwarf_Die die, int32_t enclosing, unsigned depth) {
  Dwarf_Half tag = 0;
  Dwarf_Error error = nullptr;
  if (dwarf_tag(die, &tag, &error) != DW_DLV_OK) {
    warn_error("DIE without a tag", error);
    return;
  }
  switch (tag) {
    case DW_TAG_subprogram:
    case DW_TAG_inlined_subroutine:
      add_scope(die, tag, enclosing, depth);
      return;
    // Scopes that may hold code-bearing DIEs. Types are skipped: in-class member functions are
    // declarations there, their definitions sit at namespace level.
    case DW_TAG_lexical_block:
    case DW_TAG_namespace:
    case DW_TAG_try_block:
    case DW_TAG_catch_block:
    case DW_TAG_module:
      walk_children(die, enclosing, depth + 1);
      return;
    default:
      return;
  }
}

void TableReader::add_scope(Dwarf_Die die, Dwarf_Half tag, int32_t enclosing, unsigned depth) {
  AddressRanges ranges = ranges_of(die);
  // Declarations and abstract instances of inlined functions have no code of their own.
  if (ranges.empty()) return;
  if (tag == DW_TAG_inlined_subroutine && enclosing < 0) {
    warn("an inlined subroutine outside any subprogram is taken as a function");
  }
  Identity identity = identity_of(die, 0);
  DwarfScope scope{.name = identity.name,
                   .parent = enclosing,
                   .declaration_file = identity.declaration_file,
                   .declaration_line = identity.declaration_line};
  if (enclosing >= 0) scope.depth = out_.scopes[size_t(enclosing)].depth + 1;
  if (tag == DW_TAG_inlined_subroutine) {
    scope.call_file = file_of(unsigned_attribute(die, DW_AT_call_file).value_or(0));
    scope.call_line = uint32_t(std::min<uint64_t>(unsigned_attribute(die, DW_AT_call_line).value_or(0), UINT32_MAX));
    scope.call_column = uint32_t(std::min<uint64_t>(unsigned_attribute(die, DW_AT_call_column).value_or(0), UINT32_MAX));
  }
  auto index = uint32_t(out_.scopes.size());
  out_.scopes.push_back(scope);
  for (auto [low, high] : ranges) out_.ranges.push_back({.low = low, .high = high, .scope = index});
  walk_children(die, int32_t(index), depth + 1);
}

AddressRanges TableReader::ranges_of(Dwarf_Die die) {
  AddressRanges ranges;
  Dwarf_Error error = nullptr;
  Dwarf_Addr low = 0;
  int status = dwarf_lowpc(die, &low, &error);
  if (status == DW_DLV_ERROR) {
    warn_error("unreadable low_pc", error);
  } else if (status == DW_DLV_OK) {
    Dwarf_Addr high = 0;
    Dwarf_Half form = 0;
    Dwarf_Form_Class form_class = DW_FORM_CLASS_UNKNOWN;
    status = dwarf_highpc_b(die, &high, &form, &form_class, &error);
    if (status == DW_DLV_ERROR) warn_error("unreadable high_pc", error);
    if (status != DW_DLV_OK) return ranges;
    // DWARF 4 and later may give high_pc as a length from low_pc.
    if (form_class == DW_FORM_CLASS_CONSTANT) high += low;
    if (high > low) ranges.emplace_back(low, high);
    return ranges;
  }
  Dwarf_Attribute attribute = nullptr;
  status = dwarf_attr(die, DW_AT_ranges, &attribute, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable ranges attribute", error);
  if (status != DW_DLV_OK) return ranges;
  read_range_list(die, attribute, ranges);
  dwarf_dealloc_attribute(attribute);
  return ranges;
}

void TableReader::read_range_list(Dwarf_Die die, Dwarf_Attribute attribute, AddressRanges& out) {
  Dwarf_Half form = 0;
  Dwarf_Error error = nullptr;
  if (dwarf_whatform(attribute, &form, &error) != DW_DLV_OK) {
    warn_error("unreadable ranges form", error);
    return;
  }
  if (form == DW_FORM_rnglistx || (unit_.version >= 5 && form == DW_FORM_sec_offset)) {
    read_rnglist(attribute, form, out);
    return;
  }
  Dwarf_Off offset = 0;
  if (dwarf_global_formref(attribute, &offset, &error) != DW_DLV_OK) {
    warn_error("unreadable .debug_ranges offset", error);
    return;
  }
  Dwarf_Ranges* entries = nullptr;
  Dwarf_Signed count = 0;
  Dwarf_Unsigned byte_count = 0;
  Dwarf_Off real_offset = 0;
  int status = dwarf_get_ranges_b(debug_, offset, die, &real_offset, &entries, &count, &byte_count, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable .debug_ranges list", error);
  if (status != DW_DLV_OK) return;
  // Entries are relative to the unit's base address until a base address selection changes it.
  uint64_t base = unit_.base_address;
  for (Dwarf_Signed i = 0; i < count; ++i) {
    const Dwarf_Ranges& entry = entries[i];
    if (entry.dwr_type == DW_RANGES_END) break;
    if (entry.dwr_type == DW_RANGES_ADDRESS_SELECTION) {
      base = entry.dwr_addr2;
    } else if (entry.dwr_addr2 > entry.dwr_addr1) {
      out.emplace_back(base + entry.dwr_addr1, base + entry.dwr_addr2);
    }
  }
  dwarf_ranges_dealloc(debug_, entries, count);
}

void TableReader::read_rnglist(Dwarf_Attribute attribute, Dwarf_Half form, AddressRanges& out) {
  Dwarf_Error error = nullptr;
  Dwarf_Unsigned value = 0;
  int status = form == DW_FORM_rnglistx ? dwarf_formudata(attribute, &value, &error)
                                        : dwarf_global_formref(attribute, &value, &error);
  if (status != DW_DLV_OK) {
    if (status == DW_DLV_ERROR) warn_error("unreadable .debug_rnglists reference", error);
    return;
  }
  Dwarf_Rnglists_Head head = nullptr;
  Dwarf_Unsigned count = 0, global_offset = 0;
  status = dwarf_rnglists_get_rle_head(attribute, form, value, &head, &count, &global_offset, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable .debug_rnglists list", error);
  if (status != DW_DLV_OK) return;
  for (Dwarf_Unsigned i = 0; i < count; ++i) {
    unsigned entry_length = 0, kind = 0;
    Dwarf_Unsigned raw1 = 0, raw2 = 0, low = 0, high = 0;
    Dwarf_Bool address_unavailable = false;
    status = dwarf_get_rnglists_entry_fields_a(head, i, &entry_length, &kind, &raw1, &raw2,
                                                &address_unavailable, &low, &high, &error);
    if (status == DW_DLV_ERROR) {
      warn_error("unreadable .debug_rnglists entry", error);
      break;
    }
    if (status != DW_DLV_OK || kind == DW_RLE_end_of_list) break;
    // Base address entries only change how later entries are cooked: libdwarf applies them.
    if (kind == DW_RLE_base_address || kind == DW_RLE_base_addressx || address_unavailable) continue;
    if (high > low) out.emplace_back(low, high);
  }
  dwarf_dealloc_rnglists_head(head);
}

// A mangled linkage name, demangled, says which class and namespace a function is in; else the
// plain name (C linkage names such as `__main_argc_argv` for main are no better than it).
uint32_t TableReader::own_name(Dwarf_Die die) {
  Dwarf_Error error = nullptr;
  std::string unmangled_linkage;
  for (Dwarf_Half attribute : {Dwarf_Half(DW_AT_linkage_name), Dwarf_Half(DW_AT_MIPS_linkage_name)}) {
    char* text = nullptr;
    int status = dwarf_die_text(die, attribute, &text, &error);
    if (status == DW_DLV_ERROR) warn_error("unreadable linkage name", error);
    if (status != DW_DLV_OK || text == nullptr) continue;
    std::string demangled = demangle(text);
    if (demangled != text) return out_.strings.intern(demangled);
    unmangled_linkage = text;
    break;
  }
  char* name = nullptr;
  int status = dwarf_diename(die, &name, &error);
  if (status == DW_DLV_OK && name != nullptr) return out_.strings.intern(name);
  if (status == DW_DLV_ERROR) warn_error("unreadable name", error);
  return unmangled_linkage.empty() ? 0 : out_.strings.intern(unmangled_linkage);
}

// The name and declaration position a DIE has itself, completed from the DIEs it refers to
// (the abstract origin of an inlined or out-of-line instance, the declaration a definition
// specifies). A declaration's file number is read in the current unit's file table: right for
// everything but cross-unit inlining (LTO).
TableReader::Identity TableReader::identity_of(Dwarf_Die die, unsigned hops) {
  Identity identity{.name = own_name(die)};
  identity.declaration_file = file_of(unsigned_attribute(die, DW_AT_decl_file).value_or(0));
  identity.declaration_line = uint32_t(std::min<uint64_t>(unsigned_attribute(die, DW_AT_decl_line).value_or(0), UINT32_MAX));
  if (hops >= kMaxNameHops) return identity;
  for (Dwarf_Half attribute : {Dwarf_Half(DW_AT_abstract_origin), Dwarf_Half(DW_AT_specification)}) {
    if (identity.name != 0 && identity.declaration_line != 0) break;
    std::optional<uint64_t> target = reference_attribute(die, attribute);
    if (!target) continue;
    Identity origin_identity;
    if (auto cached = identities_by_offset_.find(*target); cached != identities_by_offset_.end()) {
      origin_identity = cached->second;
    } else {
      Dwarf_Die origin = nullptr;
      Dwarf_Error error = nullptr;
      int status = dwarf_offdie_b(debug_, *target, true, &origin, &error);
      if (status == DW_DLV_ERROR) warn_error("unreadable abstract origin or specification", error);
      if (status != DW_DLV_OK) continue;
      origin_identity = identity_of(origin, hops + 1);
      dwarf_dealloc_die(origin);
      identities_by_offset_.emplace(*target, origin_identity);
    }
    if (identity.name == 0) identity.name = origin_identity.name;
    if (identity.declaration_line == 0) {
      identity.declaration_file = origin_identity.declaration_file;
      identity.declaration_line = origin_identity.declaration_line;
    }
  }
  return identity;
}

std::optional<uint64_t> TableReader::unsigned_attribute(Dwarf_Die die, Dwarf_Half attribute) {
  Dwarf_Attribute value_attribute = nullptr;
  Dwarf_Error error = nullptr;
  int status = dwarf_attr(die, attribute, &value_attribute, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable attribute", error);
  if (status != DW_DLV_OK) return std::nullopt;
  Dwarf_Unsigned value = 0;
  status = dwarf_formudata(value_attribute, &value, &error);
  dwarf_dealloc_attribute(value_attribute);
  if (status == DW_DLV_ERROR) warn_error("unreadable attribute value", error);
  if (status != DW_DLV_OK) return std::nullopt;
  return value;
}

std::optional<uint64_t> TableReader::reference_attribute(Dwarf_Die die, Dwarf_Half attribute) {
  Dwarf_Attribute reference = nullptr;
  Dwarf_Error error = nullptr;
  int status = dwarf_attr(die, attribute, &reference, &error);
  if (status == DW_DLV_ERROR) warn_error("unreadable reference attribute", error);
  if (status != DW_DLV_OK) return std::nullopt;
  Dwarf_Off offset = 0;
  status = dwarf_global_formref(reference, &offset, &error);
  dwarf_dealloc_attribute(reference);
  if (status == DW_DLV_ERROR) warn_error("unreadable reference", error);
  if (status != DW_DLV_OK) return std::nullopt;
  return offset;
}

}  // namespace

Result<DwarfTables> read_dwarf_tables(std::vector<DwarfSection> sections) {
  auto object = DwarfObject::open(std::move(sections));
  if (!object) return object.error();
  DwarfTables tables;
  TableReader reader((*object)->debug(), tables);
  reader.read_units();
  reader.finish_warnings();
  return tables;
}

}  // namespace wasmprof::profile
