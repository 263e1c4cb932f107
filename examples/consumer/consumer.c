/* An embedder of the installed wasmprof, in C11 (the C API, wasmprof.h): compiles a small module,
 * calls it, samples the guest's stack from a host function it imports, and writes the Firefox
 * Profiler profile to the file named on the command line. consumer.cc does the same in C++; the
 * bytes below are its module's text, encoded (with a name section naming $leaf and $work).
 * A second argument `compiled` runs the module on the compiling tier (the installed LLVM plugin,
 * found from where the wasmprof library is: tests/install/check_consumer.sh checks which). */
#include <stdio.h>
#include <string.h>

#include "wasmprof.h"

static const uint8_t kModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x02, 0x0e, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x73, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x00, 0x00, 0x03,
    0x03, 0x02, 0x01, 0x01, 0x07, 0x08, 0x01, 0x04, 0x77, 0x6f, 0x72, 0x6b, 0x00, 0x02, 0x0a, 0x15, 0x02, 0x09,
    0x00, 0x10, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x10, 0x01, 0x41, 0x02, 0x6c,
    0x0b, 0x00, 0x1c, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x15, 0x03, 0x00, 0x06, 0x73, 0x61, 0x6d, 0x70, 0x6c,
    0x65, 0x01, 0x04, 0x6c, 0x65, 0x61, 0x66, 0x02, 0x04, 0x77, 0x6f, 0x72, 0x6b,
};

struct host {
  wasmprof_guestprofiler_t* profiler;
  wasmprof_store_t* store;
};

/* env.sample: records the guest's stack as it is now (work, then leaf). */
static wasmprof_trap_t* sample(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args, size_t nargs,
                               wasmprof_val_t* results, size_t nresults) {
  (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
  struct host* host = env;
  wasmprof_guestprofiler_sample(host->profiler, host->store, 0);
  return NULL;
}

static int failed(const char* what, wasmprof_error_t* error) {
  wasm_name_t message;
  wasmprof_error_message(error, &message);
  fprintf(stderr, "%s: %.*s\n", what, (int)message.size, message.data);
  wasm_byte_vec_delete(&message);
  wasmprof_error_delete(error);
  return 1;
}

static int run(wasmprof_engine_t* engine, wasmprof_module_t* module, struct host* host, const char* path) {
  wasmprof_context_t* context = wasmprof_store_context(host->store);
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  wasmprof_functype_t* type = wasmprof_functype_new_from_kinds(NULL, 0, NULL, 0);
  wasmprof_error_t* error = wasmprof_linker_define_func(linker, "env", 3, "sample", 6, type, sample, host, NULL);
  wasmprof_functype_delete(type);
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  if (error == NULL) error = wasmprof_linker_instantiate(linker, context, module, &instance, &trap);
  wasmprof_linker_delete(linker);
  if (error != NULL) return failed("instantiate", error);
  if (trap != NULL) return fprintf(stderr, "instantiate trapped\n"), wasmprof_trap_delete(trap), 1;

  wasmprof_extern_t item;
  if (!wasmprof_instance_export_get(context, &instance, "work", 4, &item) || item.kind != WASMPROF_EXTERN_FUNC)
    return fprintf(stderr, "no export work\n"), 1;
  wasmprof_val_t arg, result;
  arg.kind = WASMPROF_I32;
  arg.of.i32 = 20;
  error = wasmprof_func_call(context, &item.of.func, &arg, 1, &result, 1, &trap);
  if (error != NULL) return failed("work(20)", error);
  if (trap != NULL) return fprintf(stderr, "work(20) trapped\n"), wasmprof_trap_delete(trap), 1;
  printf("work(20) = %d\n", (int)result.of.i32);

  wasm_byte_vec_t profile;
  error = wasmprof_guestprofiler_finish(host->profiler, &profile);  /* takes the profiler */
  host->profiler = NULL;
  if (error != NULL) return failed("profile", error);
  FILE* out = fopen(path, "wb");
  int status = out == NULL || fwrite(profile.data, 1, profile.size, out) != profile.size;
  if (out != NULL && fclose(out) != 0) status = 1;
  wasm_byte_vec_delete(&profile);
  if (status != 0) return fprintf(stderr, "cannot write %s\n", path), 1;
  printf("profile written to %s\n", path);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 3 && strcmp(argv[2], "compiled") == 0)) {
    fprintf(stderr, "usage: %s <profile.json> [compiled]\n", argv[0]);
    return 2;
  }
  wasmprof_config_t* config = wasmprof_config_new();
  if (argc == 3) wasmprof_config_strategy_set(config, WASMPROF_STRATEGY_COMPILED);
  wasmprof_engine_t* engine = wasmprof_engine_new_with_config(config);
  wasmprof_module_t* module = NULL;
  wasmprof_error_t* error = wasmprof_module_new(engine, kModule, sizeof kModule, &module);
  if (error != NULL) {
    wasmprof_engine_delete(engine);
    return failed("compile", error);
  }
  struct host host = {NULL, wasmprof_store_new(engine, NULL, NULL)};
  wasm_name_t profile_name, module_name;
  wasm_name_new_from_string(&profile_name, "consumer-c");
  wasm_name_new_from_string(&module_name, "consumer.wasm");
  const wasmprof_guestprofiler_modules_t modules[] = {{&module_name, module}};
  host.profiler = wasmprof_guestprofiler_new(&profile_name, 1000000, modules, 1);
  wasm_name_delete(&profile_name);
  wasm_name_delete(&module_name);
  int status = run(engine, module, &host, argv[1]);
  if (host.profiler != NULL) wasmprof_guestprofiler_delete(host.profiler);
  wasmprof_store_delete(host.store);
  wasmprof_module_delete(module);
  wasmprof_engine_delete(engine);
  return status;
}
