#include "cli/module_file.hh"

#include <span>

#include "support/read_file.hh"
#include "support/utf8.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::cli {

std::optional<std::vector<uint8_t>> read_module_file(const std::string& path, std::ostream& err) {
  Result<std::string> contents = read_file(path);
  if (!contents) {
    err << "wasmprof: error: " << contents.error().message << "\n";  // the message names the file
    return std::nullopt;
  }
  const std::string& text = contents.value();
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  // Text is UTF-8 without NUL bytes; anything else (a truncated or foreign binary) goes to the
  // decoder, which says what is wrong with it as a binary ("magic header not detected"). So does
  // an empty file: as text it would be an empty module, but it is far more likely a file that
  // was never written (or a FIFO nobody writes to), which must be an error.
  if (text.empty() || is_binary_module(bytes) || text.find('\0') != std::string::npos || !is_valid_utf8(text))
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
  Result<std::vector<uint8_t>> binary = wat_to_binary(text);
  if (!binary) {
    err << "wasmprof: " << format_text_error(path, text, binary.error()) << "\n";
    return std::nullopt;
  }
  return std::move(binary).value();
}

}  // namespace wasmprof::cli
