// Embedding wasmprof from C (include/wasmprof.h): load a module, link a host function, call
// exports, handle a trap and print its backtrace, stop a runaway loop with an epoch deadline
// set off by a ticker thread, and limit work with fuel.
//
//   embed-c <guest.wasm>      (the build makes examples/guest.wasm from guest.c)
//
// Every object created here is deleted with its own *_delete, as the header's ownership rules
// say; the examples' test runs this under AddressSanitizer's leak checker too.
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wasmprof.h"

// Prints a failed API call's error (and frees it); true if there was one.
static bool report_error(const char* what, wasmprof_error_t* error) {
  if (error == NULL) return false;
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  fprintf(stderr, "%s: %.*s\n", what, (int)message.size, message.data);
  wasm_byte_vec_delete(&message);
  wasmprof_error_delete(error);
  return true;
}

// Prints a trap's message and its frames, innermost first, the way `wasmtime run` does.
static void print_trap(const char* what, const wasmprof_trap_t* trap) {
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);  // NUL-terminated
  printf("%s trapped: %s\n", what, message.data);
  wasm_byte_vec_delete(&message);
  wasmprof_frame_vec_t frames;
  wasmprof_trap_trace(trap, &frames);
  printf("wasm backtrace:\n");
  for (size_t i = 0; i < frames.size; ++i) {
    const wasm_name_t* name = wasmprof_frame_func_name(frames.data[i]);
    printf("  %zu: 0x%zx - ", i, wasmprof_frame_module_offset(frames.data[i]));
    if (name != NULL)
      printf("%.*s\n", (int)name->size, name->data);
    else
      printf("wasm-function[%" PRIu32 "]\n", wasmprof_frame_func_index(frames.data[i]));
  }
  wasmprof_frame_vec_delete(&frames);
}

static bool read_file(const char* path, wasm_byte_vec_t* out) {
  FILE* file = fopen(path, "rb");
  if (file == NULL) return false;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  bool ok = fread(out->data, 1, (size_t)size, file) == (size_t)size;
  fclose(file);
  if (!ok) wasm_byte_vec_delete(out);
  return ok;
}

// env.mix: the host function the guest's checksum calls; counts its calls in `env`.
static wasmprof_trap_t* mix(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args, size_t nargs,
                            wasmprof_val_t* results, size_t nresults) {
  (void)caller, (void)nargs, (void)nresults;
  *(int*)env += 1;
  results[0].kind = WASMPROF_I32;
  results[0].of.i32 = args[0].of.i32 * args[0].of.i32 + 1;
  return NULL;
}

struct ticker {
  wasmprof_engine_t* engine;
  atomic_bool stop;
  atomic_int ticks;
};

// Advances the engine's epoch every 10 ms, as a timer thread of a real embedder would.
static void* tick(void* arg) {
  struct ticker* ticker = arg;
  const struct timespec period = {0, 10 * 1000000L};
  while (!atomic_load(&ticker->stop)) {
    nanosleep(&period, NULL);
    wasmprof_engine_increment_epoch(ticker->engine);
    atomic_fetch_add(&ticker->ticks, 1);
  }
  return NULL;
}

static bool find_func(wasmprof_context_t* context, const wasmprof_instance_t* instance, const char* name,
                      wasmprof_func_t* func) {
  wasmprof_extern_t item;
  if (!wasmprof_instance_export_get(context, instance, name, strlen(name), &item) ||
      item.kind != WASMPROF_EXTERN_FUNC) {
    fprintf(stderr, "the guest exports no function %s\n", name);
    return false;
  }
  *func = item.of.func;
  return true;
}

static wasmprof_val_t i32(int32_t value) {
  wasmprof_val_t val;
  val.kind = WASMPROF_I32;
  val.of.i32 = value;
  return val;
}

// Calls func(args) -> one i32. Returns 0 on success, 1 if it trapped (trap printed), -1 on error.
static int call_i32(wasmprof_context_t* context, const wasmprof_func_t* func, const char* what,
                    const wasmprof_val_t* args, size_t nargs, int32_t* result) {
  wasmprof_val_t out;
  wasmprof_trap_t* trap = NULL;
  if (report_error(what, wasmprof_func_call(context, func, args, nargs, &out, 1, &trap))) return -1;
  if (trap != NULL) {
    print_trap(what, trap);
    wasmprof_trap_delete(trap);
    return 1;
  }
  *result = out.of.i32;
  return 0;
}

static int run(wasmprof_engine_t* engine, wasmprof_store_t* store, wasmprof_module_t* module) {
  wasmprof_context_t* context = wasmprof_store_context(store);
  // This engine meters fuel and checks epochs: until the examples below, calls get plenty of
  // both (a store starts with no fuel and a deadline of 0).
  if (report_error("fuel", wasmprof_context_set_fuel(context, UINT64_MAX))) return 1;
  wasmprof_context_set_epoch_deadline(context, 1000000);

  // 1. Link the host function env.mix and instantiate; the guest is a reactor: initialise it.
  int mix_calls = 0;
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  const wasmprof_valkind_t i32_kind = WASMPROF_I32;
  wasmprof_functype_t* mix_type = wasmprof_functype_new_from_kinds(&i32_kind, 1, &i32_kind, 1);
  wasmprof_error_t* error = wasmprof_linker_define_func(linker, "env", 3, "mix", 3, mix_type, mix, &mix_calls, NULL);
  wasmprof_functype_delete(mix_type);
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  if (error == NULL) error = wasmprof_linker_instantiate(linker, context, module, &instance, &trap);
  wasmprof_linker_delete(linker);  // the instance keeps its host functions
  if (report_error("instantiate", error)) return 1;
  if (trap != NULL) {
    print_trap("instantiate", trap);
    wasmprof_trap_delete(trap);
    return 1;
  }
  wasmprof_func_t initialize, checksum, average, spin_forever, collatz_steps;
  if (!find_func(context, &instance, "_initialize", &initialize) || !find_func(context, &instance, "checksum", &checksum) ||
      !find_func(context, &instance, "average", &average) || !find_func(context, &instance, "spin_forever", &spin_forever) ||
      !find_func(context, &instance, "collatz_steps", &collatz_steps))
    return 1;
  if (report_error("_initialize", wasmprof_func_call(context, &initialize, NULL, 0, NULL, 0, &trap)) || trap != NULL)
    return 1;

  // 2. Call an export that calls the host.
  int32_t result = 0;
  wasmprof_val_t ten = i32(10);
  if (call_i32(context, &checksum, "checksum(10)", &ten, 1, &result) != 0) return 1;
  printf("checksum(10) = %" PRId32 " (env.mix called %d times)\n", result, mix_calls);

  // 3. A trap: its message and backtrace, then the store carries on.
  wasmprof_val_t average_args[2] = {i32(10), i32(0)};
  if (call_i32(context, &average, "average(10, 0)", average_args, 2, &result) != 1) return 1;
  average_args[1] = i32(4);
  if (call_i32(context, &average, "average(10, 4)", average_args, 2, &result) != 0) return 1;
  printf("average(10, 4) = %" PRId32 "\n", result);

  // 4. A runaway loop, stopped by an epoch deadline: one tick of the ticker thread from now.
  struct ticker ticker = {engine, false, 0};
  pthread_t thread;
  if (pthread_create(&thread, NULL, tick, &ticker) != 0) return 1;
  wasmprof_context_set_epoch_deadline(context, 1);
  error = wasmprof_func_call(context, &spin_forever, NULL, 0, NULL, 0, &trap);
  atomic_store(&ticker.stop, true);
  pthread_join(thread, NULL);
  if (report_error("spin_forever", error)) return 1;
  wasmprof_trap_code_t code;
  if (trap == NULL || !wasmprof_trap_code(trap, &code) || code != WASMPROF_TRAP_CODE_INTERRUPT) {
    fprintf(stderr, "spin_forever was not interrupted\n");
    wasmprof_trap_delete(trap);
    return 1;
  }
  print_trap("spin_forever()", trap);
  wasmprof_trap_delete(trap);
  printf("runaway loop interrupted by the epoch deadline\n");
  wasmprof_context_set_epoch_deadline(context, 1000000);

  // 5. Fuel: enough for a small job, not for a big one.
  const uint64_t budget = 1000000;
  if (report_error("fuel", wasmprof_context_set_fuel(context, budget))) return 1;
  wasmprof_val_t limit = i32(100);
  if (call_i32(context, &collatz_steps, "collatz_steps(100)", &limit, 1, &result) != 0) return 1;
  uint64_t left = 0;
  if (report_error("fuel", wasmprof_context_get_fuel(context, &left))) return 1;
  printf("collatz_steps(100) = %" PRId32 " using %" PRIu64 " of %" PRIu64 " fuel\n", result, budget - left, budget);
  if (report_error("fuel", wasmprof_context_set_fuel(context, budget))) return 1;
  limit = i32(100000);
  if (call_i32(context, &collatz_steps, "collatz_steps(100000)", &limit, 1, &result) != 1) return 1;
  printf("fuel ran out before collatz_steps(100000) finished\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s <guest.wasm>\n", argv[0]);
    return 2;
  }
  wasm_byte_vec_t bytes;
  if (!read_file(argv[1], &bytes)) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  wasmprof_config_t* config = wasmprof_config_new();
  wasmprof_config_epoch_interruption_set(config, true);
  wasmprof_config_consume_fuel_set(config, true);
  wasmprof_engine_t* engine = wasmprof_engine_new_with_config(config);  // takes the config
  wasmprof_module_t* module = NULL;
  wasmprof_error_t* error = wasmprof_module_new(engine, (const uint8_t*)bytes.data, bytes.size, &module);
  wasm_byte_vec_delete(&bytes);
  int status = 1;
  if (!report_error("compile", error)) {
    printf("loaded %s\n", argv[1]);
    wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
    status = run(engine, store, module);
    wasmprof_store_delete(store);
    wasmprof_module_delete(module);
  }
  wasmprof_engine_delete(engine);
  return status;
}
