/* Modules and errors: malformed and invalid bytes, error messages with context, bad input,
 * link errors, and the wasm-c-api byte vectors. */
#include "capi_test.h"

static void malformed_bytes_are_an_error_with_offset(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
  wasmprof_module_t* module = NULL;
  wasmprof_error_t* error = wasmprof_module_new(engine, bad_version, sizeof bad_version, &module);
  CHECK(error != NULL);
  CHECK(module == NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_MALFORMED);
  size_t offset = 0;
  CHECK(wasmprof_error_offset(error, &offset));
  CHECK(offset == 4);
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  CHECK(message.size > 0);
  CHECK(name_contains(&message, "malformed module: "));
  wasm_byte_vec_delete(&message);
  wasmprof_error_delete(error);

  error = wasmprof_module_validate(engine, bad_version, 4);  /* truncated before the version */
  CHECK(error != NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_MALFORMED);
  wasmprof_error_delete(error);
  wasmprof_engine_delete(engine);
}

static void invalid_code_is_an_invalid_module(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  /* (func (result i32) f64.const 0): a type mismatch in function 0. */
  const uint8_t wasm[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                          0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,
                          0x03, 0x02, 0x01, 0x00,
                          0x0A, 0x0D, 0x01, 0x0B, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B};
  wasmprof_error_t* error = wasmprof_module_validate(engine, wasm, sizeof wasm);
  CHECK(error != NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_INVALID);
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  CHECK(name_contains(&message, "code section"));
  wasm_byte_vec_delete(&message);
  wasmprof_error_delete(error);
  wasmprof_engine_delete(engine);
}

static void bad_input_is_an_error_not_a_crash(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_module_t* module = NULL;
  wasmprof_error_t* error = wasmprof_module_new(NULL, NULL, 0, &module);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  error = wasmprof_module_new(engine, NULL, 8, &module);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  error = wasmprof_module_new(engine, NULL, 0, &module);  /* no bytes: not even a header */
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_MALFORMED);
  wasmprof_error_delete(error);
  CHECK(module == NULL);
  CHECK(wasmprof_functype_new_from_kinds((const wasmprof_valkind_t[]){99}, 1, NULL, 0) == NULL);
  CHECK(wasmprof_valtype_new(42) == NULL);
  wasmprof_engine_delete(engine);
}

static void a_missing_import_is_a_link_error_naming_it(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  wasmprof_module_t* module = load_test_module(engine, "calls");
  const wasmprof_valkind_t two_i32[] = {WASMPROF_I32, WASMPROF_I32};
  define(linker, "env", "host_add", two_i32, 2, two_i32, 1, add_callback, NULL, NULL);
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  wasmprof_error_t* error = wasmprof_linker_instantiate(linker, wasmprof_store_context(store), module, &instance, &trap);
  CHECK(error != NULL);
  CHECK(trap == NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_LINK);
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  CHECK(name_contains(&message, "\"env\" \"call_back\""));
  wasm_byte_vec_delete(&message);
  wasmprof_frame_vec_t frames;
  wasmprof_error_wasm_trace(error, &frames);  /* linking runs no wasm */
  CHECK(frames.size == 0);
  wasmprof_frame_vec_delete(&frames);
  wasmprof_error_delete(error);

  /* Defining it twice needs shadowing. */
  wasmprof_functype_t* type = wasmprof_functype_new_from_kinds(two_i32, 2, two_i32, 1);
  error = wasmprof_linker_define_func(linker, "env", 3, "host_add", 8, type, add_callback, NULL, NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  wasmprof_linker_allow_shadowing(linker, true);
  CHECK_OK(wasmprof_linker_define_func(linker, "env", 3, "host_add", 8, type, add_callback, NULL, NULL));
  wasmprof_functype_delete(type);

  wasmprof_module_delete(module);
  wasmprof_linker_delete(linker);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

static void byte_vectors_follow_wasm_h(void) {
  wasm_byte_vec_t empty;
  wasm_byte_vec_new_empty(&empty);
  CHECK(empty.size == 0 && empty.data == NULL);
  wasm_byte_vec_delete(&empty);

  wasm_name_t name;
  wasm_name_new_from_string(&name, "fib");
  CHECK(name.size == 3 && memcmp(name.data, "fib", 3) == 0);
  wasm_name_t copy;
  wasm_name_copy(&copy, &name);
  CHECK(copy.size == 3 && copy.data != name.data && memcmp(copy.data, "fib", 3) == 0);
  wasm_name_delete(&name);
  CHECK(name.size == 0 && name.data == NULL);
  wasm_name_delete(&copy);

  wasm_name_t terminated;
  wasm_name_new_from_string_nt(&terminated, "ab");
  CHECK(terminated.size == 3 && terminated.data[2] == '\0');
  wasm_byte_vec_delete(&terminated);

  wasm_byte_vec_t buffer;
  wasm_byte_vec_new_uninitialized(&buffer, 16);
  CHECK(buffer.size == 16 && buffer.data != NULL);
  memset(buffer.data, 7, 16);
  wasm_byte_vec_delete(&buffer);
}

int main(void) {
  malformed_bytes_are_an_error_with_offset();
  invalid_code_is_an_invalid_module();
  bad_input_is_an_error_not_a_crash();
  a_missing_import_is_a_link_error_naming_it();
  byte_vectors_follow_wasm_h();
  puts("module_test: ok");
  return 0;
}
