#include "binary_features.hh"

#include <optional>

namespace wasmprof::spectest {
namespace {


class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool done() const { return pos_ >= bytes_.size(); }
  size_t position() const { return pos_; }
  void seek(size_t position) { pos_ = position; }

  std::optional<uint8_t> byte() {
    if (done()) return std::nullopt;
    return bytes_[pos_++];
  }
  std::optional<uint64_t> leb() {
    uint64_t value = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
      std::optional<uint8_t> next = byte();
      if (!next) return std::nullopt;
      value |= uint64_t(*next & 0x7F) << (shift < 64 ? shift : 63);
      if (!(*next & 0x80)) return value;
    }
    return std::nullopt;
  }
  std::optional<std::string> name() {
    std::optional<uint64_t> size = leb();
    if (!size || *size > bytes_.size() - pos_) return std::nullopt;
    std::string text(bytes_.begin() + long(pos_), bytes_.begin() + long(pos_ + *size));
    pos_ += *size;
    return text;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

// A value or reference type: 0x63 / 0x64 with a heap type are 3.0's, as are the GC types' bytes.
bool read_value_type(Reader& in, Features& features) {
  std::optional<uint8_t> code = in.byte();
  if (!code) return false;
  if (*code == 0x63 || *code == 0x64) {
    features.add(Feature::FunctionReferences);
    return in.leb().has_value();
  }
  if (*code == 0x69 || *code == 0x74) features.add(Feature::Exceptions);
  else if (*code >= 0x6A && *code <= 0x73 && *code != 0x6F && *code != 0x70) features.add(Feature::Gc);
  return true;
}

bool read_limits(Reader& in, Features& features) {
  std::optional<uint8_t> flags = in.byte();
  if (!flags) return false;
  if (*flags & 4) features.add(Feature::Memory64);
  if (!in.leb()) return false;
  return !(*flags & 1) || in.leb().has_value();
}

bool read_table_type(Reader& in, Features& features) { return read_value_type(in, features) && read_limits(in, features); }

}  // namespace

BinaryOutline outline_binary(std::span<const uint8_t> bytes) {
  BinaryOutline outline;
  Features& features = outline.features;
  Reader in(bytes);
  in.seek(8);  // magic and version
  uint64_t memories = 0;
  while (!in.done()) {
    const std::optional<uint8_t> id = in.byte();
    const std::optional<uint64_t> size = in.leb();
    if (!id || !size || *size > bytes.size() - in.position()) break;
    const size_t end = in.position() + *size;
    Reader section(bytes.subspan(in.position(), *size));
    if (*id == 13) features.add(Feature::Exceptions);
    if (*id == 1) {  // types: rec, sub, struct and array are GC's
      const std::optional<uint64_t> count = section.leb();
      for (uint64_t i = 0; count && i < *count; ++i) {
        const std::optional<uint8_t> form = section.byte();
        if (!form) break;
        if (*form != 0x60) {
          features.add(Feature::Gc);
          break;
        }
        bool ok = true;
        for (int list = 0; list < 2 && ok; ++list) {
          const std::optional<uint64_t> types = section.leb();
          ok = types.has_value();
          for (uint64_t t = 0; ok && t < *types; ++t) ok = read_value_type(section, features);
        }
        if (!ok) break;
      }
    } else if (*id == 2) {  // imports
      const std::optional<uint64_t> count = section.leb();
      for (uint64_t i = 0; count && i < *count; ++i) {
        std::optional<std::string> module = section.name();
        if (!module || !section.name()) break;
        outline.imported_modules.push_back(std::move(*module));
        const std::optional<uint8_t> kind = section.byte();
        bool ok = kind.has_value();
        if (ok && *kind == 0) ok = section.leb().has_value();
        else if (ok && *kind == 1) ok = read_table_type(section, features);
        else if (ok && *kind == 2) ok = read_limits(section, features), ++memories;
        else if (ok && *kind == 3) ok = read_value_type(section, features) && section.byte().has_value();
        else if (ok && *kind == 4) features.add(Feature::Exceptions), ok = section.byte() && section.leb();
        if (!ok) break;
      }
    } else if (*id == 4) {  // tables: 0x40 0x00 starts one with an initial value
      const std::optional<uint64_t> count = section.leb();
      for (uint64_t i = 0; count && i < *count; ++i) {
        const size_t at = section.position();
        if (section.byte() == uint8_t(0x40)) {
          features.add(Feature::FunctionReferences);
          break;
        }
        section.seek(at);
        if (!read_table_type(section, features)) break;
      }
    } else if (*id == 5) {  // memories
      const std::optional<uint64_t> count = section.leb();
      for (uint64_t i = 0; count && i < *count; ++i, ++memories)
        if (!read_limits(section, features)) break;
    }
    in.seek(end);
  }
  if (memories > 1) features.add(Feature::MultiMemory);
  return outline;
}

}  // namespace wasmprof::spectest
