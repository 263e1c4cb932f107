// libFuzzer target: any byte string goes through compile_module, which decodes and validates,
// and for a valid module every function is translated into interpreter code. The translator sees only
// valid modules, so this is where its handling of odd but valid code (deep nesting,
// unreachable code, multi-value blocks, huge frames) gets exercised. Nothing may crash, leak,
// trip a sanitizer or allocate without bound.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "runtime/compiled_module.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto compiled = wasmprof::runtime::compile_module(std::span<const uint8_t>(data, size));
  // Translation is lazy (at a function's first call): translate everything here.
  wasmprof::Result<wasmprof::Ok> translated =
      compiled.ok() ? compiled.value()->code->translate_all() : wasmprof::Result<wasmprof::Ok>(compiled.error());
  if (!translated.ok()) {
    std::string message = translated.error().to_string();
    (void)message;
  }
  return 0;
}
