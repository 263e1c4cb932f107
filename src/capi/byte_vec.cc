// The wasm-c-api byte vectors, with wasm.h's semantics: vectors own their bytes, allocated
// with new[] so that delete is the only way back.
#include <cstring>

#include "wasmprof.h"

extern "C" {

void wasm_byte_vec_new_empty(wasm_byte_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}

void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t* out, size_t size) {
  out->size = size;
  out->data = size == 0 ? nullptr : new wasm_byte_t[size];
}

void wasm_byte_vec_new(wasm_byte_vec_t* out, size_t size, const wasm_byte_t data[]) {
  wasm_byte_vec_new_uninitialized(out, size);
  if (size != 0) std::memcpy(out->data, data, size);
}

void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src) {
  wasm_byte_vec_new(out, src->size, src->data);
}

void wasm_byte_vec_delete(wasm_byte_vec_t* vec) {
  if (vec == nullptr) return;
  delete[] vec->data;
  vec->data = nullptr;
  vec->size = 0;
}

}  // extern "C"
