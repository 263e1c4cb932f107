// libFuzzer target: any byte string goes through compile_module, which decodes, validates and,
// for a valid module, translates every function into interpreter code. The translator sees only
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
  if (!compiled.ok()) {
    std::string message = compiled.error().to_string();
    (void)message;
  }
  return 0;
}
