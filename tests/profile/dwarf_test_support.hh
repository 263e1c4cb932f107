// Helpers of the DWARF line tests and the DWARF fuzz target: reading a guest, finding the
// marked lines of its source, and re-assembling modules with other custom sections.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wasmprof::profile::dwarf_test {

std::vector<uint8_t> read_bytes(const std::filesystem::path& path);

// The 1-based line of each `MARK:<name>` comment in a source file, by name.
std::map<std::string, uint32_t> find_markers(const std::filesystem::path& source);

// `module` with a custom section appended (custom sections may go anywhere after the header).
void append_custom_section(std::vector<uint8_t>& module, std::string_view name, const std::vector<uint8_t>& payload);

// `module` without the custom sections whose name `drop` says yes to. Throws on a module whose
// section framing is broken (the inputs are the test guests).
template <class Drop>
std::vector<uint8_t> without_custom_sections(const std::vector<uint8_t>& module, Drop drop);

// `module` with the same code at other offsets: the code section's count and body sizes are
// re-encoded as five-byte LEB128s (valid, and the module runs as before), so every body moves
// and DWARF made for the original no longer matches, as after a tool rewrote the code.
std::vector<uint8_t> with_code_bodies_moved(const std::vector<uint8_t>& module);

// `module` with the DWARF 4 subprogram named `name` made `length` bytes long: its DW_AT_high_pc
// (a data4 length, as clang writes it) rewritten in place, as a tool that broke one function's
// range while the rest stayed right leaves it. Throws if there is no such subprogram.
std::vector<uint8_t> with_subprogram_length(const std::vector<uint8_t>& module, std::string_view name, uint32_t length);

// The sections of `module`: id, where the section starts (its id byte), where it ends, and the
// name of a custom section.
struct SectionSpan {
  uint8_t id;
  size_t begin;
  size_t end;
  std::string custom_name;
};
std::vector<SectionSpan> list_sections(const std::vector<uint8_t>& module);

template <class Drop>
std::vector<uint8_t> without_custom_sections(const std::vector<uint8_t>& module, Drop drop) {
  std::vector<uint8_t> out(module.begin(), module.begin() + 8);
  for (const SectionSpan& section : list_sections(module)) {
    if (section.id == 0 && drop(section.custom_name)) continue;
    out.insert(out.end(), module.begin() + long(section.begin), module.begin() + long(section.end));
  }
  return out;
}

}  // namespace wasmprof::profile::dwarf_test
