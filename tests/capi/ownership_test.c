/* Ownership: every finalizer runs exactly once, at the documented time, and objects can be
 * deleted in any order the header allows. Run under ASan (build-san) this is also leak-checked. */
#include "capi_test.h"

static void count(void* counter) { *(int*)counter += 1; }

/* A store's data finalizer counts too, so the order of finalization can be checked. */
struct order {
  int host_env_finalized;
  int data_finalized;
  int host_env_before_data;
};

static void finalize_env(void* data) { ((struct order*)data)->host_env_finalized += 1; }
static void finalize_data(void* data) {
  struct order* order = data;
  order->data_finalized += 1;
  order->host_env_before_data = order->host_env_finalized;
}

static wasmprof_error_t* never_called(wasmprof_context_t* context, void* data, uint64_t* delta,
                                      wasmprof_update_deadline_kind_t* kind) {
  (void)context, (void)data, (void)delta, (void)kind;
  return NULL;
}

static wasmprof_trap_t* quiet_hook(void* env, wasmprof_context_t* context, wasmprof_call_hook_kind_t kind) {
  (void)env, (void)context, (void)kind;
  return NULL;
}

static void store_data_is_finalized_once_after_its_objects(void) {
  struct order order = {0, 0, 0};
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, &order, finalize_data);
  const wasmprof_valkind_t i32 = WASMPROF_I32;
  wasmprof_functype_t* type = wasmprof_functype_new_from_kinds(&i32, 1, &i32, 1);
  wasmprof_func_t func;
  wasmprof_func_new(wasmprof_store_context(store), type, identity_callback, &order, finalize_env, &func);
  wasmprof_functype_delete(type);
  wasmprof_engine_delete(engine);  /* the store keeps what it needs of the engine */
  CHECK(order.data_finalized == 0 && order.host_env_finalized == 0);
  wasmprof_store_delete(store);
  CHECK(order.data_finalized == 1);
  CHECK(order.host_env_finalized == 1);
  CHECK(order.host_env_before_data == 1);
}

static void linker_envs_live_while_a_linker_or_store_needs_them(void) {
  int finalized = 0;
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  const wasmprof_valkind_t two_i32[] = {WASMPROF_I32, WASMPROF_I32};
  define(linker, "env", "host_add", two_i32, 2, two_i32, 1, add_callback, &finalized, count);
  define(linker, "env", "call_back", two_i32, 1, two_i32, 1, identity_callback, NULL, NULL);
  wasmprof_module_t* module = load_test_module(engine, "calls");
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, wasmprof_store_context(store),
                                       module, &instance, &trap));
  wasmprof_module_delete(module);  /* the instance keeps its module */
  wasmprof_linker_delete(linker);
  CHECK(finalized == 0);  /* the store's instance of host_add still uses it */
  wasmprof_func_t via_host = export_func(wasmprof_store_context(store), &instance, "via_host");
  wasmprof_val_t args[2] = {i32_val(2), i32_val(3)};
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(wasmprof_store_context(store), &via_host, args, 2, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 5);
  wasmprof_store_delete(store);
  CHECK(finalized == 1);
  wasmprof_engine_delete(engine);

  /* Shadowing a definition lets its env go at once when no store uses it. */
  finalized = 0;
  engine = wasmprof_engine_new();
  linker = wasmprof_linker_new(engine);
  wasmprof_linker_allow_shadowing(linker, true);
  define(linker, "env", "f", NULL, 0, NULL, 0, add_callback, &finalized, count);
  define(linker, "env", "f", NULL, 0, NULL, 0, add_callback, NULL, NULL);
  CHECK(finalized == 1);
  wasmprof_linker_delete(linker);
  wasmprof_engine_delete(engine);
}

static void callback_data_is_finalized_when_replaced_or_with_the_store(void) {
  int epoch_finalized = 0, hook_finalized = 0, removed_finalized = 0;
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_store_epoch_deadline_callback(store, never_called, &epoch_finalized, count);
  wasmprof_store_epoch_deadline_callback(store, never_called, &epoch_finalized, count);
  CHECK(epoch_finalized == 1);  /* the first was replaced */
  wasmprof_store_call_hook(store, quiet_hook, &hook_finalized, count);
  wasmprof_store_call_hook(store, NULL, &removed_finalized, count);  /* removal: nothing to keep */
  CHECK(hook_finalized == 1 && removed_finalized == 1);
  wasmprof_store_call_hook(store, quiet_hook, &hook_finalized, count);
  wasmprof_store_delete(store);
  CHECK(epoch_finalized == 2 && hook_finalized == 2);
  wasmprof_engine_delete(engine);
}

static void errors_traps_and_clones_are_freed_by_their_delete(void) {
  wasmprof_error_t* error = wasmprof_error_new("custom");
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  CHECK(name_is(&message, "custom"));
  wasm_byte_vec_delete(&message);
  int status = 0;
  CHECK(!wasmprof_error_exit_status(error, &status));
  wasmprof_error_delete(error);
  wasmprof_error_delete(NULL);

  wasmprof_trap_t* trap = wasmprof_trap_new("made by the host", 16);
  wasmprof_frame_vec_t frames;
  wasmprof_trap_trace(trap, &frames);
  CHECK(frames.size == 0);
  wasmprof_frame_vec_delete(&frames);
  CHECK(wasmprof_trap_origin(trap) == NULL);
  wasmprof_trap_delete(trap);
  wasmprof_trap_delete(NULL);

  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_module_t* module = load_test_module(engine, "start_trap");
  wasmprof_module_t* clone = wasmprof_module_clone(module);
  wasmprof_module_delete(module);
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_instance_t instance;
  CHECK_OK(wasmprof_instance_new(wasmprof_store_context(store), clone, NULL, 0, &instance, &trap));
  CHECK(trap != NULL);  /* the clone is the same, usable module */
  wasmprof_trap_delete(trap);
  wasmprof_module_delete(clone);
  wasmprof_store_delete(store);

  wasmprof_valtype_t* kinds[2] = {wasmprof_valtype_new(WASMPROF_I64), wasmprof_valtype_new(WASMPROF_V128)};
  wasmprof_valtype_vec_t params, results;
  wasmprof_valtype_vec_new(&params, 2, kinds);
  wasmprof_valtype_vec_new_empty(&results);
  wasmprof_functype_t* type = wasmprof_functype_new(&params, &results);
  CHECK(params.size == 0 && params.data == NULL);  /* taken by the functype */
  wasmprof_functype_t* copy = wasmprof_functype_copy(type);
  wasmprof_functype_delete(type);
  CHECK(wasmprof_functype_params(copy)->size == 2);
  CHECK(wasmprof_valtype_kind(wasmprof_functype_params(copy)->data[1]) == WASMPROF_V128);
  wasmprof_functype_delete(copy);
  wasmprof_engine_delete(engine);
}

int main(void) {
  store_data_is_finalized_once_after_its_objects();
  linker_envs_live_while_a_linker_or_store_needs_them();
  callback_data_is_finalized_when_replaced_or_with_the_store();
  errors_traps_and_clones_are_freed_by_their_delete();
  puts("ownership_test: ok");
  return 0;
}
