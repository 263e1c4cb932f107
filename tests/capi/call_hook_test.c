/* Call hooks: the exact sequence of guest/host transitions, and a hook that traps. */
#include "capi_test.h"

struct log {
  const char* entries[32];
  size_t size;
  wasmprof_instance_t instance;
};

static void append(struct log* log, const char* entry) {
  CHECK(log->size < 32);
  log->entries[log->size++] = entry;
}

static wasmprof_trap_t* logging_add(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args, size_t nargs,
                                    wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)nargs, (void)nresults;
  append(wasmprof_context_get_data(wasmprof_caller_context(caller)), "host_add");
  results[0] = i32_val(args[0].of.i32 + args[1].of.i32);
  return NULL;
}

/* call_back(x) = inner(x), a call back into wasm. */
static wasmprof_trap_t* logging_call_back(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                          size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)nargs, (void)nresults;
  wasmprof_context_t* context = wasmprof_caller_context(caller);
  struct log* log = wasmprof_context_get_data(context);
  append(log, "call_back");
  wasmprof_func_t inner = export_func(context, &log->instance, "inner");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(context, &inner, args, 1, results, 1, &trap));
  return trap;
}

static const char* kind_name(wasmprof_call_hook_kind_t kind) {
  switch (kind) {
    case WASMPROF_CALL_HOOK_CALLING_WASM: return "CallingWasm";
    case WASMPROF_CALL_HOOK_RETURNING_FROM_WASM: return "ReturningFromWasm";
    case WASMPROF_CALL_HOOK_CALLING_HOST: return "CallingHost";
    case WASMPROF_CALL_HOOK_RETURNING_FROM_HOST: return "ReturningFromHost";
  }
  return "?";
}

static wasmprof_trap_t* log_transition(void* env, wasmprof_context_t* context, wasmprof_call_hook_kind_t kind) {
  CHECK(env == wasmprof_context_get_data(context));
  append(env, kind_name(kind));
  return NULL;
}

static wasmprof_trap_t* refuse_host_calls(void* env, wasmprof_context_t* context, wasmprof_call_hook_kind_t kind) {
  (void)env, (void)context;
  if (kind == WASMPROF_CALL_HOOK_CALLING_HOST) return wasmprof_trap_new("no host calls allowed", 21);
  return NULL;
}

static void hook_sees_every_transition(void) {
  struct log log = {.size = 0};
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, &log, NULL);
  wasmprof_context_t* context = wasmprof_store_context(store);
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  define_calls_imports(linker, logging_add, logging_call_back, NULL);
  wasmprof_module_t* module = load_test_module(engine, "calls");
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, context, module, &log.instance, &trap));
  wasmprof_store_call_hook(store, log_transition, &log, NULL);

  wasmprof_func_t outer = export_func(context, &log.instance, "outer");
  wasmprof_val_t arg = i32_val(1);
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(context, &outer, &arg, 1, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 2);
  const char* expected[] = {
      "CallingWasm",                     /* host -> outer */
      "CallingHost", "call_back",        /* outer -> call_back */
      "CallingWasm",                     /* call_back -> inner */
      "CallingHost", "host_add",         /* inner -> host_add */
      "ReturningFromHost",               /* host_add -> inner */
      "ReturningFromWasm",               /* inner -> call_back */
      "ReturningFromHost",               /* call_back -> outer */
      "ReturningFromWasm",               /* outer -> host */
  };
  CHECK(log.size == sizeof expected / sizeof expected[0]);
  for (size_t i = 0; i < log.size; ++i) {
    if (strcmp(log.entries[i], expected[i]) != 0) fprintf(stderr, "entry %zu: %s, expected %s\n", i, log.entries[i], expected[i]);
    CHECK(strcmp(log.entries[i], expected[i]) == 0);
  }

  /* A hook that traps stops the guest at the host call; removing it makes calls work again. */
  wasmprof_store_call_hook(store, refuse_host_calls, NULL, NULL);
  wasmprof_func_t via_host = export_func(context, &log.instance, "via_host");
  wasmprof_val_t args[2] = {i32_val(1), i32_val(2)};
  CHECK_OK(wasmprof_func_call(context, &via_host, args, 2, &result, 1, &trap));
  CHECK(trap != NULL);
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(strcmp(message.data, "no host calls allowed") == 0);
  wasm_byte_vec_delete(&message);
  wasmprof_frame_t* origin = wasmprof_trap_origin(trap);
  CHECK(name_is(wasmprof_frame_func_name(origin), "via_host"));
  wasmprof_frame_delete(origin);
  wasmprof_trap_delete(trap);
  wasmprof_store_call_hook(store, NULL, NULL, NULL);
  CHECK_OK(wasmprof_func_call(context, &via_host, args, 2, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 3);

  wasmprof_module_delete(module);
  wasmprof_linker_delete(linker);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

int main(void) {
  hook_sees_every_transition();
  puts("call_hook_test: ok");
  return 0;
}
