// The standard header (wasm.h) and the bridge (wasmprof_wasm.h) compiled as C++17, included after
// wasmprof.h (the C test includes them in the other order): a C++ embedder can use both APIs.
#include "wasmprof.h"
#include "wasm.h"
#include "wasmprof_wasm.h"

#include <cstdio>

int main() {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, 8, "\0asm\1\0\0\0");
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_f64());
  const bool ok = module != nullptr && wasmprof_wasm_module(module) != nullptr &&
                  wasmprof_wasm_store(store) != nullptr && wasm_functype_params(type)->size == 1;
  wasm_functype_delete(type);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  std::puts(ok ? "wasm_header_cxx_test: ok" : "wasm_header_cxx_test: FAILED");
  return ok ? 0 : 1;
}
