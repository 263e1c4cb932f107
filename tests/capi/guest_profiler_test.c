/* The guest profiler's C API, as Wasmtime's: a profile driven from the epoch-deadline callback,
 * or by the profiler's own epoch sampling, precise sampling, host-call markers through the call hook, and finish's ownership rules. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "capi_test.h"

struct fixture {
  wasmprof_engine_t* engine;
  wasmprof_store_t* store;
  wasmprof_context_t* context;
  wasmprof_module_t* module;
  wasmprof_instance_t instance;
  wasmprof_guestprofiler_t* profiler;
};

static wasmprof_trap_t* tick_callback(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args, size_t nargs,
                                      wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
  return NULL;
}

static void setup_with(struct fixture* f, bool epochs, wasmprof_strategy_t strategy) {
  wasmprof_config_t* config = wasmprof_config_new();
  wasmprof_config_epoch_interruption_set(config, epochs);
  wasmprof_config_strategy_set(config, strategy);
  f->engine = wasmprof_engine_new_with_config(config);
  f->store = wasmprof_store_new(f->engine, f, NULL);
  f->context = wasmprof_store_context(f->store);
  wasmprof_linker_t* linker = wasmprof_linker_new(f->engine);
  define(linker, "env", "tick", NULL, 0, NULL, 0, tick_callback, NULL, NULL);
  f->module = load_test_module(f->engine, "loops");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, f->context, f->module, &f->instance, &trap));
  CHECK(trap == NULL);
  wasmprof_linker_delete(linker);
  wasm_name_t profile_name, module_name;
  wasm_name_new_from_string(&profile_name, "loops-profile");
  wasm_name_new_from_string(&module_name, "loops.wasm");
  const wasmprof_guestprofiler_modules_t modules[] = {{&module_name, f->module}};
  f->profiler = wasmprof_guestprofiler_new(&profile_name, 1000000, modules, 1);
  CHECK(f->profiler != NULL);
  /* The profiler copied what it needs. */
  wasm_name_delete(&profile_name);
  wasm_name_delete(&module_name);
}

static void setup(struct fixture* f, bool epochs) { setup_with(f, epochs, WASMPROF_STRATEGY_INTERPRETER); }

static void teardown(struct fixture* f) {
  wasmprof_module_delete(f->module);
  wasmprof_store_delete(f->store);
  wasmprof_engine_delete(f->engine);
}

static int vec_contains(const wasm_byte_vec_t* bytes, const char* text) { return name_contains(bytes, text); }

struct ticker {
  wasmprof_engine_t* engine;
  atomic_bool done;
};

static void* run_ticker(void* arg) {
  struct ticker* ticker = arg;
  const struct timespec period = {0, 200000L};
  while (!atomic_load(&ticker->done)) {
    nanosleep(&period, NULL);
    wasmprof_engine_increment_epoch(ticker->engine);
  }
  return NULL;
}

static wasmprof_error_t* sample_and_continue(wasmprof_context_t* context, void* data, uint64_t* delta,
                                             wasmprof_update_deadline_kind_t* kind) {
  (void)context;
  struct fixture* f = data;
  wasmprof_guestprofiler_sample(f->profiler, f->store, 0);
  *delta = 1;
  *kind = WASMPROF_UPDATE_DEADLINE_CONTINUE;
  return NULL;
}

static void call_count(struct fixture* f, int32_t n) {
  wasmprof_func_t count = export_func(f->context, &f->instance, "count");
  wasmprof_val_t arg = i32_val(n), result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(f->context, &count, &arg, 1, &result, 1, &trap));
  CHECK(trap == NULL);
  CHECK(result.of.i32 == 0);
}

static void a_profile_driven_by_the_epoch_callback(void) {
  struct fixture f;
  setup(&f, true);
  wasmprof_context_set_epoch_deadline(f.context, 1);
  wasmprof_store_epoch_deadline_callback(f.store, sample_and_continue, &f, NULL);
  struct ticker ticker = {f.engine, false};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, run_ticker, &ticker) == 0);
  for (int i = 0; i < 20; ++i) call_count(&f, 2000000);
  atomic_store(&ticker.done, true);
  pthread_join(thread, NULL);
  wasm_byte_vec_t out;
  CHECK_OK(wasmprof_guestprofiler_finish(f.profiler, &out));
  CHECK(vec_contains(&out, "\"preprocessedProfileVersion\":70"));
  /* count has no name in the name section: the fallback names it by its wasm index, import counted. */
  CHECK(vec_contains(&out, "\"wasm-function[2]\""));
  CHECK(vec_contains(&out, "\"loops.wasm\""));
  CHECK(vec_contains(&out, "\"loops-profile\""));
  wasm_byte_vec_delete(&out);
  teardown(&f);
}

static void epoch_sampling_without_a_ticker_of_ones_own(void) {
  struct fixture f;
  setup(&f, true);
  CHECK_OK(wasmprof_guestprofiler_start_epoch_sampling(f.profiler, f.store, 200000));
  for (int i = 0; i < 20; ++i) call_count(&f, 2000000);
  wasmprof_guestprofiler_stop_sampling(f.profiler);
  wasm_byte_vec_t out;
  CHECK_OK(wasmprof_guestprofiler_finish(f.profiler, &out));
  CHECK(vec_contains(&out, "\"wasm-function[2]\""));  /* sampled at count's entry or back-edge */
  wasm_byte_vec_delete(&out);
  teardown(&f);
  /* An engine without epochs is refused. */
  setup(&f, false);
  wasmprof_error_t* error = wasmprof_guestprofiler_start_epoch_sampling(f.profiler, f.store, 200000);
  CHECK(error != NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  error = wasmprof_guestprofiler_start_epoch_sampling(NULL, f.store, 200000);
  CHECK(error != NULL);
  wasmprof_error_delete(error);
  wasmprof_guestprofiler_delete(f.profiler);
  teardown(&f);
}

static void precise_sampling_and_host_call_markers(void) {
  struct fixture f;
  setup(&f, false);
  CHECK_OK(wasmprof_guestprofiler_start_sampling(f.profiler, f.store, 100000, 1));
  for (int i = 0; i < 20; ++i) call_count(&f, 2000000);
  wasmprof_guestprofiler_stop_sampling(f.profiler);
  /* A host call through the call hook becomes a marker named after the import. */
  wasmprof_guestprofiler_call_hook(f.profiler, f.store, WASMPROF_CALL_HOOK_CALLING_HOST);
  wasmprof_guestprofiler_call_hook(f.profiler, f.store, WASMPROF_CALL_HOOK_RETURNING_FROM_HOST);
  wasm_byte_vec_t out;
  CHECK_OK(wasmprof_guestprofiler_finish(f.profiler, &out));
  CHECK(vec_contains(&out, "\"wasm-function[2]\""));
  CHECK(vec_contains(&out, "\"hostcall\""));
  wasm_byte_vec_delete(&out);
  teardown(&f);
}

/* Compiled code, sampled by the signal the profiler sends its thread (10 kHz): the guest's results
 * stay right and its function is in the profile. */
static void precise_sampling_of_compiled_code(void) {
  struct fixture f;
  setup_with(&f, false, WASMPROF_STRATEGY_COMPILED);
  call_count(&f, 1); /* compiled before sampling starts */
  CHECK_OK(wasmprof_guestprofiler_start_sampling(f.profiler, f.store, 100000, 1));
  for (int i = 0; i < 20; ++i) call_count(&f, 20000000);
  wasmprof_guestprofiler_stop_sampling(f.profiler);
  wasm_byte_vec_t out;
  CHECK_OK(wasmprof_guestprofiler_finish(f.profiler, &out));
  CHECK(vec_contains(&out, "\"wasm-function[2]\""));
  wasm_byte_vec_delete(&out);
  teardown(&f);
}

static void finish_takes_ownership_even_on_error(void) {
  struct fixture f;
  setup(&f, false);
  wasmprof_error_t* error = wasmprof_guestprofiler_finish(f.profiler, NULL);
  CHECK(error != NULL);  /* and the profiler is gone: LeakSanitizer would see it otherwise */
  wasmprof_error_delete(error);
  teardown(&f);
}

static void bad_arguments_are_refused(void) {
  CHECK(wasmprof_guestprofiler_new(NULL, 1000, NULL, 0) == NULL);
  wasm_name_t name;
  wasm_name_new_from_string(&name, "p");
  const wasmprof_guestprofiler_modules_t missing[] = {{&name, NULL}};
  CHECK(wasmprof_guestprofiler_new(&name, 1000, missing, 1) == NULL);
  wasmprof_guestprofiler_t* empty = wasmprof_guestprofiler_new(&name, 1000, NULL, 0);
  CHECK(empty != NULL);
  wasmprof_guestprofiler_delete(empty);
  wasm_name_delete(&name);
}

static wasmprof_module_t* allocs_fixture(wasmprof_engine_t* engine, wasmprof_store_t** store,
                                         wasmprof_instance_t* instance) {
  *store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  wasmprof_module_t* module = load_test_module(engine, "allocs");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, wasmprof_store_context(*store), module, instance, &trap));
  CHECK(trap == NULL);
  wasmprof_linker_delete(linker);
  return module;
}

static wasmprof_guestprofiler_t* allocs_profiler(wasmprof_module_t* module) {
  wasm_name_t name;
  wasm_name_new_from_string(&name, "allocs.wasm");
  const wasmprof_guestprofiler_modules_t modules[] = {{&name, module}};
  wasmprof_guestprofiler_t* profiler = wasmprof_guestprofiler_new(&name, 1000000, modules, 1);
  wasm_name_delete(&name);
  CHECK(profiler != NULL);
  return profiler;
}

static void allocations_are_recorded_with_the_probes(void) {
  wasmprof_config_t* config = wasmprof_config_new();
  wasmprof_config_allocation_probes_set(config, true);
  wasmprof_engine_t* engine = wasmprof_engine_new_with_config(config);
  wasmprof_store_t* store;
  wasmprof_instance_t instance;
  wasmprof_module_t* module = allocs_fixture(engine, &store, &instance);
  wasmprof_guestprofiler_t* profiler = allocs_profiler(module);
  CHECK_OK(wasmprof_guestprofiler_enable_allocation_profiling(profiler, store));
  wasmprof_context_t* context = wasmprof_store_context(store);
  wasmprof_func_t work = export_func(context, &instance, "work");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(context, &work, NULL, 0, NULL, 0, &trap));
  CHECK(trap == NULL);
  wasm_byte_vec_t out;
  CHECK_OK(wasmprof_guestprofiler_finish(profiler, &out));
  /* Two allocations and the free of the first, at the bump allocator's addresses. */
  CHECK(vec_contains(&out, "\"nativeAllocations\""));
  CHECK(vec_contains(&out, "\"weight\":[100,200,-100]"));
  CHECK(vec_contains(&out, "\"memoryAddress\":[1024,1124,1024]"));
  wasm_byte_vec_delete(&out);
  wasmprof_module_delete(module);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

static void allocation_profiling_needs_the_probes(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store;
  wasmprof_instance_t instance;
  wasmprof_module_t* module = allocs_fixture(engine, &store, &instance);
  wasmprof_guestprofiler_t* profiler = allocs_profiler(module);
  wasmprof_error_t* error = wasmprof_guestprofiler_enable_allocation_profiling(profiler, store);
  CHECK(error != NULL);
  CHECK(wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  error = wasmprof_guestprofiler_enable_allocation_profiling(NULL, store);
  CHECK(error != NULL);
  wasmprof_error_delete(error);
  wasmprof_guestprofiler_delete(profiler);
  wasmprof_module_delete(module);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

int main(void) {
  a_profile_driven_by_the_epoch_callback();
  epoch_sampling_without_a_ticker_of_ones_own();
  precise_sampling_and_host_call_markers();
  precise_sampling_of_compiled_code();
  finish_takes_ownership_even_on_error();
  bad_arguments_are_refused();
  allocations_are_recorded_with_the_probes();
  allocation_profiling_needs_the_probes();
  printf("guest_profiler_test: all checks passed\n");
  return 0;
}
