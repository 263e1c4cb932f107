// libFuzzer target: any byte string goes through decode_module (2.0's, and where that fails 3.0's,
// DecodeOptions::wasm3) and, if it decodes, through validate_module. Either may reject the input, but nothing may crash, leak, hang, trip a
// sanitizer or allocate without bound. Error messages are rendered too, since they read the
// offsets and indices the failing code filled in.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "binary/decoder.hh"
#include "valid/validator.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = wasmprof::decode_module(std::span<const uint8_t>(data, size));
  if (!module.ok()) {
    std::string message = module.error().to_string();
    (void)message;
    // What 2.0 rejects, 3.0's decoding may read (the printer's); the validator refuses what it
    // reads of 3.0, and must do so without crashing either.
    auto wasm3 = wasmprof::decode_module(std::span<const uint8_t>(data, size), wasmprof::DecodeOptions{.wasm3 = true});
    if (wasm3.ok()) {
      auto valid = wasmprof::validate_module(wasm3.value());
      message = valid.ok() ? std::string() : valid.error().to_string();
    } else {
      message = wasm3.error().to_string();
    }
    return 0;
  }
  auto valid = wasmprof::validate_module(module.value());
  if (!valid.ok()) {
    std::string message = valid.error().to_string();
    (void)message;
  }
  return 0;
}
