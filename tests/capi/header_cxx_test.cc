// The C header compiled as C++ (extern "C", no C-only constructs): a C++ embedder can use it.
#include "wasmprof.h"

#include <cstdio>
#include <string>

int main() {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  const uint8_t empty_module[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  wasmprof_module_t* module = nullptr;
  if (wasmprof_error_t* error = wasmprof_module_new(engine, empty_module, sizeof empty_module, &module)) {
    wasm_name_t message;
    wasmprof_error_message(error, &message);
    std::fprintf(stderr, "unexpected error: %s\n", std::string(message.data, message.size).c_str());
    return 1;
  }
  wasm_name_t name;
  wasm_name_new_from_string(&name, "c++");
  const bool ok = module != nullptr && name.size == 3;
  wasm_name_delete(&name);
  wasmprof_module_delete(module);
  wasmprof_engine_delete(engine);
  std::puts(ok ? "header_cxx_test: ok" : "header_cxx_test: FAILED");
  return ok ? 0 : 1;
}
