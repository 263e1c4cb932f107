// libFuzzer target: any byte string as a module's text through wat_to_binary, and what it gives
// through decode_module and validate_module; and the same bytes as a WAST script (read_wast).
// Each may reject the input, but nothing may crash, leak, hang, trip a sanitizer or allocate
// without bound; errors are rendered as the CLI prints them, since that reads the offset the
// failing code filled in.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "binary/decoder.hh"
#include "text/wast.hh"
#include "valid/validator.hh"
#include "wasmprof/wat.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)wasmprof::text::read_wast(text);  // the same bytes as a WAST script
  auto binary = wasmprof::wat_to_binary(text);
  if (!binary.ok()) {
    std::string message = wasmprof::format_text_error("fuzz.wat", text, binary.error());
    (void)message;
    return 0;
  }
  auto module = wasmprof::decode_module(binary.value());
  if (!module.ok()) return 0;
  auto valid = wasmprof::validate_module(module.value());
  (void)valid;
  return 0;
}
