/* Epoch deadlines (a ticker thread stopping an infinite loop, a callback that continues), fuel
 * (set/get, per-instruction accounting, exhaustion) and interrupt handles. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "capi_test.h"

struct fixture {
  wasmprof_engine_t* engine;
  wasmprof_store_t* store;
  wasmprof_context_t* context;
  wasmprof_instance_t instance;
  int ticks;
};

static wasmprof_trap_t* tick_callback(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                      size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)args, (void)nargs, (void)results, (void)nresults;
  struct fixture* f = wasmprof_context_get_data(wasmprof_caller_context(caller));
  f->ticks += 1;
  return NULL;
}

static void setup(struct fixture* f, bool epochs, bool fuel) {
  wasmprof_config_t* config = wasmprof_config_new();
  wasmprof_config_epoch_interruption_set(config, epochs);
  wasmprof_config_consume_fuel_set(config, fuel);
  f->engine = wasmprof_engine_new_with_config(config);
  f->store = wasmprof_store_new(f->engine, f, NULL);
  f->context = wasmprof_store_context(f->store);
  f->ticks = 0;
  wasmprof_linker_t* linker = wasmprof_linker_new(f->engine);
  define(linker, "env", "tick", NULL, 0, NULL, 0, tick_callback, NULL, NULL);
  wasmprof_module_t* module = load_test_module(f->engine, "loops");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, f->context, module, &f->instance, &trap));
  /* The instance lives in the store: the linker and module handles can go. */
  wasmprof_module_delete(module);
  wasmprof_linker_delete(linker);
}

static void teardown(struct fixture* f) {
  wasmprof_store_delete(f->store);
  wasmprof_engine_delete(f->engine);
}

static void sleep_ms(long ms) {
  struct timespec delay = {0, ms * 1000000L};
  nanosleep(&delay, NULL);
}

struct ticker {
  wasmprof_engine_t* engine;
  atomic_bool done;
  long period_ms;
};

/* Advances the epoch every period until told to stop. */
static void* run_ticker(void* arg) {
  struct ticker* ticker = arg;
  while (!atomic_load(&ticker->done)) {
    sleep_ms(ticker->period_ms);
    wasmprof_engine_increment_epoch(ticker->engine);
  }
  return NULL;
}

/* Calls a () -> () export and returns the trap it must end with. */
static wasmprof_trap_t* run_to_trap(struct fixture* f, const char* name) {
  wasmprof_func_t func = export_func(f->context, &f->instance, name);
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(f->context, &func, NULL, 0, NULL, 0, &trap));
  CHECK(trap != NULL);
  return trap;
}

static void a_deadline_stops_an_infinite_loop_from_a_ticker_thread(void) {
  struct fixture f;
  setup(&f, true, false);
  wasmprof_context_set_epoch_deadline(f.context, 1);
  struct ticker ticker = {f.engine, false, 20};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, run_ticker, &ticker) == 0);
  wasmprof_trap_t* trap = run_to_trap(&f, "spin");
  atomic_store(&ticker.done, true);
  pthread_join(thread, NULL);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_INTERRUPT);
  wasmprof_frame_t* origin = wasmprof_trap_origin(trap);
  CHECK(wasmprof_frame_func_index(origin) == 1);  /* spin, after the import */
  CHECK(name_is(wasmprof_frame_func_name(origin), "spin"));
  wasmprof_frame_delete(origin);
  wasmprof_trap_delete(trap);
  teardown(&f);
}

struct deadline_state {
  int callbacks;
  int finalized;
};

static wasmprof_error_t* continue_twice(wasmprof_context_t* context, void* data, uint64_t* delta,
                                        wasmprof_update_deadline_kind_t* kind) {
  (void)context;
  struct deadline_state* state = data;
  CHECK(*delta == 1 && *kind == WASMPROF_UPDATE_DEADLINE_CONTINUE);
  if (++state->callbacks == 3) return wasmprof_error_new("enough");
  *delta = 1;
  return NULL;
}

static void count_finalization(void* data) { ((struct deadline_state*)data)->finalized += 1; }

static void the_deadline_callback_can_continue(void) {
  struct fixture f;
  setup(&f, true, false);
  struct deadline_state state = {0, 0};
  wasmprof_context_set_epoch_deadline(f.context, 1);
  wasmprof_store_epoch_deadline_callback(f.store, continue_twice, &state, count_finalization);
  struct ticker ticker = {f.engine, false, 2};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, run_ticker, &ticker) == 0);
  wasmprof_trap_t* trap = run_to_trap(&f, "spin");
  atomic_store(&ticker.done, true);
  pthread_join(thread, NULL);
  CHECK(state.callbacks == 3);
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(strcmp(message.data, "enough") == 0);
  wasm_byte_vec_delete(&message);
  wasmprof_trap_delete(trap);
  CHECK(state.finalized == 0);
  teardown(&f);
  CHECK(state.finalized == 1);
}

static void without_a_deadline_epoch_code_traps_at_once(void) {
  struct fixture f;
  setup(&f, true, false);
  wasmprof_func_t count = export_func(f.context, &f.instance, "count");
  wasmprof_val_t arg = i32_val(10);
  wasmprof_val_t result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(f.context, &count, &arg, 1, &result, 1, &trap));
  wasmprof_trap_code_t code;
  CHECK(trap != NULL && wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_INTERRUPT);
  wasmprof_trap_delete(trap);
  teardown(&f);
}

static void fuel_is_consumed_per_instruction(void) {
  struct fixture f;
  setup(&f, false, true);
  uint64_t fuel = 99;
  CHECK_OK(wasmprof_context_get_fuel(f.context, &fuel));
  CHECK(fuel == 0);  /* a store starts with none */
  CHECK_OK(wasmprof_context_set_fuel(f.context, 1000));
  wasmprof_func_t count = export_func(f.context, &f.instance, "count");
  wasmprof_val_t arg = i32_val(10);
  wasmprof_val_t result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(f.context, &count, &arg, 1, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 0);
  CHECK_OK(wasmprof_context_get_fuel(f.context, &fuel));
  CHECK(fuel == 1000 - (5 * 10 + 1));

  /* Exactly enough for 100 iterations, then one unit short. */
  CHECK_OK(wasmprof_context_set_fuel(f.context, 5 * 100 + 1));
  arg = i32_val(100);
  CHECK_OK(wasmprof_func_call(f.context, &count, &arg, 1, &result, 1, &trap));
  CHECK(trap == NULL);
  CHECK_OK(wasmprof_context_get_fuel(f.context, &fuel));
  CHECK(fuel == 0);
  CHECK_OK(wasmprof_context_set_fuel(f.context, 5 * 100));
  CHECK_OK(wasmprof_func_call(f.context, &count, &arg, 1, &result, 1, &trap));
  wasmprof_trap_code_t code;
  CHECK(trap != NULL && wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_OUT_OF_FUEL);
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(strcmp(message.data, "all fuel consumed") == 0);
  wasm_byte_vec_delete(&message);
  wasmprof_trap_delete(trap);
  teardown(&f);
}

static void fuel_stops_an_infinite_loop(void) {
  struct fixture f;
  setup(&f, false, true);
  CHECK_OK(wasmprof_context_set_fuel(f.context, 100000));
  wasmprof_trap_t* trap = run_to_trap(&f, "tick_forever");
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_OUT_OF_FUEL);
  CHECK(f.ticks == 50000);  /* call and br: 2 units per iteration */
  wasmprof_trap_delete(trap);
  teardown(&f);
}

static void fuel_is_an_error_when_the_engine_meters_none(void) {
  struct fixture f;
  setup(&f, false, false);
  wasmprof_error_t* error = wasmprof_context_set_fuel(f.context, 10);
  CHECK(error != NULL && wasmprof_error_kind(error) == WASMPROF_ERROR_USAGE);
  wasmprof_error_delete(error);
  uint64_t fuel = 0;
  error = wasmprof_context_get_fuel(f.context, &fuel);
  CHECK(error != NULL);
  wasmprof_error_delete(error);
  teardown(&f);
}

/* An interrupt handle stops code compiled without epochs or fuel: before a call (at its first
 * instruction) and from another thread during an infinite loop. */
static void an_interrupt_before_a_call_stops_it_at_once(void) {
  struct fixture f;
  setup(&f, false, false);
  wasmprof_interrupt_handle_t* handle = wasmprof_interrupt_handle_new(f.context);
  CHECK(handle != NULL);
  wasmprof_interrupt_handle_interrupt(handle);
  wasmprof_trap_t* trap = run_to_trap(&f, "spin");
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_INTERRUPT);
  wasmprof_trap_delete(trap);
  teardown(&f);
  wasmprof_interrupt_handle_interrupt(handle);  /* after its store: nothing happens */
  wasmprof_interrupt_handle_delete(handle);
}

struct interrupter {
  wasmprof_interrupt_handle_t* handle;
};

static void* interrupt_soon(void* arg) {
  sleep_ms(20);
  wasmprof_interrupt_handle_interrupt(((struct interrupter*)arg)->handle);
  return NULL;
}

static void an_interrupt_from_another_thread_stops_an_infinite_loop(void) {
  struct fixture f;
  setup(&f, false, false);
  struct interrupter interrupter = {wasmprof_interrupt_handle_new(f.context)};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, interrupt_soon, &interrupter) == 0);
  wasmprof_trap_t* trap = run_to_trap(&f, "spin");
  pthread_join(thread, NULL);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_INTERRUPT);
  wasmprof_trap_delete(trap);
  wasmprof_interrupt_handle_delete(interrupter.handle);
  teardown(&f);
}

int main(void) {
  a_deadline_stops_an_infinite_loop_from_a_ticker_thread();
  the_deadline_callback_can_continue();
  without_a_deadline_epoch_code_traps_at_once();
  fuel_is_consumed_per_instruction();
  fuel_stops_an_infinite_loop();
  fuel_is_an_error_when_the_engine_meters_none();
  an_interrupt_before_a_call_stops_it_at_once();
  an_interrupt_from_another_thread_stops_an_infinite_loop();
  puts("epoch_fuel_test: ok");
  return 0;
}
