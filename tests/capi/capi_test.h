/* What every C API test needs: a check that stops the test with its location, loading the
 * test modules (tests/capi/wat, assembled by the build) and the calls module's host functions. */
#ifndef WASMPROF_CAPI_TEST_H
#define WASMPROF_CAPI_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmprof.h"

#define CHECK(condition)                                                              \
  do {                                                                                \
    if (!(condition)) {                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);   \
      exit(1);                                                                        \
    }                                                                                 \
  } while (0)

/* Fails the test, printing the error's message, unless `error` is NULL. */
#define CHECK_OK(error) check_ok((error), __FILE__, __LINE__)

static inline void check_ok(wasmprof_error_t* error, const char* file, int line) {
  if (error == NULL) return;
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  fprintf(stderr, "%s:%d: unexpected error: %.*s\n", file, line, (int)message.size, message.data);
  exit(1);
}

/* True if `name` is exactly `expected` (names are not NUL-terminated). */
static inline int name_is(const wasm_name_t* name, const char* expected) {
  return name != NULL && name->size == strlen(expected) && memcmp(name->data, expected, name->size) == 0;
}

/* True if `text` occurs in `name`. */
static inline int name_contains(const wasm_name_t* name, const char* text) {
  const size_t length = strlen(text);
  for (size_t at = 0; name != NULL && at + length <= name->size; ++at)
    if (memcmp(name->data + at, text, length) == 0) return 1;
  return 0;
}

/* The bytes of tests/capi/wat/<name>.wat as assembled; owned by the caller (wasm_byte_vec_delete). */
static inline void read_test_wasm(const char* name, wasm_byte_vec_t* out) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.wasm", WASMPROF_CAPI_TEST_WASM_DIR, name);
  FILE* file = fopen(path, "rb");
  if (file == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  CHECK(fread(out->data, 1, (size_t)size, file) == (size_t)size);
  fclose(file);
}

static inline wasmprof_module_t* load_test_module(wasmprof_engine_t* engine, const char* name) {
  wasm_byte_vec_t bytes;
  read_test_wasm(name, &bytes);
  wasmprof_module_t* module = NULL;
  CHECK_OK(wasmprof_module_new(engine, (const uint8_t*)bytes.data, bytes.size, &module));
  wasm_byte_vec_delete(&bytes);
  return module;
}

static inline wasmprof_val_t i32_val(int32_t value) {
  wasmprof_val_t val;
  val.kind = WASMPROF_I32;
  val.of.i32 = value;
  return val;
}

static inline wasmprof_func_t export_func(wasmprof_context_t* context, const wasmprof_instance_t* instance,
                                          const char* name) {
  wasmprof_extern_t item;
  CHECK(wasmprof_instance_export_get(context, instance, name, strlen(name), &item));
  CHECK(item.kind == WASMPROF_EXTERN_FUNC);
  return item.of.func;
}

/* Defines module.name in `linker` with the given kinds; the test's callback gets `env`. */
static inline void define(wasmprof_linker_t* linker, const char* module, const char* name,
                          const wasmprof_valkind_t* params, size_t nparams, const wasmprof_valkind_t* results,
                          size_t nresults, wasmprof_func_callback_t callback, void* env,
                          void (*finalizer)(void*)) {
  wasmprof_functype_t* type = wasmprof_functype_new_from_kinds(params, nparams, results, nresults);
  CHECK(type != NULL);
  CHECK_OK(wasmprof_linker_define_func(linker, module, strlen(module), name, strlen(name), type, callback, env,
                                       finalizer));
  wasmprof_functype_delete(type);
}

/* The calls module's imports: host_add (i32, i32) -> i32 and call_back (i32) -> i32. */
static inline void define_calls_imports(wasmprof_linker_t* linker, wasmprof_func_callback_t host_add,
                                        wasmprof_func_callback_t call_back, void* env) {
  const wasmprof_valkind_t two_i32[] = {WASMPROF_I32, WASMPROF_I32};
  define(linker, "env", "host_add", two_i32, 2, two_i32, 1, host_add, env, NULL);
  define(linker, "env", "call_back", two_i32, 1, two_i32, 1, call_back, env, NULL);
}

/* Host functions most tests use: a sum and the identity. */
static inline wasmprof_trap_t* add_callback(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                            size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  results[0] = i32_val(args[0].of.i32 + args[1].of.i32);
  return NULL;
}

static inline wasmprof_trap_t* identity_callback(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                                 size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  results[0] = args[0];
  return NULL;
}

#endif
