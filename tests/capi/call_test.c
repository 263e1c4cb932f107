/* Linking C host functions and calling exports: values of every numeric kind, multiple
 * results, argument checking, memory and store data reached through the caller, globals. */
#include "capi_test.h"

struct fixture {
  wasmprof_engine_t* engine;
  wasmprof_store_t* store;
  wasmprof_context_t* context;
  wasmprof_linker_t* linker;
  wasmprof_module_t* module;
  wasmprof_instance_t instance;
};

/* host_add(address, value): writes the byte `value` at `address` of the caller's memory and
 * appends it to the store's data (a counter here), then returns the address. */
static wasmprof_trap_t* poke_callback(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                      size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env;
  CHECK(nargs == 2 && nresults == 1);
  CHECK(args[0].kind == WASMPROF_I32 && args[1].kind == WASMPROF_I32);
  wasmprof_extern_t memory;
  if (!wasmprof_caller_export_get(caller, "memory", 6, &memory)) return wasmprof_trap_new("no memory", 9);
  CHECK(memory.kind == WASMPROF_EXTERN_MEMORY);
  wasmprof_context_t* context = wasmprof_caller_context(caller);
  uint8_t* data = wasmprof_memory_data(context, &memory.of.memory);
  CHECK((size_t)args[0].of.i32 < wasmprof_memory_data_size(context, &memory.of.memory));
  data[args[0].of.i32] = (uint8_t)args[1].of.i32;
  int* calls = wasmprof_context_get_data(context);
  *calls += 1;
  results[0] = args[0];
  return NULL;
}

static void setup(struct fixture* f, void* data, void (*finalizer)(void*)) {
  f->engine = wasmprof_engine_new();
  f->store = wasmprof_store_new(f->engine, data, finalizer);
  f->context = wasmprof_store_context(f->store);
  f->linker = wasmprof_linker_new(f->engine);
  define_calls_imports(f->linker, poke_callback, identity_callback, NULL);
  f->module = load_test_module(f->engine, "calls");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(f->linker, f->context, f->module, &f->instance, &trap));
  CHECK(trap == NULL);
}

static void teardown(struct fixture* f) {
  wasmprof_module_delete(f->module);
  wasmprof_linker_delete(f->linker);
  wasmprof_store_delete(f->store);
  wasmprof_engine_delete(f->engine);
}

static void calls_return_results_of_every_kind(void) {
  struct fixture f;
  int calls = 0;
  setup(&f, &calls, NULL);
  wasmprof_trap_t* trap = NULL;

  wasmprof_func_t add = export_func(f.context, &f.instance, "add");
  wasmprof_val_t args[2] = {i32_val(40), i32_val(2)};
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(f.context, &add, args, 2, &result, 1, &trap));
  CHECK(trap == NULL);
  CHECK(result.kind == WASMPROF_I32 && result.of.i32 == 42);

  wasmprof_func_t swap = export_func(f.context, &f.instance, "swap");
  wasmprof_val_t swap_args[2] = {i32_val(5), {.kind = WASMPROF_I64, .of.i64 = (int64_t)1 << 40}};
  wasmprof_val_t swapped[2];
  CHECK_OK(wasmprof_func_call(f.context, &swap, swap_args, 2, swapped, 2, &trap));
  CHECK(swapped[0].kind == WASMPROF_I64 && swapped[0].of.i64 == (int64_t)1 << 40);
  CHECK(swapped[1].kind == WASMPROF_I32 && swapped[1].of.i32 == 5);

  wasmprof_func_t scale = export_func(f.context, &f.instance, "scale");
  wasmprof_val_t scale_args[2] = {{.kind = WASMPROF_F64, .of.f64 = 1.5}, {.kind = WASMPROF_F32, .of.f32 = 4.0f}};
  CHECK_OK(wasmprof_func_call(f.context, &scale, scale_args, 2, &result, 1, &trap));
  CHECK(result.kind == WASMPROF_F64 && result.of.f64 == 6.0);

  wasmprof_functype_t* type = wasmprof_func_type(f.context, &swap);
  CHECK(type != NULL);
  CHECK(wasmprof_functype_params(type)->size == 2);
  CHECK(wasmprof_valtype_kind(wasmprof_functype_params(type)->data[1]) == WASMPROF_I64);
  CHECK(wasmprof_valtype_kind(wasmprof_functype_results(type)->data[0]) == WASMPROF_I64);
  wasmprof_functype_delete(type);
  teardown(&f);
}

static void wrong_arguments_are_errors_not_traps(void) {
  struct fixture f;
  int calls = 0;
  setup(&f, &calls, NULL);
  wasmprof_func_t add = export_func(f.context, &f.instance, "add");
  wasmprof_trap_t* trap = NULL;
  wasmprof_val_t result;
  wasmprof_val_t one[1] = {i32_val(1)};
  wasmprof_error_t* error = wasmprof_func_call(f.context, &add, one, 1, &result, 1, &trap);  /* too few */
  CHECK(error != NULL && trap == NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  wasmprof_val_t mistyped[2] = {i32_val(1), {.kind = WASMPROF_F32, .of.f32 = 1.0f}};
  error = wasmprof_func_call(f.context, &add, mistyped, 2, &result, 1, &trap);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  error = wasmprof_func_call(f.context, &add, mistyped, 2, &result, 1, NULL);  /* nowhere to put a trap */
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);

  /* A function of another store. */
  wasmprof_store_t* other = wasmprof_store_new(f.engine, NULL, NULL);
  wasmprof_val_t args[2] = {i32_val(1), i32_val(2)};
  error = wasmprof_func_call(wasmprof_store_context(other), &add, args, 2, &result, 1, &trap);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  wasmprof_store_delete(other);

  wasmprof_extern_t item;
  CHECK(!wasmprof_instance_export_get(f.context, &f.instance, "no_such_export", 14, &item));
  teardown(&f);
}

static void host_functions_reach_memory_and_store_data(void) {
  struct fixture f;
  int calls = 0;
  setup(&f, &calls, NULL);
  wasmprof_func_t via_host = export_func(f.context, &f.instance, "via_host");
  wasmprof_val_t args[2] = {i32_val(100), i32_val(77)};
  wasmprof_val_t result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(f.context, &via_host, args, 2, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 100);
  CHECK(calls == 1);

  wasmprof_extern_t memory;
  CHECK(wasmprof_instance_export_get(f.context, &f.instance, "memory", 6, &memory));
  CHECK(memory.kind == WASMPROF_EXTERN_MEMORY);
  CHECK(wasmprof_memory_data(f.context, &memory.of.memory)[100] == 77);
  CHECK(wasmprof_memory_size(f.context, &memory.of.memory) == 1);
  uint64_t previous = 0;
  CHECK_OK(wasmprof_memory_grow(f.context, &memory.of.memory, 2, &previous));
  CHECK(previous == 1);
  CHECK(wasmprof_memory_data_size(f.context, &memory.of.memory) == 3 * 65536);

  /* A store can be given new data; the finalizer (none here) would get the new pointer. */
  int other_calls = 0;
  wasmprof_context_set_data(f.context, &other_calls);
  CHECK(wasmprof_context_get_data(f.context) == &other_calls);
  CHECK_OK(wasmprof_func_call(f.context, &via_host, args, 2, &result, 1, &trap));
  CHECK(other_calls == 1 && calls == 1);
  teardown(&f);
}

static void globals_and_tables_are_reachable(void) {
  struct fixture f;
  int calls = 0;
  setup(&f, &calls, NULL);
  wasmprof_extern_t counter;
  CHECK(wasmprof_instance_export_get(f.context, &f.instance, "counter", 7, &counter));
  CHECK(counter.kind == WASMPROF_EXTERN_GLOBAL);
  wasmprof_val_t value;
  wasmprof_global_get(f.context, &counter.of.global, &value);
  CHECK(value.kind == WASMPROF_I32 && value.of.i32 == 7);
  wasmprof_val_t nine = i32_val(9);
  CHECK_OK(wasmprof_global_set(f.context, &counter.of.global, &nine));
  wasmprof_global_get(f.context, &counter.of.global, &value);
  CHECK(value.of.i32 == 9);
  wasmprof_val_t wrong = {.kind = WASMPROF_F64, .of.f64 = 1.5};
  wasmprof_error_t* error = wasmprof_global_set(f.context, &counter.of.global, &wrong);
  CHECK(error != NULL);
  wasmprof_error_delete(error);

  wasmprof_extern_t table;
  CHECK(wasmprof_instance_export_get(f.context, &f.instance, "table", 5, &table));
  CHECK(table.kind == WASMPROF_EXTERN_TABLE);
  CHECK(wasmprof_table_size(f.context, &table.of.table) == 2);
  teardown(&f);
}

static void host_functions_can_be_made_in_a_store(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_context_t* context = wasmprof_store_context(store);
  const wasmprof_valkind_t kinds[] = {WASMPROF_I32, WASMPROF_I32};
  wasmprof_functype_t* type = wasmprof_functype_new_from_kinds(kinds, 2, kinds, 1);
  wasmprof_func_t add;
  wasmprof_func_new(context, type, add_callback, NULL, NULL, &add);
  wasmprof_functype_delete(type);
  wasmprof_val_t args[2] = {i32_val(20), i32_val(22)};
  wasmprof_val_t result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(context, &add, args, 2, &result, 1, &trap));
  CHECK(result.of.i32 == 42);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

int main(void) {
  calls_return_results_of_every_kind();
  wrong_arguments_are_errors_not_traps();
  host_functions_reach_memory_and_store_data();
  globals_and_tables_are_reachable();
  host_functions_can_be_made_in_a_store();
  puts("call_test: ok");
  return 0;
}
