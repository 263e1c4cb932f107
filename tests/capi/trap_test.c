/* Traps: codes, messages and frames (function index and name, module and function offsets),
 * traps of host functions, traps through host-wasm-host nesting, start functions, exit. */
#include "capi_test.h"

enum { kCall = 0x10, kI32DivS = 0x6D };

struct fixture {
  wasmprof_engine_t* engine;
  wasmprof_store_t* store;
  wasmprof_context_t* context;
  wasmprof_linker_t* linker;
  wasmprof_module_t* module;
  wasm_byte_vec_t bytes;
  wasmprof_instance_t instance;
};

static void setup(struct fixture* f, wasmprof_func_callback_t call_back) {
  f->engine = wasmprof_engine_new();
  f->store = wasmprof_store_new(f->engine, f, NULL);  /* host functions find the fixture here */
  f->context = wasmprof_store_context(f->store);
  f->linker = wasmprof_linker_new(f->engine);
  define_calls_imports(f->linker, add_callback, call_back, NULL);
  read_test_wasm("calls", &f->bytes);
  CHECK_OK(wasmprof_module_new(f->engine, (const uint8_t*)f->bytes.data, f->bytes.size, &f->module));
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(f->linker, f->context, f->module, &f->instance, &trap));
}

static void teardown(struct fixture* f) {
  wasm_byte_vec_delete(&f->bytes);
  wasmprof_module_delete(f->module);
  wasmprof_linker_delete(f->linker);
  wasmprof_store_delete(f->store);
  wasmprof_engine_delete(f->engine);
}

static uint8_t byte_at(const struct fixture* f, size_t offset) {
  CHECK(offset < f->bytes.size);
  return (uint8_t)f->bytes.data[offset];
}

/* Calls the export `name` with two i32s and returns the trap it must raise. */
static wasmprof_trap_t* call_expecting_trap(struct fixture* f, const char* name, int32_t a, int32_t b, size_t nargs) {
  wasmprof_func_t func = export_func(f->context, &f->instance, name);
  wasmprof_val_t args[2] = {i32_val(a), i32_val(b)};
  wasmprof_val_t result;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(f->context, &func, args, nargs, &result, 1, &trap));
  CHECK(trap != NULL);
  return trap;
}

static void division_by_zero_has_code_message_and_every_frame(void) {
  struct fixture f;
  setup(&f, identity_callback);
  wasmprof_trap_t* trap = call_expecting_trap(&f, "nested_div", 1, 0, 2);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code));
  CHECK(code == WASMPROF_TRAP_CODE_INTEGER_DIVISION_BY_ZERO);
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(message.size == strlen("integer divide by zero") + 1);
  CHECK(strcmp(message.data, "integer divide by zero") == 0);
  wasm_byte_vec_delete(&message);

  wasmprof_frame_vec_t frames;
  wasmprof_trap_trace(trap, &frames);
  CHECK(frames.size == 3);  /* div, level2, level1: innermost first */
  const char* names[] = {"div", "level2", "level1"};
  const uint32_t indices[] = {6, 7, 8};  /* two imports, then add, via_host, outer, inner */
  const uint8_t opcodes[] = {kI32DivS, kCall, kCall};
  for (size_t i = 0; i < 3; ++i) {
    CHECK(name_is(wasmprof_frame_func_name(frames.data[i]), names[i]));
    CHECK(name_is(wasmprof_frame_module_name(frames.data[i]), "calls"));
    CHECK(wasmprof_frame_func_index(frames.data[i]) == indices[i]);
    CHECK(wasmprof_frame_func_offset(frames.data[i]) == 5);  /* locals, two local.gets, then it */
    CHECK(byte_at(&f, wasmprof_frame_module_offset(frames.data[i])) == opcodes[i]);
  }
  wasmprof_frame_t* origin = wasmprof_trap_origin(trap);
  CHECK(origin != NULL && wasmprof_frame_func_index(origin) == 6);
  wasmprof_frame_t* copy = wasmprof_frame_copy(origin);
  wasmprof_frame_delete(origin);  /* the copy keeps its own name */
  CHECK(name_is(wasmprof_frame_func_name(copy), "div"));
  wasmprof_frame_delete(copy);
  wasmprof_frame_vec_t frames_copy;
  wasmprof_frame_vec_copy(&frames_copy, &frames);
  wasmprof_frame_vec_delete(&frames);
  CHECK(frames.size == 0 && frames.data == NULL);
  CHECK(name_is(wasmprof_frame_func_name(frames_copy.data[2]), "level1"));
  wasmprof_frame_vec_delete(&frames_copy);
  wasmprof_trap_delete(trap);

  /* The store stays usable: overflow next, then a good call. */
  trap = call_expecting_trap(&f, "div", INT32_MIN, -1, 2);
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_INTEGER_OVERFLOW);
  wasmprof_trap_delete(trap);
  wasmprof_func_t div = export_func(f.context, &f.instance, "div");
  wasmprof_val_t args[2] = {i32_val(12), i32_val(4)};
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(f.context, &div, args, 2, &result, 1, &trap));
  CHECK(trap == NULL && result.of.i32 == 3);
  teardown(&f);
}

static wasmprof_trap_t* refuse_negative(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                        size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)caller, (void)nargs, (void)nresults;
  if (args[0].of.i32 < 0) return wasmprof_trap_new("negative input", strlen("negative input"));
  results[0] = args[0];
  return NULL;
}

static void a_host_trap_has_its_message_and_the_callers_frames(void) {
  struct fixture f;
  setup(&f, refuse_negative);
  wasmprof_trap_t* trap = call_expecting_trap(&f, "outer", -1, 0, 1);
  wasmprof_trap_code_t code;
  CHECK(!wasmprof_trap_code(trap, &code));  /* not an instruction's trap */
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(strcmp(message.data, "negative input") == 0);
  wasm_byte_vec_delete(&message);
  wasmprof_frame_vec_t frames;
  wasmprof_trap_trace(trap, &frames);
  CHECK(frames.size == 1);
  CHECK(name_is(wasmprof_frame_func_name(frames.data[0]), "outer"));
  CHECK(byte_at(&f, wasmprof_frame_module_offset(frames.data[0])) == kCall);  /* the call to the host */
  wasmprof_frame_vec_delete(&frames);
  wasmprof_trap_delete(trap);
  teardown(&f);
}

static wasmprof_trap_t* out_of_bounds(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                     size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
  return wasmprof_trap_new_code(WASMPROF_TRAP_CODE_MEMORY_OUT_OF_BOUNDS);
}

static void a_host_trap_can_carry_a_trap_code(void) {
  CHECK(wasmprof_trap_new_code(WASMPROF_TRAP_CODE_HEAP_MISALIGNED) == NULL);
  struct fixture f;
  setup(&f, out_of_bounds);
  wasmprof_trap_t* trap = call_expecting_trap(&f, "outer", 1, 0, 1);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_MEMORY_OUT_OF_BOUNDS);
  wasm_message_t message;
  wasmprof_trap_message(trap, &message);
  CHECK(strcmp(message.data, "out of bounds memory access") == 0);
  wasm_byte_vec_delete(&message);
  wasmprof_frame_t* origin = wasmprof_trap_origin(trap);
  CHECK(name_is(wasmprof_frame_func_name(origin), "outer"));
  wasmprof_frame_delete(origin);
  wasmprof_trap_delete(trap);
  teardown(&f);
}

/* call_back(x) calls the guest's div(10, x) and hands back its trap, if any. */
static wasmprof_trap_t* divide_ten_in_wasm(void* env, wasmprof_caller_t* caller, const wasmprof_val_t* args,
                                           size_t nargs, wasmprof_val_t* results, size_t nresults) {
  (void)env, (void)nargs, (void)nresults;
  wasmprof_context_t* context = wasmprof_caller_context(caller);
  struct fixture* f = wasmprof_context_get_data(context);
  wasmprof_func_t div = export_func(context, &f->instance, "div");
  wasmprof_val_t div_args[2] = {i32_val(10), args[0]};
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_func_call(context, &div, div_args, 2, results, 1, &trap));
  return trap;
}

static void a_trap_in_nested_wasm_keeps_all_frames_across_the_host(void) {
  struct fixture f;
  setup(&f, divide_ten_in_wasm);
  wasmprof_trap_t* trap = call_expecting_trap(&f, "outer", 0, 0, 1);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_INTEGER_DIVISION_BY_ZERO);
  wasmprof_frame_vec_t frames;
  wasmprof_trap_trace(trap, &frames);
  CHECK(frames.size == 2);
  CHECK(name_is(wasmprof_frame_func_name(frames.data[0]), "div"));
  CHECK(name_is(wasmprof_frame_func_name(frames.data[1]), "outer"));
  CHECK(byte_at(&f, wasmprof_frame_module_offset(frames.data[0])) == kI32DivS);
  CHECK(byte_at(&f, wasmprof_frame_module_offset(frames.data[1])) == kCall);
  wasmprof_frame_vec_delete(&frames);
  wasmprof_trap_delete(trap);
  teardown(&f);
}

static void a_start_function_trap_fails_instantiation(void) {
  wasmprof_engine_t* engine = wasmprof_engine_new();
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_module_t* module = load_test_module(engine, "start_trap");
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_instance_new(wasmprof_store_context(store), module, NULL, 0, &instance, &trap));
  CHECK(trap != NULL);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_UNREACHABLE_CODE_REACHED);
  wasmprof_frame_t* origin = wasmprof_trap_origin(trap);
  CHECK(name_is(wasmprof_frame_func_name(origin), "boom"));
  CHECK(wasmprof_frame_func_index(origin) == 0);
  wasmprof_frame_delete(origin);
  wasmprof_trap_delete(trap);
  wasmprof_module_delete(module);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

static void deep_recursion_is_a_stack_overflow(void) {
  wasmprof_config_t* config = wasmprof_config_new();
  wasmprof_config_max_call_depth_set(config, 300);
  wasmprof_engine_t* engine = wasmprof_engine_new_with_config(config);
  wasmprof_store_t* store = wasmprof_store_new(engine, NULL, NULL);
  wasmprof_context_t* context = wasmprof_store_context(store);
  wasmprof_linker_t* linker = wasmprof_linker_new(engine);
  define_calls_imports(linker, add_callback, identity_callback, NULL);
  wasmprof_module_t* module = load_test_module(engine, "calls");
  wasmprof_instance_t instance;
  wasmprof_trap_t* trap = NULL;
  CHECK_OK(wasmprof_linker_instantiate(linker, context, module, &instance, &trap));
  wasmprof_func_t recurse = export_func(context, &instance, "recurse");
  wasmprof_val_t arg = i32_val(1);
  wasmprof_val_t result;
  CHECK_OK(wasmprof_func_call(context, &recurse, &arg, 1, &result, 1, &trap));
  CHECK(trap != NULL);
  wasmprof_trap_code_t code;
  CHECK(wasmprof_trap_code(trap, &code) && code == WASMPROF_TRAP_CODE_STACK_OVERFLOW);
  wasmprof_frame_vec_t frames;
  wasmprof_trap_trace(trap, &frames);
  CHECK(frames.size == 300);
  CHECK(name_is(wasmprof_frame_func_name(frames.data[299]), "forever"));
  wasmprof_frame_vec_delete(&frames);
  wasmprof_trap_delete(trap);
  wasmprof_module_delete(module);
  wasmprof_linker_delete(linker);
  wasmprof_store_delete(store);
  wasmprof_engine_delete(engine);
}

int main(void) {
  division_by_zero_has_code_message_and_every_frame();
  a_host_trap_has_its_message_and_the_callers_frames();
  a_host_trap_can_carry_a_trap_code();
  a_trap_in_nested_wasm_keeps_all_frames_across_the_host();
  a_start_function_trap_fails_instantiation();
  deep_recursion_is_a_stack_overflow();
  puts("trap_test: ok");
  return 0;
}
