// The public face of the text layer (wasmprof/wat.hh).
#include "wasmprof/wat.hh"

#include "text/module_parser.hh"

namespace wasmprof {

bool is_binary_module(std::span<const uint8_t> bytes) {
  return bytes.size() >= 4 && bytes[0] == 0x00 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
}

Result<std::vector<uint8_t>> wat_to_binary(std::string_view text, const WatOptions& options) {
  return text::parse_module(text, text::ParseOptions{.name_section = options.name_section});
}

TextPosition text_position(std::string_view text, size_t offset) {
  TextPosition position;
  const size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((uint8_t(text[i]) & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++position.column;
    }
  }
  return position;
}

std::string format_text_error(std::string_view file, std::string_view text, const Error& error) {
  std::string out(file);
  if (error.offset) {
    const TextPosition position = text_position(text, *error.offset);
    out += ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
  }
  return out + ": error: " + error.message;
}

}  // namespace wasmprof
