#include "profile/dwarf/dwarf_section_guard.hh"

namespace wasmprof::profile {
namespace {

uint32_t read_u32(std::span<const uint8_t> bytes, size_t at) {
  return uint32_t(bytes[at]) | uint32_t(bytes[at + 1]) << 8 | uint32_t(bytes[at + 2]) << 16 |
         uint32_t(bytes[at + 3]) << 24;
}

}  // namespace

std::optional<std::string> check_rnglists_headers(std::span<const uint8_t> section) {
  // unit_length (4), version (2), address_size (1), segment_selector_size (1),
  // offset_entry_count (4): DWARF 5 section 7.28.
  constexpr size_t kHeaderSize = 12;
  size_t offset = 0;
  while (offset < section.size()) {
    std::string where = " at offset " + std::to_string(offset);
    if (section.size() - offset < kHeaderSize) return "truncated table header" + where;
    uint32_t length = read_u32(section, offset);
    // 0xfffffff0 and above: 64-bit DWARF or reserved, neither of which wasm32 produces.
    if (length >= 0xfffffff0u) return "64-bit or reserved unit length" + where;
    if (length > section.size() - offset - 4) return "table longer than the section" + where;
    uint16_t version = uint16_t(section[offset + 4] | section[offset + 5] << 8);
    if (version != 5) return "version " + std::to_string(version) + " instead of 5" + where;
    if (section[offset + 6] != 4) return "address size " + std::to_string(section[offset + 6]) + " instead of 4" + where;
    if (length < kHeaderSize - 4) return "table shorter than its header" + where;
    // libdwarf follows the offset array (DW_FORM_rnglistx) without checking where it points.
    size_t lists_begin = offset + kHeaderSize;  // the offsets count from here
    size_t table_end = offset + 4 + size_t(length);
    uint32_t entry_count = read_u32(section, offset + 8);
    if (entry_count > (table_end - lists_begin) / 4) return "offset array longer than its table" + where;
    for (uint32_t entry = 0; entry < entry_count; ++entry) {
      uint32_t list_offset = read_u32(section, lists_begin + size_t(entry) * 4);
      if (list_offset >= table_end - lists_begin) {
        return "range list " + std::to_string(entry) + " beyond its table" + where;
      }
    }
    offset += 4 + size_t(length);
  }
  return std::nullopt;
}

}  // namespace wasmprof::profile
