#include "profile/dwarf_test_support.hh"

#include <libdwarf/dwarf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "profile/dwarf/dwarf_object.hh"

namespace wasmprof::profile::dwarf_test {
namespace {

void append_leb128(std::vector<uint8_t>& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    out.push_back(value != 0 ? byte | 0x80 : byte);
  } while (value != 0);
}

uint32_t read_leb128(const std::vector<uint8_t>& bytes, size_t& at) {
  uint32_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.size()) throw std::runtime_error("truncated LEB128");
    uint8_t byte = bytes[at++];
    value |= uint32_t(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  throw std::runtime_error("LEB128 too long");
}

void append_padded_leb128(std::vector<uint8_t>& out, uint32_t value) {
  for (int i = 0; i < 4; ++i, value >>= 7) out.push_back(uint8_t(value & 0x7f) | 0x80);
  out.push_back(uint8_t(value & 0x7f));
}

// Where a custom section's payload starts in the module.
size_t payload_start(const std::vector<uint8_t>& module, const SectionSpan& section) {
  size_t at = section.begin + 1;
  read_leb128(module, at);                  // section size
  const uint32_t name_size = read_leb128(module, at);
  return at + name_size;
}

struct Subprogram {
  uint64_t die_offset = 0;  // in .debug_info
  uint64_t low = 0;
  uint64_t length = 0;
};

std::optional<Subprogram> find_subprogram(Dwarf_Debug debug, Dwarf_Die parent, std::string_view name) {
  Dwarf_Die child = nullptr;
  Dwarf_Error error = nullptr;
  std::optional<Subprogram> found;
  int status = dwarf_child(parent, &child, &error);
  while (status == DW_DLV_OK && !found) {
    Dwarf_Half tag = 0;
    char* die_name = nullptr;
    Dwarf_Addr low = 0, high = 0;
    Dwarf_Half form = 0;
    Dwarf_Form_Class form_class = DW_FORM_CLASS_UNKNOWN;
    Dwarf_Off offset = 0;
    if (dwarf_tag(child, &tag, &error) == DW_DLV_OK && tag == DW_TAG_subprogram &&
        dwarf_diename(child, &die_name, &error) == DW_DLV_OK && name == die_name &&
        dwarf_lowpc(child, &low, &error) == DW_DLV_OK &&
        dwarf_highpc_b(child, &high, &form, &form_class, &error) == DW_DLV_OK && form == DW_FORM_data4 &&
        dwarf_dieoffset(child, &offset, &error) == DW_DLV_OK) {
      found = Subprogram{offset, low, high};
    }
    Dwarf_Die next = nullptr;
    status = dwarf_siblingof_b(debug, child, true, &next, &error);
    dwarf_dealloc_die(child);
    child = next;
  }
  return found;
}

}  // namespace

std::vector<uint8_t> with_subprogram_length(const std::vector<uint8_t>& module, std::string_view name, uint32_t length) {
  std::vector<DwarfSection> sections;
  size_t info_start = 0;
  for (const SectionSpan& section : list_sections(module)) {
    if (section.id != 0 || !section.custom_name.starts_with(".debug_")) continue;
    const size_t start = payload_start(module, section);
    if (section.custom_name == ".debug_info") info_start = start;
    sections.push_back({section.custom_name, std::vector<uint8_t>(module.begin() + long(start), module.begin() + long(section.end))});
  }
  auto object = DwarfObject::open(std::move(sections));
  if (!object) throw std::runtime_error("libdwarf cannot open the module's DWARF");
  Dwarf_Debug debug = (*object)->debug();
  std::optional<Subprogram> found;
  for (;;) {
    Dwarf_Unsigned header_length = 0, type_offset = 0, next_offset = 0;
    Dwarf_Half version = 0, address_size = 0, length_size = 0, extension_size = 0, unit_type = 0;
    Dwarf_Off abbrev_offset = 0;
    Dwarf_Sig8 signature{};
    Dwarf_Error error = nullptr;
    if (dwarf_next_cu_header_d(debug, true, &header_length, &version, &abbrev_offset, &address_size, &length_size,
                               &extension_size, &signature, &type_offset, &next_offset, &unit_type,
                               &error) != DW_DLV_OK)
      break;
    Dwarf_Die unit = nullptr;
    if (dwarf_siblingof_b(debug, nullptr, true, &unit, &error) != DW_DLV_OK) continue;
    if (!found) found = find_subprogram(debug, unit, name);
    dwarf_dealloc_die(unit);
  }
  if (!found) throw std::runtime_error("no subprogram " + std::string(name) + " with a data4 high_pc");
  // The DIE holds low_pc (4-byte address) and high_pc (4-byte length) next to each other.
  uint8_t pattern[8];
  const auto low = uint32_t(found->low), old_length = uint32_t(found->length);
  std::memcpy(pattern, &low, 4);  // wasm and the host are little-endian
  std::memcpy(pattern + 4, &old_length, 4);
  std::vector<uint8_t> out = module;
  const size_t die = info_start + found->die_offset;
  for (size_t at = die; at + 8 <= std::min(out.size(), die + 64); ++at) {
    if (std::memcmp(&out[at], pattern, 8) != 0) continue;
    std::memcpy(&out[at + 4], &length, 4);
    return out;
  }
  throw std::runtime_error("the low_pc/high_pc of " + std::string(name) + " are not next to each other");
}

std::vector<uint8_t> with_code_bodies_moved(const std::vector<uint8_t>& module) {
  std::vector<uint8_t> out(module.begin(), module.begin() + 8);
  for (const SectionSpan& section : list_sections(module)) {
    if (section.id != 10) {
      out.insert(out.end(), module.begin() + long(section.begin), module.begin() + long(section.end));
      continue;
    }
    size_t at = section.begin + 1;
    read_leb128(module, at);  // the section size, rewritten below
    const uint32_t count = read_leb128(module, at);
    std::vector<uint8_t> payload;
    append_padded_leb128(payload, count);
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t size = read_leb128(module, at);
      if (at + size > section.end) throw std::runtime_error("function body beyond the code section");
      append_padded_leb128(payload, size);
      payload.insert(payload.end(), module.begin() + long(at), module.begin() + long(at + size));
      at += size;
    }
    out.push_back(10);
    append_padded_leb128(out, uint32_t(payload.size()));
    out.insert(out.end(), payload.begin(), payload.end());
  }
  return out;
}

std::vector<SectionSpan> list_sections(const std::vector<uint8_t>& module) {
  std::vector<SectionSpan> sections;
  size_t at = 8;
  while (at < module.size()) {
    SectionSpan section{.id = module[at], .begin = at, .end = 0, .custom_name = {}};
    ++at;
    uint32_t size = read_leb128(module, at);
    section.end = at + size;
    if (section.end > module.size()) throw std::runtime_error("section beyond the module");
    if (section.id == 0) {
      uint32_t name_size = read_leb128(module, at);
      if (at + name_size > section.end) throw std::runtime_error("custom section name beyond the section");
      section.custom_name.assign(module.begin() + long(at), module.begin() + long(at + name_size));
    }
    at = section.end;
    sections.push_back(std::move(section));
  }
  return sections;
}

std::vector<uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<std::string, uint32_t> find_markers(const std::filesystem::path& source) {
  std::ifstream in(source);
  if (!in) throw std::runtime_error("cannot read " + source.string());
  std::map<std::string, uint32_t> markers;
  std::string text;
  for (uint32_t line = 1; std::getline(in, text); ++line) {
    auto at = text.find("MARK:");
    if (at == std::string::npos) continue;
    auto end = text.find_first_of(" \t*/", at + 5);
    markers[text.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5)] = line;
  }
  return markers;
}

void append_custom_section(std::vector<uint8_t>& module, std::string_view name, const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> content;
  append_leb128(content, uint32_t(name.size()));
  content.insert(content.end(), name.begin(), name.end());
  content.insert(content.end(), payload.begin(), payload.end());
  module.push_back(0);  // custom section id
  append_leb128(module, uint32_t(content.size()));
  module.insert(module.end(), content.begin(), content.end());
}

}  // namespace wasmprof::profile::dwarf_test
