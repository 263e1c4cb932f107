#include "binary/name_section.hh"

#include "binary/reader.hh"
#include "support/utf8.hh"

namespace wasmprof {
namespace {

// Names are shown to people and written into JSON, so invalid UTF-8 becomes U+FFFD here, once.
std::string sanitized(std::string_view raw, bool& had_invalid) {
  if (is_valid_utf8(raw)) return std::string(raw);
  had_invalid = true;
  return repair_utf8(raw);
}

enum class NameSubsection : uint8_t {
  Module = 0,
  Function = 1,
  Local = 2,
  Label = 3,
  Type = 4,
  Table = 5,
  Memory = 6,
  Global = 7,
  Element = 8,
  Data = 9,
  Field = 10,
  Tag = 11,
};

// A name map (spec 7.4.2.2): index and name pairs.
void read_name_map(Reader& sub, std::map<uint32_t, std::string>& names, bool& had_invalid_utf8) {
  const uint32_t count = sub.u32();
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t index = sub.u32();
    names[index] = sanitized(sub.raw_name(), had_invalid_utf8);
  }
}

// An indirect name map (spec 7.4.2.2): for each index (a function, a type), a name map.
void read_indirect_name_map(Reader& sub, std::map<uint32_t, std::map<uint32_t, std::string>>& names,
                            bool& had_invalid_utf8) {
  const uint32_t count = sub.u32();
  for (uint32_t i = 0; i < count; ++i) read_name_map(sub, names[sub.u32()], had_invalid_utf8);
}

// The map an extended subsection fills, or nothing for one that is not kept.
std::map<uint32_t, std::string>* extended_map(NameMap& names, NameSubsection id) {
  switch (id) {
    case NameSubsection::Type: return &names.types;
    case NameSubsection::Table: return &names.tables;
    case NameSubsection::Memory: return &names.memories;
    case NameSubsection::Global: return &names.globals;
    case NameSubsection::Element: return &names.elements;
    case NameSubsection::Data: return &names.data;
    case NameSubsection::Tag: return &names.tags;
    default: return nullptr;
  }
}

}  // namespace

std::string parse_name_section(const DecodedModule& module, ByteRange payload, NameMap& names) {
  bool had_invalid_utf8 = false;
  try {
    Reader reader(module.span(payload), payload.offset);
    int last_id = -1;
    while (!reader.at_end()) {
      const uint8_t id = reader.u8();
      const uint32_t size = reader.u32();
      Reader sub = reader.sub_reader(size);
      if (int(id) <= last_id) return "subsections out of order or repeated";
      last_id = id;
      switch (static_cast<NameSubsection>(id)) {
        case NameSubsection::Module:
          names.module_name = sanitized(sub.raw_name(), had_invalid_utf8);
          names.has_module_name = true;
          break;
        case NameSubsection::Function:
          read_name_map(sub, names.functions, had_invalid_utf8);
          break;
        case NameSubsection::Local: read_indirect_name_map(sub, names.locals, had_invalid_utf8); break;
        case NameSubsection::Label: read_indirect_name_map(sub, names.labels, had_invalid_utf8); break;
        case NameSubsection::Field: read_indirect_name_map(sub, names.fields, had_invalid_utf8); break;
        default:
          if (std::map<uint32_t, std::string>* map = extended_map(names, static_cast<NameSubsection>(id)))
            read_name_map(sub, *map, had_invalid_utf8);
          else
            sub.skip(sub.remaining());  // subsections of later proposals
          break;
      }
      if (!sub.at_end()) return "subsection " + std::to_string(id) + " has trailing bytes";
    }
  } catch (const WasmError& error) {
    return error.error().to_string();
  }
  return had_invalid_utf8 ? "invalid UTF-8 in names replaced by U+FFFD" : "";
}

}  // namespace wasmprof
