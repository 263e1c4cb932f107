/* The standard C API (include/wasm.h) from C11: every function the header declares is called
 * here with its result checked. Ownership is checked by running under the sanitizer build,
 * where LeakSanitizer fails a leak and AddressSanitizer a double free or a use after free; the
 * finalizer counts check that every finalizer runs exactly once, when the standard says. */
#include <pthread.h>

#include "wasm.h"
#include "wasmprof_wasm.h"
/* After wasm.h: the two headers share the byte vectors, in either order (see the C++ test). */
#include "capi_test.h"

static int finalized = 0;
static void count_finalizer(void* data) {
  (void)data;
  ++finalized;
}

/* ---- Host functions ---- */

/* host.add: the sum, or a trap when the first argument is -1. */
static wasm_trap_t* add_host(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 2 && results->size == 1);
  CHECK(args->data[0].kind == WASM_I32 && results->data[0].kind == WASM_I32);
  if (args->data[0].of.i32 == -1) {
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "host says no");
    wasm_trap_t* trap = wasm_trap_new(NULL, &message);
    wasm_name_delete(&message);
    return trap;
  }
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

/* With an environment: adds the int it points to. */
static wasm_trap_t* add_env_host(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + *(int*)env;
  return NULL;
}

/* Passes a reference through (the argument is lent; the result copy is the runtime's). */
static wasm_trap_t* pass_ref_host(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

/* ---- Helpers ---- */

static wasm_module_t* load_module(wasm_store_t* store, const char* name) {
  wasm_byte_vec_t binary;
  read_test_wasm(name, &binary);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  wasm_byte_vec_delete(&binary);
  return module;
}

/* The export named `name` of an instance of `module`, borrowed from `exports`. */
static wasm_extern_t* export_named(const wasm_module_t* module, const wasm_extern_vec_t* exports, const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  CHECK(types.size == exports->size);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size; ++i)
    if (name_is(wasm_exporttype_name(types.data[i]), name)) found = exports->data[i];
  wasm_exporttype_vec_delete(&types);
  CHECK(found != NULL);
  return found;
}

static wasm_val_t i32(int32_t value) {
  wasm_val_t val = WASM_I32_VAL(value);
  return val;
}

static wasm_functype_t* i32_i32_to_i32(void) {
  return wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
}

/* Calls a function of one i32 result. */
static int32_t call_i32(const wasm_func_t* func, int32_t a, int32_t b, size_t nargs) {
  wasm_val_t args[2] = {i32(a), i32(b)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = {nargs, args};
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(func, &arg_vec, &result_vec);
  CHECK(trap == NULL);
  CHECK(results[0].kind == WASM_I32);
  return results[0].of.i32;
}

static int message_is(const wasm_trap_t* trap, const char* expected) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  const int same = message.size == strlen(expected) + 1 && memcmp(message.data, expected, message.size) == 0;
  if (!same) fprintf(stderr, "trap message: %.*s\n", (int)message.size, message.data);
  wasm_name_delete(&message);
  return same;
}

static int message_contains(const wasm_trap_t* trap, const char* text) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  CHECK(message.size > 0 && message.data[message.size - 1] == '\0');
  const int found = strstr(message.data, text) != NULL;
  if (!found) fprintf(stderr, "trap message: %s\n", message.data);
  wasm_name_delete(&message);
  return found;
}

/* ---- Vectors and types ---- */

/* Every pointer vector: new_empty, new_uninitialized, new (taking the elements), copy (deep)
 * and delete (deleting the elements). `make` makes an owned element. */
#define CHECK_POINTER_VEC(name, make)                            \
  do {                                                           \
    wasm_##name##_vec_t empty, blank, full, copy;                \
    wasm_##name##_vec_new_empty(&empty);                         \
    CHECK(empty.size == 0 && empty.data == NULL);                \
    wasm_##name##_vec_new_uninitialized(&blank, 3);              \
    CHECK(blank.size == 3 && blank.data != NULL);                \
    wasm_##name##_t* elements[2] = {make, make};                 \
    CHECK(elements[0] != NULL && elements[1] != NULL);           \
    wasm_##name##_vec_new(&full, 2, elements);                   \
    CHECK(full.size == 2 && full.data[1] == elements[1]);        \
    wasm_##name##_vec_copy(&copy, &full);                        \
    CHECK(copy.size == 2 && copy.data[0] != full.data[0]);       \
    wasm_##name##_vec_delete(&empty);                            \
    wasm_##name##_vec_delete(&blank);                            \
    wasm_##name##_vec_delete(&full);                             \
    wasm_##name##_vec_delete(&copy);                             \
    CHECK(copy.size == 0 && copy.data == NULL);                  \
  } while (0)

static wasm_externtype_t* make_externtype(void) {
  wasm_limits_t limits = {1, 2};
  return wasm_memorytype_as_externtype(wasm_memorytype_new(&limits));
}

static wasm_importtype_t* make_importtype(void) {
  wasm_name_t module, name;
  wasm_name_new_from_string(&module, "m");
  wasm_name_new_from_string(&name, "n");
  return wasm_importtype_new(&module, &name, make_externtype());
}

static wasm_exporttype_t* make_exporttype(void) {
  wasm_name_t name;
  wasm_name_new_from_string(&name, "e");
  return wasm_exporttype_new(&name, make_externtype());
}

static void test_types(void) {
  wasm_limits_t limits = {1, wasm_limits_max_default};
  CHECK_POINTER_VEC(valtype, wasm_valtype_new_i64());
  CHECK_POINTER_VEC(functype, wasm_functype_new_0_0());
  CHECK_POINTER_VEC(globaltype, wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR));
  CHECK_POINTER_VEC(tabletype, wasm_tabletype_new(wasm_valtype_new_funcref(), &limits));
  CHECK_POINTER_VEC(memorytype, wasm_memorytype_new(&limits));
  CHECK_POINTER_VEC(externtype, make_externtype());
  CHECK_POINTER_VEC(importtype, make_importtype());
  CHECK_POINTER_VEC(exporttype, make_exporttype());
  wasm_byte_vec_t bytes, bytes_copy;
  wasm_byte_vec_new_empty(&bytes);
  CHECK(bytes.size == 0);
  wasm_byte_vec_delete(&bytes);
  wasm_name_new_from_string(&bytes, "name");
  wasm_byte_vec_copy(&bytes_copy, &bytes);
  CHECK(name_is(&bytes_copy, "name") && bytes_copy.data != bytes.data);
  wasm_byte_vec_delete(&bytes);
  wasm_byte_vec_delete(&bytes_copy);

  /* Value types. */
  const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; ++i) {
    wasm_valtype_t* type = wasm_valtype_new(kinds[i]);
    wasm_valtype_t* copy = wasm_valtype_copy(type);
    CHECK(wasm_valtype_kind(type) == kinds[i] && wasm_valtype_kind(copy) == kinds[i]);
    CHECK(wasm_valtype_is_ref(type) == (kinds[i] >= WASM_EXTERNREF));
    CHECK(wasm_valtype_is_num(type) == (kinds[i] < WASM_EXTERNREF));
    wasm_valtype_delete(type);
    wasm_valtype_delete(copy);
  }
  CHECK(wasm_valtype_new(77) == NULL);
  wasm_valtype_delete(wasm_valtype_new_externref());
  wasm_valtype_delete(wasm_valtype_new_f64());

  /* Function types, and every shorthand. */
  wasm_functype_t* type = wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                                                wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                                                wasm_valtype_new_funcref());
  wasm_functype_t* copy = wasm_functype_copy(type);
  CHECK(wasm_functype_params(copy)->size == 3 && wasm_functype_results(copy)->size == 2);
  CHECK(wasm_valtype_kind(wasm_functype_params(copy)->data[1]) == WASM_I64);
  CHECK(wasm_valtype_kind(wasm_functype_results(copy)->data[1]) == WASM_FUNCREF);
  wasm_functype_t* shorthands[] = {
      wasm_functype_new_1_0(wasm_valtype_new_i32()),
      wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_3_0(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_0_1(wasm_valtype_new_i32()),
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32()),
      wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32()),
  };
  const size_t arities[][2] = {{1, 0}, {2, 0}, {3, 0}, {0, 1}, {1, 1}, {3, 1}, {0, 2}, {1, 2}, {2, 2}};
  for (size_t i = 0; i < sizeof shorthands / sizeof *shorthands; ++i) {
    CHECK(wasm_functype_params(shorthands[i])->size == arities[i][0]);
    CHECK(wasm_functype_results(shorthands[i])->size == arities[i][1]);
    wasm_functype_delete(shorthands[i]);
  }

  /* Global, table and memory types, and their extern views. */
  wasm_globaltype_t* global = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(global)) == WASM_I64);
  CHECK(wasm_globaltype_mutability(global) == WASM_VAR);
  wasm_limits_t table_limits = {2, 9};
  wasm_tabletype_t* table = wasm_tabletype_new(wasm_valtype_new_externref(), &table_limits);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(table)) == WASM_EXTERNREF);
  CHECK(wasm_tabletype_limits(table)->min == 2 && wasm_tabletype_limits(table)->max == 9);
  CHECK(wasm_tabletype_new(wasm_valtype_new_i32(), &table_limits) == NULL); /* not a reference */
  wasm_memorytype_t* memory = wasm_memorytype_new(&limits);
  CHECK(wasm_memorytype_limits(memory)->max == wasm_limits_max_default);

  CHECK(wasm_externtype_kind(wasm_functype_as_externtype(type)) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_kind(wasm_globaltype_as_externtype(global)) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_externtype_kind(wasm_tabletype_as_externtype(table)) == WASM_EXTERN_TABLE);
  CHECK(wasm_externtype_kind(wasm_memorytype_as_externtype(memory)) == WASM_EXTERN_MEMORY);
  CHECK(wasm_externtype_as_functype(wasm_functype_as_externtype(type)) == type);
  CHECK(wasm_externtype_as_globaltype(wasm_globaltype_as_externtype(global)) == global);
  CHECK(wasm_externtype_as_tabletype(wasm_tabletype_as_externtype(table)) == table);
  CHECK(wasm_externtype_as_memorytype(wasm_memorytype_as_externtype(memory)) == memory);
  CHECK(wasm_externtype_as_functype_const(wasm_functype_as_externtype_const(type)) == type);
  CHECK(wasm_externtype_as_globaltype_const(wasm_globaltype_as_externtype_const(global)) == global);
  CHECK(wasm_externtype_as_tabletype_const(wasm_tabletype_as_externtype_const(table)) == table);
  CHECK(wasm_externtype_as_memorytype_const(wasm_memorytype_as_externtype_const(memory)) == memory);
  CHECK(wasm_externtype_as_memorytype(wasm_functype_as_externtype(type)) == NULL);
  CHECK(wasm_externtype_as_functype_const(wasm_memorytype_as_externtype_const(memory)) == NULL);

  wasm_externtype_t* extern_copy = wasm_externtype_copy(wasm_tabletype_as_externtype_const(table));
  CHECK(wasm_tabletype_limits(wasm_externtype_as_tabletype(extern_copy))->max == 9);
  wasm_externtype_delete(extern_copy);
  wasm_globaltype_t* global_copy = wasm_globaltype_copy(global);
  wasm_tabletype_t* table_copy = wasm_tabletype_copy(table);
  wasm_memorytype_t* memory_copy = wasm_memorytype_copy(memory);
  CHECK(wasm_globaltype_mutability(global_copy) == WASM_VAR);
  CHECK(wasm_tabletype_limits(table_copy)->min == 2 && wasm_memorytype_limits(memory_copy)->min == 1);

  /* Import and export types take their names and types. */
  wasm_importtype_t* import = make_importtype();
  wasm_importtype_t* import_copy = wasm_importtype_copy(import);
  CHECK(name_is(wasm_importtype_module(import_copy), "m") && name_is(wasm_importtype_name(import_copy), "n"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(import_copy)) == WASM_EXTERN_MEMORY);
  wasm_exporttype_t* export_type = make_exporttype();
  wasm_exporttype_t* export_copy = wasm_exporttype_copy(export_type);
  CHECK(name_is(wasm_exporttype_name(export_copy), "e"));
  CHECK(wasm_externtype_kind(wasm_exporttype_type(export_copy)) == WASM_EXTERN_MEMORY);

  wasm_importtype_delete(import);
  wasm_importtype_delete(import_copy);
  wasm_exporttype_delete(export_type);
  wasm_exporttype_delete(export_copy);
  wasm_globaltype_delete(global_copy);
  wasm_tabletype_delete(table_copy);
  wasm_memorytype_delete(memory_copy);
  wasm_externtype_delete(wasm_globaltype_as_externtype(global)); /* deletes the global type */
  wasm_tabletype_delete(table);
  wasm_memorytype_delete(memory);
  wasm_functype_delete(copy);
  wasm_functype_delete(type);
}

/* ---- Modules ---- */

static void test_module(wasm_engine_t* engine, wasm_store_t* store) {
  wasm_byte_vec_t garbage;
  wasm_byte_vec_new(&garbage, 4, "junk");
  CHECK(!wasm_module_validate(store, &garbage));
  CHECK(wasm_module_new(store, &garbage) == NULL);
  wasm_byte_vec_delete(&garbage);

  wasm_module_t* module = load_module(store, "standard");
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 3);
  CHECK(name_is(wasm_importtype_module(imports.data[0]), "host") && name_is(wasm_importtype_name(imports.data[0]), "add"));
  const wasm_functype_t* add_type = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  CHECK(add_type != NULL && wasm_functype_params(add_type)->size == 2);
  const wasm_globaltype_t* g_type = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  CHECK(g_type != NULL && wasm_globaltype_mutability(g_type) == WASM_VAR);
  const wasm_tabletype_t* t_type = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  CHECK(t_type != NULL && wasm_valtype_kind(wasm_tabletype_element(t_type)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(t_type)->min == 1 && wasm_tabletype_limits(t_type)->max == wasm_limits_max_default);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 11);
  int saw_memory = 0;
  for (size_t i = 0; i < exports.size; ++i)
    if (name_is(wasm_exporttype_name(exports.data[i]), "mem")) {
      const wasm_memorytype_t* type = wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[i]));
      CHECK(type != NULL && wasm_memorytype_limits(type)->min == 1 && wasm_memorytype_limits(type)->max == 3);
      saw_memory = 1;
    }
  CHECK(saw_memory);
  wasm_exporttype_vec_delete(&exports);

  /* Serialization: the module's bytes behind a checked header. */
  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  wasm_module_t* again = wasm_module_deserialize(store, &serialized);
  CHECK(again != NULL);
  wasm_exporttype_vec_t again_exports;
  wasm_module_exports(again, &again_exports);
  CHECK(again_exports.size == 11);
  wasm_exporttype_vec_delete(&again_exports);
  serialized.data[serialized.size - 1] ^= 1; /* a changed byte fails the checksum */
  CHECK(wasm_module_deserialize(store, &serialized) == NULL);
  serialized.data[serialized.size - 1] ^= 1;
  serialized.data[0] = 'X'; /* not our format */
  CHECK(wasm_module_deserialize(store, &serialized) == NULL);
  wasm_byte_vec_t truncated = {10, serialized.data};
  CHECK(wasm_module_deserialize(store, &truncated) == NULL);
  wasm_byte_vec_delete(&serialized);

  /* Shared modules: obtained in any store of the same engine, none of another. */
  wasm_shared_module_t* shared = wasm_module_share(module);
  CHECK(shared != NULL);
  wasm_store_t* other_store = wasm_store_new(engine);
  wasm_module_t* obtained = wasm_module_obtain(other_store, shared);
  CHECK(obtained != NULL);
  wasm_engine_t* other_engine = wasm_engine_new();
  wasm_store_t* foreign_store = wasm_store_new(other_engine);
  CHECK(wasm_module_obtain(foreign_store, shared) == NULL);
  wasm_store_delete(foreign_store);
  wasm_engine_delete(other_engine);
  wasm_module_delete(obtained);
  wasm_store_delete(other_store);
  wasm_shared_module_delete(shared);

  wasm_module_delete(again);
  wasm_module_delete(module);
}

/* ---- Everything a store holds: externs, instances, values, references, traps ---- */

static void test_instance(wasm_store_t* store) {
  wasm_module_t* module = load_module(store, "standard");

  wasm_functype_t* add_type = i32_i32_to_i32();
  wasm_func_t* add = wasm_func_new(store, add_type, add_host);
  CHECK(add != NULL);
  wasm_functype_delete(add_type); /* the function keeps its own copy */
  wasm_functype_t* got_type = wasm_func_type(add);
  CHECK(wasm_functype_params(got_type)->size == 2 && wasm_functype_results(got_type)->size == 1);
  wasm_functype_delete(got_type);
  CHECK(wasm_func_param_arity(add) == 2 && wasm_func_result_arity(add) == 1);

  wasm_globaltype_t* g_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t seven = i32(7);
  wasm_global_t* g = wasm_global_new(store, g_type, &seven);
  CHECK(g != NULL);
  wasm_val_t wrong = WASM_I64_VAL(1);
  CHECK(wasm_global_new(store, g_type, &wrong) == NULL); /* a value of another type */
  wasm_globaltype_delete(g_type);

  wasm_limits_t t_limits = {1, wasm_limits_max_default};
  wasm_tabletype_t* t_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &t_limits);
  wasm_table_t* t = wasm_table_new(store, t_type, NULL);
  CHECK(t != NULL);
  wasm_tabletype_delete(t_type);

  /* Instantiation: the wrong count of imports fails with a trap that says why. */
  wasm_extern_t* too_few[] = {wasm_func_as_extern(add)};
  wasm_extern_vec_t too_few_vec = WASM_ARRAY_VEC(too_few);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &too_few_vec, &trap) == NULL);
  CHECK(trap != NULL && message_contains(trap, "import"));
  wasm_trap_delete(trap);

  wasm_extern_t* externs[] = {wasm_func_as_extern(add), wasm_global_as_extern(g), wasm_table_as_extern(t)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL && trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 11);

  /* Calls through a host function, and its trap. */
  const wasm_func_t* call_add = wasm_extern_as_func(export_named(module, &exports, "call_add"));
  CHECK(call_add != NULL);
  CHECK(call_i32(call_add, 2, 3, 2) == 5);
  wasm_val_t args[2] = {i32(-1), i32(0)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  trap = wasm_func_call(call_add, &arg_vec, &result_vec);
  CHECK(trap != NULL && message_is(trap, "host says no"));
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 1 && wasm_frame_func_index(trace.data[0]) == 1); /* call_add, below the host */
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
  wasm_val_vec_t short_args = {1, args};
  trap = wasm_func_call(call_add, &short_args, &result_vec); /* a misuse is a trap, not a crash */
  CHECK(trap != NULL && message_contains(trap, "expected 2 arguments"));
  wasm_trap_delete(trap);
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  trap = wasm_func_call(call_add, &arg_vec, &no_results); /* the callee's trap comes first */
  CHECK(trap != NULL && message_is(trap, "host says no"));
  wasm_trap_delete(trap);
  args[0] = i32(1);
  trap = wasm_func_call(call_add, &arg_vec, &no_results); /* then the missing room */
  CHECK(trap != NULL && message_contains(trap, "expected room for 1 results"));
  wasm_trap_delete(trap);

  /* The imported global, read by wasm and set from C; an immutable global ignores sets. */
  const wasm_func_t* get_g = wasm_extern_as_func_const(export_named(module, &exports, "get_g"));
  CHECK(call_i32(get_g, 0, 0, 0) == 7);
  wasm_val_t nine = i32(9);
  wasm_global_set(g, &nine);
  CHECK(call_i32(get_g, 0, 0, 0) == 9);
  wasm_val_t value;
  wasm_global_get(g, &value);
  CHECK(value.kind == WASM_I32 && value.of.i32 == 9);
  wasm_globaltype_t* const_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_global_t* constant = wasm_global_new(store, const_type, &seven);
  wasm_globaltype_delete(const_type);
  wasm_global_set(constant, &nine);
  wasm_global_get(constant, &value);
  CHECK(value.of.i32 == 7);
  wasm_globaltype_t* read_type = wasm_global_type(constant);
  CHECK(wasm_globaltype_mutability(read_type) == WASM_CONST);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(read_type)) == WASM_I32);
  wasm_globaltype_delete(read_type);
  wasm_global_delete(constant);

  /* Several values of every numeric kind. */
  const wasm_func_t* multi = wasm_extern_as_func(export_named(module, &exports, "multi"));
  wasm_val_t multi_args[3] = {WASM_I64_VAL(-5), WASM_F32_VAL(1.5f), WASM_F64_VAL(2.25)};
  wasm_val_t multi_results[3] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t multi_arg_vec = WASM_ARRAY_VEC(multi_args);
  wasm_val_vec_t multi_result_vec = WASM_ARRAY_VEC(multi_results);
  CHECK(wasm_func_call(multi, &multi_arg_vec, &multi_result_vec) == NULL);
  CHECK(multi_results[0].kind == WASM_F64 && multi_results[0].of.f64 == 2.25);
  CHECK(multi_results[1].kind == WASM_F32 && multi_results[1].of.f32 == 1.5f);
  CHECK(multi_results[2].kind == WASM_I64 && multi_results[2].of.i64 == -5);

  /* A function with an environment, finalized with its store. */
  static int bonus = 100;
  wasm_functype_t* one_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add_env = wasm_func_new_with_env(store, one_type, add_env_host, &bonus, count_finalizer);
  CHECK(add_env != NULL && call_i32(add_env, 5, 0, 1) == 105);
  wasm_functype_delete(one_type);

  /* Traps of wasm: message, origin and trace with function index and offsets. */
  const wasm_func_t* deep = wasm_extern_as_func(export_named(module, &exports, "deep"));
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_t trap_results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t trap_result_vec = WASM_ARRAY_VEC(trap_results);
  trap = wasm_func_call(deep, &none, &trap_result_vec);
  CHECK(trap != NULL && message_contains(trap, "unreachable"));
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL && wasm_frame_func_index(origin) == 4); /* fail */
  CHECK(wasm_frame_module_offset(origin) > wasm_frame_func_offset(origin));
  CHECK(wasm_frame_func_offset(origin) > 0);
  CHECK(wasm_frame_instance(origin) == NULL);
  CHECK_POINTER_VEC(frame, wasm_frame_copy(origin));
  CHECK_POINTER_VEC(extern, wasm_func_as_extern(wasm_func_copy(add)));
  wasm_frame_t* origin_copy = wasm_frame_copy(origin);
  CHECK(wasm_frame_module_offset(origin_copy) == wasm_frame_module_offset(origin));
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2 && wasm_frame_func_index(trace.data[1]) == 5); /* deep called fail */
  wasm_frame_vec_t trace_copy;
  wasm_frame_vec_copy(&trace_copy, &trace);
  CHECK(wasm_frame_func_index(trace_copy.data[0]) == 4);
  wasm_frame_vec_delete(&trace_copy);
  wasm_frame_vec_delete(&trace);
  wasm_frame_delete(origin_copy);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);

  /* Memories: the module's and one made by the host. */
  wasm_memory_t* mem = wasm_extern_as_memory(export_named(module, &exports, "mem"));
  CHECK(mem != NULL && wasm_memory_size(mem) == 1 && wasm_memory_data_size(mem) == MEMORY_PAGE_SIZE);
  CHECK(wasm_memory_data(mem)[0] == 0x2a);
  wasm_memory_data(mem)[1] = 0x17;
  CHECK(call_i32(wasm_extern_as_func(export_named(module, &exports, "load")), 1, 0, 1) == 0x17);
  CHECK(wasm_memory_grow(mem, 2) && wasm_memory_size(mem) == 3);
  CHECK(!wasm_memory_grow(mem, 1)); /* beyond the maximum */
  wasm_memorytype_t* mem_type = wasm_memory_type(mem);
  CHECK(wasm_memorytype_limits(mem_type)->min == 3 && wasm_memorytype_limits(mem_type)->max == 3);
  wasm_limits_t host_limits = {0, 1};
  wasm_memorytype_t* host_mem_type = wasm_memorytype_new(&host_limits);
  wasm_memory_t* host_mem = wasm_memory_new(store, host_mem_type);
  CHECK(host_mem != NULL && wasm_memory_size(host_mem) == 0 && wasm_memory_grow(host_mem, 1));
  wasm_memorytype_delete(host_mem_type);
  wasm_memorytype_delete(mem_type);

  /* Tables of functions: set, get, grow; out of bounds is a failure, not a crash. */
  CHECK(wasm_table_size(t) == 1 && wasm_table_get(t, 0) == NULL);
  CHECK(wasm_table_set(t, 0, wasm_func_as_ref(add)));
  wasm_ref_t* element = wasm_table_get(t, 0);
  CHECK(element != NULL && wasm_ref_same(element, wasm_func_as_ref_const(add)));
  CHECK(wasm_func_same(wasm_ref_as_func(element), add));
  wasm_ref_delete(element);
  CHECK(!wasm_table_set(t, 5, NULL) && wasm_table_get(t, 5) == NULL);
  CHECK(wasm_table_grow(t, 2, wasm_func_as_ref(add)) && wasm_table_size(t) == 3);
  element = wasm_table_get(t, 2);
  CHECK(wasm_ref_same(element, wasm_func_as_ref(add)));
  wasm_ref_delete(element);
  CHECK(!wasm_table_set(t, 0, wasm_global_as_ref(g))); /* not a function */
  wasm_tabletype_t* read_t_type = wasm_table_type(t);
  CHECK(wasm_tabletype_limits(read_t_type)->min == 3);
  wasm_tabletype_delete(read_t_type);

  /* Funcrefs through wasm come back as the same function. */
  const wasm_func_t* id_func = wasm_extern_as_func(export_named(module, &exports, "id_func"));
  wasm_val_t func_arg[1];
  func_arg[0].kind = WASM_FUNCREF;
  func_arg[0].of.ref = wasm_func_as_ref(add);
  wasm_val_t func_result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t func_arg_vec = WASM_ARRAY_VEC(func_arg);
  wasm_val_vec_t func_result_vec = WASM_ARRAY_VEC(func_result);
  CHECK(wasm_func_call(id_func, &func_arg_vec, &func_result_vec) == NULL);
  CHECK(func_result[0].kind == WASM_FUNCREF && wasm_ref_same(func_result[0].of.ref, wasm_func_as_ref(add)));
  wasm_val_delete(&func_result[0]);
  CHECK(func_result[0].of.ref == NULL);

  /* Foreign objects as externrefs: identity and host info survive the round trip. */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_foreign_set_host_info(foreign, (void*)&bonus);
  const wasm_func_t* id_ext = wasm_extern_as_func(export_named(module, &exports, "id_ext"));
  wasm_val_t ext_arg[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  wasm_val_t ext_result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t ext_arg_vec = WASM_ARRAY_VEC(ext_arg);
  wasm_val_vec_t ext_result_vec = WASM_ARRAY_VEC(ext_result);
  CHECK(wasm_func_call(id_ext, &ext_arg_vec, &ext_result_vec) == NULL);
  CHECK(ext_result[0].of.ref != NULL && ext_result[0].of.ref != wasm_foreign_as_ref(foreign));
  CHECK(wasm_ref_same(ext_result[0].of.ref, wasm_foreign_as_ref_const(foreign)));
  CHECK(wasm_ref_get_host_info(ext_result[0].of.ref) == &bonus);
  wasm_foreign_t* back = wasm_ref_as_foreign(ext_result[0].of.ref);
  CHECK(back != NULL && wasm_foreign_same(back, foreign) && wasm_ref_as_foreign_const(ext_result[0].of.ref) == back);
  wasm_val_t copied;
  wasm_val_copy(&copied, &ext_result[0]);
  CHECK(copied.of.ref != ext_result[0].of.ref && wasm_ref_same(copied.of.ref, ext_result[0].of.ref));
  wasm_val_delete(&copied);
  wasm_val_delete(&ext_result[0]);
  /* A function as an externref is refused (only foreign objects are host references). */
  ext_arg[0].of.ref = wasm_func_as_ref(add);
  trap = wasm_func_call(id_ext, &ext_arg_vec, &ext_result_vec);
  CHECK(trap != NULL && message_contains(trap, "foreign"));
  wasm_trap_delete(trap);

  /* The exported externref global and table, set from C. */
  wasm_global_t* ext = wasm_extern_as_global(export_named(module, &exports, "ext"));
  wasm_global_get(ext, &value);
  CHECK(value.kind == WASM_EXTERNREF && value.of.ref == NULL);
  value.of.ref = wasm_foreign_as_ref(foreign);
  wasm_global_set(ext, &value);
  wasm_global_get(ext, &value);
  CHECK(wasm_ref_same(value.of.ref, wasm_foreign_as_ref(foreign)));
  wasm_val_delete(&value);
  wasm_table_t* refs = wasm_extern_as_table(export_named(module, &exports, "refs"));
  CHECK(wasm_table_set(refs, 1, wasm_foreign_as_ref(foreign)));
  element = wasm_table_get(refs, 1);
  CHECK(wasm_foreign_same(wasm_ref_as_foreign(element), foreign));
  wasm_ref_delete(element);

  /* Extern views and types. */
  const wasm_extern_t* as_extern = wasm_func_as_extern_const(add);
  CHECK(wasm_extern_kind(as_extern) == WASM_EXTERN_FUNC && wasm_extern_as_func_const(as_extern) == add);
  CHECK(wasm_extern_kind(wasm_global_as_extern_const(g)) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_extern_kind(wasm_table_as_extern_const(t)) == WASM_EXTERN_TABLE);
  CHECK(wasm_extern_kind(wasm_memory_as_extern(mem)) == WASM_EXTERN_MEMORY);
  CHECK(wasm_extern_as_global_const(wasm_global_as_extern_const(g)) == g);
  CHECK(wasm_extern_as_table_const(wasm_table_as_extern_const(t)) == t);
  CHECK(wasm_extern_as_memory_const(wasm_memory_as_extern_const(mem)) == mem);
  CHECK(wasm_extern_as_memory(wasm_func_as_extern(add)) == NULL);
  wasm_extern_t* kinds[] = {wasm_func_as_extern(add), wasm_global_as_extern(g), wasm_table_as_extern(t),
                            wasm_memory_as_extern(mem)};
  const wasm_externkind_t expected_kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE,
                                              WASM_EXTERN_MEMORY};
  for (size_t i = 0; i < 4; ++i) {
    wasm_externtype_t* type = wasm_extern_type(kinds[i]);
    CHECK(type != NULL && wasm_externtype_kind(type) == expected_kinds[i]);
    wasm_externtype_delete(type);
  }
  wasm_extern_vec_t exports_copy;
  wasm_extern_vec_copy(&exports_copy, &exports);
  CHECK(exports_copy.size == 11 && wasm_extern_same(exports_copy.data[3], exports.data[3]));
  wasm_extern_vec_delete(&exports_copy);

  wasm_memory_delete(host_mem);
  wasm_foreign_delete(foreign);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(add_env);
  wasm_table_delete(t);
  wasm_global_delete(g);
  wasm_func_delete(add);
  wasm_module_delete(module);
}

/* A start function's trap comes back from wasm_instance_new with its frames. */
static void test_start_trap(wasm_store_t* store) {
  wasm_module_t* module = load_module(store, "start_trap");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &none, &trap) == NULL);
  CHECK(trap != NULL && message_contains(trap, "unreachable"));
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL && wasm_frame_func_index(origin) == 0);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);
  CHECK(wasm_instance_new(store, module, &none, NULL) == NULL); /* no trap asked for: no leak */
  wasm_module_delete(module);
}

/* Every reference type: copy, same, host info (with its finalizer), and the wasm_ref_t views.
 * Host info of a store object lives with the object: its finalizer runs with the store. */
#define CHECK_REF(name, ref, info)                                                       \
  do {                                                                                   \
    wasm_##name##_t* copy = wasm_##name##_copy(ref);                                     \
    CHECK(copy != NULL && copy != (ref) && wasm_##name##_same(copy, ref));               \
    wasm_##name##_set_host_info(copy, info);                                             \
    CHECK(wasm_##name##_get_host_info(ref) == (info));                                   \
    wasm_##name##_set_host_info_with_finalizer(ref, info, count_finalizer);              \
    CHECK(wasm_##name##_get_host_info(copy) == (info));                                  \
    wasm_ref_t* as_ref = wasm_##name##_as_ref(copy);                                     \
    CHECK(wasm_ref_as_##name(as_ref) == copy);                                           \
    CHECK(wasm_ref_as_##name##_const(wasm_##name##_as_ref_const(copy)) == copy);         \
    CHECK(wasm_ref_get_host_info(as_ref) == (info));                                     \
    wasm_##name##_delete(copy);                                                          \
  } while (0)

static void test_references(wasm_engine_t* engine) {
  static int info = 0;
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "start_trap");
  wasm_module_t* plain_module = load_module(store, "calls");
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t* func = wasm_func_new(store, type, pass_ref_host);
  wasm_functype_delete(type);
  wasm_limits_t limits = {1, 1};
  wasm_memorytype_t* memory_type = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, memory_type);
  wasm_memorytype_delete(memory_type);
  wasm_globaltype_t* global_type = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST);
  wasm_val_t pi = WASM_F64_VAL(3.14);
  wasm_global_t* global = wasm_global_new(store, global_type, &pi);
  wasm_globaltype_delete(global_type);
  wasm_tabletype_t* table_type = wasm_tabletype_new(wasm_valtype_new_externref(), &limits);
  wasm_table_t* table = wasm_table_new(store, table_type, NULL);
  wasm_tabletype_delete(table_type);
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, plain_module, &none, NULL);
  CHECK(instance == NULL); /* calls has imports */
  wasm_module_t* empty_module;
  {
    wasm_byte_vec_t empty;
    wasm_byte_vec_new(&empty, 8, "\0asm\1\0\0\0");
    empty_module = wasm_module_new(store, &empty);
    wasm_byte_vec_delete(&empty);
  }
  instance = wasm_instance_new(store, empty_module, &none, NULL);
  CHECK(instance != NULL);
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "made by the host");
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  wasm_name_delete(&message);
  CHECK(message_is(trap, "made by the host"));
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 0 && wasm_trap_origin(trap) == NULL);
  wasm_frame_vec_delete(&trace);

  CHECK_REF(func, func, &info);
  CHECK_REF(global, global, &info);
  CHECK_REF(table, table, &info);
  CHECK_REF(memory, memory, &info);
  CHECK_REF(extern, wasm_func_as_extern(func), &info); /* replaces the func's info: finalized */
  CHECK(finalized == 1);
  CHECK_REF(instance, instance, &info);
  CHECK_REF(foreign, foreign, &info);
  CHECK_REF(module, module, &info);
  CHECK_REF(trap, trap, &info);
  CHECK(wasm_func_same(func, wasm_extern_as_func(wasm_func_as_extern(func))));
  CHECK(wasm_ref_as_func(wasm_foreign_as_ref(foreign)) == NULL);
  CHECK(wasm_ref_as_extern(wasm_foreign_as_ref(foreign)) == NULL);
  CHECK(wasm_ref_as_extern_const(wasm_global_as_ref_const(global)) == wasm_global_as_extern(global));
  CHECK(wasm_extern_as_ref(wasm_global_as_extern(global)) == wasm_global_as_ref(global));
  CHECK(wasm_extern_as_ref_const(wasm_global_as_extern_const(global)) == wasm_global_as_ref_const(global));
  CHECK(wasm_ref_as_trap(wasm_trap_as_ref(trap)) == trap);
  CHECK(wasm_ref_as_module(wasm_module_as_ref(module)) == module);
  CHECK(wasm_ref_as_instance(wasm_instance_as_ref(instance)) == instance);
  CHECK(wasm_ref_as_global(wasm_global_as_ref(global)) == global);
  CHECK(wasm_ref_as_table(wasm_table_as_ref(table)) == table);
  CHECK(wasm_ref_as_memory(wasm_memory_as_ref(memory)) == memory);
  CHECK(!wasm_module_same(module, plain_module));
  wasm_ref_t* ref_copy = wasm_ref_copy(wasm_table_as_ref(table));
  CHECK(wasm_ref_same(ref_copy, wasm_table_as_ref(table)));
  wasm_ref_set_host_info(ref_copy, NULL);
  wasm_ref_set_host_info_with_finalizer(ref_copy, &info, count_finalizer);
  CHECK(finalized == 2 && wasm_table_get_host_info(table) == &info);
  wasm_ref_delete(ref_copy);

  /* Module and trap infos go with their last reference; store objects' with the store. */
  wasm_module_delete(module);
  CHECK(finalized == 3);
  wasm_trap_delete(trap);
  CHECK(finalized == 4);
  wasm_foreign_delete(foreign);
  wasm_table_delete(table);
  wasm_global_delete(global);
  wasm_memory_delete(memory);
  wasm_func_delete(func);
  wasm_instance_delete(instance);
  CHECK(finalized == 4);
  wasm_module_delete(plain_module);
  wasm_module_delete(empty_module);
  wasm_store_delete(store);
  CHECK(finalized == 10); /* extern (func), global, table, memory, instance, foreign */
}

/* ---- Values ---- */

static void test_values(wasm_store_t* store) {
  wasm_val_t vals[2] = {WASM_I32_VAL(1), WASM_REF_VAL(wasm_foreign_as_ref(wasm_foreign_new(store)))};
  wasm_val_vec_t empty, blank, full, copy;
  wasm_val_vec_new_empty(&empty);
  CHECK(empty.size == 0);
  wasm_val_vec_new_uninitialized(&blank, 2);
  CHECK(blank.size == 2);
  wasm_val_vec_new(&full, 2, vals); /* takes the reference */
  CHECK(full.data[1].of.ref == vals[1].of.ref);
  wasm_val_vec_copy(&copy, &full);
  CHECK(copy.data[0].of.i32 == 1 && copy.data[1].of.ref != full.data[1].of.ref);
  CHECK(wasm_ref_same(copy.data[1].of.ref, full.data[1].of.ref));
  wasm_val_vec_delete(&empty);
  wasm_val_vec_delete(&blank);
  wasm_val_vec_delete(&full);
  wasm_val_vec_delete(&copy);

  wasm_val_t pointer;
  int target = 0;
  wasm_val_init_ptr(&pointer, &target);
  CHECK(wasm_val_ptr(&pointer) == &target);
  wasm_val_t f = WASM_F32_VAL(0.5f), out;
  wasm_val_copy(&out, &f);
  CHECK(out.kind == WASM_F32 && out.of.f32 == 0.5f);
  wasm_val_delete(&out);
}

/* What standard.wat imports, in its order: `add` (given), a mutable i32 global and a table of one
 * funcref. */
typedef struct {
  wasm_func_t* add;
  wasm_global_t* global;
  wasm_table_t* table;
  wasm_extern_t* externs[3];
  wasm_extern_vec_t vec;
} standard_imports;

/* (Filled in place: `vec` points into `externs`.) */
static void make_standard_imports(standard_imports* imports, wasm_store_t* store, wasm_func_t* add) {
  imports->add = add;
  wasm_globaltype_t* global_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t zero = i32(0);
  imports->global = wasm_global_new(store, global_type, &zero);
  wasm_globaltype_delete(global_type);
  wasm_limits_t limits = {1, wasm_limits_max_default};
  wasm_tabletype_t* table_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  imports->table = wasm_table_new(store, table_type, NULL);
  wasm_tabletype_delete(table_type);
  CHECK(imports->add != NULL && imports->global != NULL && imports->table != NULL);
  imports->externs[0] = wasm_func_as_extern(imports->add);
  imports->externs[1] = wasm_global_as_extern(imports->global);
  imports->externs[2] = wasm_table_as_extern(imports->table);
  imports->vec.size = 3;
  imports->vec.data = imports->externs;
}

static void delete_standard_imports(standard_imports* imports) {
  wasm_table_delete(imports->table);
  wasm_global_delete(imports->global);
  wasm_func_delete(imports->add);
}

/* ---- Shared modules in threads ---- */

typedef struct {
  wasm_engine_t* engine;
  wasm_shared_module_t* shared;
  int32_t sum;
} thread_job;

static void* run_shared(void* arg) {
  thread_job* job = (thread_job*)arg;
  wasm_store_t* store = wasm_store_new(job->engine);
  wasm_module_t* module = wasm_module_obtain(store, job->shared);
  CHECK(module != NULL);
  wasm_functype_t* add_type = i32_i32_to_i32();
  standard_imports imports;
  make_standard_imports(&imports, store, wasm_func_new(store, add_type, add_host));
  wasm_functype_delete(add_type);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports.vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  job->sum = call_i32(wasm_extern_as_func(export_named(module, &exports, "call_add")), 20, 22, 2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  delete_standard_imports(&imports);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

static void test_threads(wasm_engine_t* engine, wasm_store_t* store) {
  wasm_module_t* module = load_module(store, "standard");
  thread_job jobs[2] = {{engine, wasm_module_share(module), 0}, {engine, wasm_module_share(module), 0}};
  wasm_module_delete(module); /* the shared forms keep it */
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) CHECK(pthread_create(&threads[i], NULL, run_shared, &jobs[i]) == 0);
  for (int i = 0; i < 2; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(jobs[i].sum == 42);
    wasm_shared_module_delete(jobs[i].shared);
  }
}

/* ---- The bridge to wasmprof: a wasm.h store profiled by the guest profiler ---- */

typedef struct {
  wasmprof_guestprofiler_t* profiler;
  wasmprof_store_t* store;
} profiling_env;

/* Samples the wasm stack that called it. */
static wasm_trap_t* sampling_add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  profiling_env* profiling = (profiling_env*)env;
  wasmprof_guestprofiler_sample(profiling->profiler, profiling->store, 1000);
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

static void test_profiling_bridge(void) {
  wasm_config_delete(wasm_config_new()); /* a config not given to an engine is the caller's */
  wasm_config_t* config = wasm_config_new();
  wasmprof_config_t* settings = wasmprof_wasm_config(config);
  CHECK(settings != NULL);
  wasmprof_config_strategy_set(settings, WASMPROF_STRATEGY_INTERPRETER);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  CHECK(wasmprof_wasm_engine(engine) != NULL);
  wasmprof_engine_increment_epoch(wasmprof_wasm_engine(engine));
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, "standard");
  CHECK(wasmprof_wasm_store(NULL) == NULL && wasmprof_wasm_module(NULL) == NULL);

  wasm_name_t name;
  wasm_name_new_from_string(&name, "standard");
  wasmprof_guestprofiler_modules_t modules[] = {{&name, wasmprof_wasm_module(module)}};
  profiling_env profiling = {wasmprof_guestprofiler_new(&name, 1000000, modules, 1), wasmprof_wasm_store(store)};
  CHECK(profiling.profiler != NULL && profiling.store != NULL);
  CHECK_OK(wasmprof_guestprofiler_start_sampling(profiling.profiler, profiling.store, 1000000, 0));

  wasm_functype_t* add_type = i32_i32_to_i32();
  standard_imports imports;
  make_standard_imports(&imports, store, wasm_func_new_with_env(store, add_type, sampling_add, &profiling, NULL));
  wasm_functype_delete(add_type);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports.vec, NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(call_i32(wasm_extern_as_func(export_named(module, &exports, "call_add")), 1, 2, 2) == 3);

  wasm_byte_vec_t json;
  CHECK_OK(wasmprof_guestprofiler_finish(profiling.profiler, &json));
  CHECK(name_contains(&json, "call_add")); /* the sampled wasm frame */
  wasm_byte_vec_delete(&json);
  wasm_name_delete(&name);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  delete_standard_imports(&imports);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* ---- NULL and misplaced inputs: a failure the standard allows, never a crash ---- */

static void test_null_inputs(wasm_engine_t* engine) {
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(wasm_store_new(NULL) == NULL);
  CHECK(wasm_module_new(NULL, NULL) == NULL && !wasm_module_validate(store, NULL));
  CHECK(wasm_module_deserialize(store, NULL) == NULL && wasm_module_share(NULL) == NULL);
  CHECK(wasm_module_obtain(store, NULL) == NULL);
  CHECK(wasm_func_new(store, NULL, add_host) == NULL && wasm_func_new(NULL, NULL, NULL) == NULL);
  CHECK(wasm_func_type(NULL) == NULL && wasm_func_param_arity(NULL) == 0 && wasm_func_result_arity(NULL) == 0);
  wasm_trap_t* trap = wasm_func_call(NULL, NULL, NULL);
  CHECK(trap != NULL && message_contains(trap, "NULL"));
  wasm_trap_delete(trap);
  CHECK(wasm_global_new(store, NULL, NULL) == NULL && wasm_global_type(NULL) == NULL);
  wasm_val_t value = WASM_I32_VAL(3);
  wasm_global_get(NULL, &value);
  wasm_global_set(NULL, &value);
  CHECK(value.of.i32 == 3);
  CHECK(wasm_table_new(store, NULL, NULL) == NULL && wasm_table_type(NULL) == NULL);
  CHECK(wasm_table_get(NULL, 0) == NULL && !wasm_table_set(NULL, 0, NULL) && wasm_table_size(NULL) == 0);
  CHECK(!wasm_table_grow(NULL, 1, NULL));
  CHECK(wasm_memory_new(store, NULL) == NULL && wasm_memory_type(NULL) == NULL && wasm_memory_data(NULL) == NULL);
  CHECK(wasm_memory_data_size(NULL) == 0 && wasm_memory_size(NULL) == 0 && !wasm_memory_grow(NULL, 1));
  CHECK(wasm_extern_type(NULL) == NULL && wasm_extern_as_func(NULL) == NULL && wasm_ref_as_trap(NULL) == NULL);
  CHECK(wasm_func_copy(NULL) == NULL && !wasm_func_same(NULL, NULL) && wasm_ref_get_host_info(NULL) == NULL);
  wasm_ref_set_host_info(NULL, NULL);
  CHECK(wasm_foreign_new(NULL) == NULL);
  CHECK(wasm_instance_new(NULL, NULL, NULL, &trap) == NULL);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  wasm_extern_vec_t exports;
  wasm_instance_exports(NULL, &exports);
  CHECK(exports.size == 0);
  wasm_message_t message;
  wasm_trap_message(NULL, &message);
  CHECK(message.size == 1 && message.data[0] == '\0');
  wasm_name_delete(&message);
  CHECK(wasm_trap_origin(NULL) == NULL && wasm_frame_copy(NULL) == NULL && wasm_frame_func_index(NULL) == 0);
  CHECK(wasm_valtype_copy(NULL) == NULL && wasm_functype_params(NULL) == NULL && wasm_globaltype_content(NULL) == NULL);
  CHECK(wasm_tabletype_limits(NULL) == NULL && wasm_memorytype_new(NULL) == NULL);
  CHECK(wasm_globaltype_new(NULL, WASM_VAR) == NULL && wasm_importtype_new(NULL, NULL, NULL) == NULL);
  CHECK(wasm_exporttype_new(NULL, NULL) == NULL && wasm_importtype_type(NULL) == NULL);
  wasm_importtype_vec_t imports;
  wasm_module_imports(NULL, &imports);
  CHECK(imports.size == 0);
  wasm_byte_vec_t serialized;
  wasm_module_serialize(NULL, &serialized);
  CHECK(serialized.size == 0);

  /* Objects of another store are refused. */
  wasm_store_t* other = wasm_store_new(engine);
  wasm_foreign_t* stranger = wasm_foreign_new(other);
  wasm_limits_t limits = {1, 1};
  wasm_tabletype_t* table_type = wasm_tabletype_new(wasm_valtype_new_externref(), &limits);
  CHECK(wasm_table_new(store, table_type, wasm_foreign_as_ref(stranger)) == NULL);
  wasm_table_t* table = wasm_table_new(store, table_type, NULL);
  CHECK(table != NULL && !wasm_table_set(table, 0, wasm_foreign_as_ref(stranger)));
  wasm_tabletype_delete(table_type);
  wasm_functype_t* type = i32_i32_to_i32();
  wasm_func_t* func = wasm_func_new(other, type, add_host);
  wasm_functype_delete(type);
  wasm_module_t* module = load_module(store, "standard");
  wasm_extern_t* externs[] = {wasm_func_as_extern(func), wasm_table_as_extern(table), wasm_table_as_extern(table)};
  wasm_extern_vec_t imports_vec = WASM_ARRAY_VEC(externs);
  CHECK(wasm_instance_new(store, module, &imports_vec, &trap) == NULL);
  CHECK(trap != NULL && message_contains(trap, "another store"));
  wasm_trap_delete(trap);
  wasm_module_delete(module);
  wasm_func_delete(func);
  wasm_table_delete(table);
  wasm_foreign_delete(stranger);
  wasm_store_delete(other);
  wasm_store_delete(store);
}

int main(void) {
  test_types();
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  test_module(engine, store);
  test_instance(store);
  test_start_trap(store);
  test_values(store);
  test_threads(engine, store);
  CHECK(finalized == 0);
  wasm_store_delete(store);
  CHECK(finalized == 1); /* the environment of add_env */
  finalized = 0;
  test_references(engine);
  test_null_inputs(engine);
  wasm_engine_delete(engine);
  test_profiling_bridge();
  puts("wasm_c_api_test: ok");
  return 0;
}
