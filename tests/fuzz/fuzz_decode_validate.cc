// libFuzzer target: any byte string goes through decode_module and, if it decodes, through
// validate_module. Either may reject the input, but nothing may crash, leak, hang, trip a
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
    return 0;
  }
  auto valid = wasmprof::validate_module(module.value());
  if (!valid.ok()) {
    std::string message = valid.error().to_string();
    (void)message;
  }
  return 0;
}
