/* Linkers beyond host functions: objects of a store, whole instances, unknown imports as
 * traps, lookups, and instantiating with explicit imports. */
#include "capi_test.h"

struct fixture {
  wasmprof_engine_t* engine;
  wasmprof_store_t* store;
  wasmprof_context_t* context;
  wasmprof_module_t* module;
};

static void setup(struct fixture* f) {
  f->engine = wasmprof_engine_new();
  f->store = wasmprof_store_new(f->engine, NULL, NULL);
  f->context = wasmprof_store_context(f->store);
  f->module = load_test_module(f->engine, "calls");
}

static void teardown(struct fixture* f) {
  wasmprof_module_delete(f->module);
  wasmprof_store_delete(f->store);
  wasmprof_engine_delete(f->engine);
}

static int32_t call2(wasmprof_context_t* context, const wasmprof_instance_t* instance, const char* name, int32_t a,
                     int32_t b) {
  wasmprof_func_t func = export_func(context, instance, name);
  wasmprof_val_t args[2] = {i32_val(a), i32_val(b)};
  wasmprof_val_t result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(context, &func, args, 2, &result, 1, &trap));
  CHECK(trap == NULL);
  return result.of.i32;
}

static wasmprof_trap_t* times_hundred_plus(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                          size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  results[0] = i32_val(args[0].of.i32 * 100 + args[1].of.i32);
  return NULL;
}

static void unknown_imports_can_be_traps(void) {
  struct fixture f;
  setup(&f);
  wasmprof_linker_t* linker = wasmprof_linker_new(f.engine);
  const wasmprof_valkind_t two_i32[] = {WASMPROF_I32, WASMPROF_I32};
  define(linker, "env", "host_add", two_i32, 2, two_i32, 1, add_callback, NULL, NULL);
  CHECK_OK(wasmprof_linker_define_unknown_imports_as_traps(linker, f.module));
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, f.context, f.module, &instance, &trap));
  CHECK(call2(f.context, &instance, "via_host", 1, 2) == 3);
  wasmprof_func_t outer = export_func(f.context, &instance, "outer");
  wasmprof_val_t arg = i32_val(1);
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(f.context, &outer, &arg, 1, &result, 1, &trap));
  CHECK(trap != NULL);
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(name_contains(&message, "\"env\" \"call_back\""));
  wasm_byte_vec_delete(&message);
  wasmprof_trap_delete(trap);
  wasmprof_linker_delete(linker);
  teardown(&f);
}

static void exports_of_one_instance_satisfy_another(void) {
  struct fixture f;
  setup(&f);
  wasmprof_linker_t* linker = wasmprof_linker_new(f.engine);
  const wasmprof_valkind_t two_i32[] = {WASMPROF_I32, WASMPROF_I32};
  define(linker, "env", "host_add", two_i32, 2, two_i32, 1, times_hundred_plus, NULL, NULL);
  define(linker, "env", "call_back", two_i32, 1, two_i32, 1, identity_callback, NULL, NULL);
  wasmprof_instance_t first;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, f.context, f.module, &first, &trap));

  /* The second instance's env imports are the first's exports "add" and "inner". */
  wasmprof_linker_t* second_linker = wasmprof_linker_new(f.engine);
  wasmprof_extern_t add, inner;
  CHECK(wasmprof_instance_export_get(f.context, &first, "add", 3, &add));
  CHECK(wasmprof_instance_export_get(f.context, &first, "inner", 5, &inner));
  CHECK_OK(wasmprof_linker_define(second_linker, f.context, "env", 3, "host_add", 8, &add));
  CHECK_OK(wasmprof_linker_define(second_linker, f.context, "env", 3, "call_back", 9, &inner));
  wasmprof_instance_t second;
  CHECK_OK(wasmprof_linker_instantiate(second_linker, f.context, f.module, &second, &trap));
  CHECK(call2(f.context, &second, "via_host", 3, 4) == 7);
  wasmprof_func_t outer = export_func(f.context, &second, "outer");
  wasmprof_val_t arg = i32_val(5);
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(f.context, &outer, &arg, 1, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 501);  /* the first's inner: 5 * 100 + 1 */

  /* A whole instance under one name, found again by lookup. */
  CHECK_OK(wasmprof_linker_define_instance(second_linker, f.context, "first", 5, &first));
  wasmprof_extern_t found;
  CHECK(wasmprof_linker_get(second_linker, f.context, "first", 5, "memory", 6, &found));
  CHECK(found.kind == WASMPROF_EXTERN_MEMORY);
  CHECK(wasmprof_linker_get(second_linker, f.context, "first", 5, "add", 3, &found));
  CHECK(found.kind == WASMPROF_EXTERN_FUNC);
  CHECK(!wasmprof_linker_get(second_linker, f.context, "first", 5, "absent", 6, &found));

  /* Objects of one store cannot be defined for another. */
  wasmprof_store_t* other = wasmprof_store_new(f.engine, NULL, NULL);
  wasmprof_error_t* error = wasmprof_linker_define(second_linker, wasmprof_store_context(other), "x", 1, "y", 1, &add);
  CHECK(error != NULL && wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  wasmprof_store_delete(other);

  wasmprof_linker_delete(second_linker);
  wasmprof_linker_delete(linker);
  teardown(&f);
}

static void instances_can_take_imports_in_order(void) {
  struct fixture f;
  setup(&f);
  const wasmprof_valkind_t two_i32[] = {WASMPROF_I32, WASMPROF_I32};
  wasmprof_functype_t* add_type = wasmprof_functype_new_from_kinds(two_i32, 2, two_i32, 1);
  wasmprof_functype_t* back_type = wasmprof_functype_new_from_kinds(two_i32, 1, two_i32, 1);
  wasmprof_extern_t imports[2];
  imports[0].kind = WASMPROF_EXTERN_FUNC;
  wasmprof_func_new(f.context, add_type, times_hundred_plus, NULL, NULL, &imports[0].of.func);
  imports[1].kind = WASMPROF_EXTERN_FUNC;
  wasmprof_func_new(f.context, back_type, identity_callback, NULL, NULL, &imports[1].of.func);
  wasmprof_functype_delete(add_type);
  wasmprof_functype_delete(back_type);
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_instance_new(f.context, f.module, imports, 2, &instance, &trap));
  CHECK(trap == NULL);
  CHECK(call2(f.context, &instance, "via_host", 2, 3) == 203);

  /* Too few imports, or swapped ones, are link errors. */
  wasmprof_error_t* error = wasmprof_instance_new(f.context, f.module, imports, 1, &instance, &trap);
  CHECK(error != NULL && trap == NULL);
  wasmprof_error_delete(error);
  wasmprof_extern_t swapped[2] = {imports[1], imports[0]};
  error = wasmprof_instance_new(f.context, f.module, swapped, 2, &instance, &trap);
  CHECK(error != NULL && wasmprof_error_kind(error) == WASMPROF_ERROR_LINK);
  wasmprof_error_delete(error);
  wasmprof_extern_t bad = imports[0];
  bad.kind = 9;
  wasmprof_extern_t with_bad[2] = {bad, imports[1]};
  error = wasmprof_instance_new(f.context, f.module, with_bad, 2, &instance, &trap);
  CHECK(error != NULL && wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  teardown(&f);
}

static void limits_stop_instantiation(void) {
  struct fixture f;
  setup(&f);
  wasmprof_store_limiter(f.store, -1, -1, 1, -1, -1);  /* one instance */
  wasmprof_linker_t* linker = wasmprof_linker_new(f.engine);
  define_calls_imports(linker, add_callback, identity_callback, NULL);
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, f.context, f.module, &instance, &trap));
  wasmprof_error_t* error = wasmprof_linker_instantiate(linker, f.context, f.module, &instance, &trap);
  CHECK(error != NULL && trap == NULL && wasmprof_error_kind(error) == WASMPROF_ERROR_LIMIT);
  wasmprof_error_delete(error);
  wasmprof_linker_delete(linker);
  teardown(&f);
}

int main(void) {
  unknown_imports_can_be_traps();
  exports_of_one_instance_satisfy_another();
  instances_can_take_imports_in_order();
  limits_stop_instantiation();
  puts("linker_test: ok");
  return 0;
}
