#include "profile/dwarf_test_support.hh"

#include <fstream>
#include <iterator>
#include <stdexcept>

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

}  // namespace

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
