/* The wasmprof C API.
 *
 * The same capabilities as the C++ API (include/wasmprof/wasmprof.hh) for C embedders. Its
 * shapes follow Wasmtime's C API so that a Wasmtime user can map one to the other: replace
 * `wasmtime_` and `wasm_` by `wasmprof_`, keep the argument order. Differences are noted where
 * they occur. The standard wasm-c-api byte vectors (wasm_byte_vec_t, wasm_name_t) keep their
 * standard names and layout, because other C APIs (the guest profiler's) exchange them.
 *
 * Ownership, everywhere in this header:
 *   - A function named `*_new`, `*_copy`, `*_clone` or returning a non-const pointer documented
 *     as "owned" hands the caller an object that the caller frees with the matching `*_delete`.
 *   - An out-parameter vector (wasm_byte_vec_t, wasmprof_frame_vec_t, ...) filled by the API is
 *     owned by the caller afterwards and freed with the vector's `*_delete`.
 *   - A `wasmprof_error_t*` or `wasmprof_trap_t*` returned (or stored through `**trap`) is owned
 *     by the caller: free it with wasmprof_error_delete / wasmprof_trap_delete. NULL means success.
 *   - A `wasmprof_trap_t*` or `wasmprof_error_t*` returned *by a callback the embedder wrote*
 *     is owned by the runtime from then on.
 *   - `const` pointer parameters are borrowed for the duration of the call only.
 *   - Every `void* env` / `void* data` given with a `finalizer` belongs to the object it was given
 *     to; the finalizer (if not NULL) runs exactly once, when that object no longer needs it.
 *   - Handles of store objects (wasmprof_func_t, wasmprof_memory_t, wasmprof_instance_t, ...) are
 *     plain values: they need no freeing and are valid as long as their store lives.
 *   - Traps, errors and frames do not refer to their store: they may outlive it (and the engine).
 *   - Objects made from an engine (modules, stores, linkers) keep what they need of it, so the
 *     engine may be deleted first; a module may be deleted once instantiated.
 *
 * Threads: an engine (and wasmprof_engine_increment_epoch) may be used from any thread; a store
 * and everything in it by one thread at a time.
 */
#ifndef WASMPROF_H
#define WASMPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Byte vectors and names: exactly the wasm-c-api (wasm.h) definitions.
 */

/* include/wasm.h declares the same; whichever header comes first declares them. */
#ifndef WASMPROF_BYTE_VEC_DECLARED
#define WASMPROF_BYTE_VEC_DECLARED
typedef char wasm_byte_t;

typedef struct wasm_byte_vec_t {
  size_t size;
  wasm_byte_t* data;
} wasm_byte_vec_t;

/* An empty vector (size 0, data NULL). */
void wasm_byte_vec_new_empty(wasm_byte_vec_t* out);
/* `size` bytes, uninitialised. */
void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t* out, size_t size);
/* A copy of `size` bytes from `data` (which stays the caller's, despite wasm.h's `own`). */
void wasm_byte_vec_new(wasm_byte_vec_t* out, size_t size, const wasm_byte_t data[]);
void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src);
/* Frees the bytes and leaves `vec` empty; NULL and empty vectors are fine. */
void wasm_byte_vec_delete(wasm_byte_vec_t* vec);

typedef wasm_byte_vec_t wasm_name_t;
#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized /* wasm.h's spelling */
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}
/* With the terminating NUL counted in `size`. */
static inline void wasm_name_new_from_string_nt(wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* A NUL-terminated name: `size` counts the NUL (wasm.h's convention for messages). */
typedef wasm_name_t wasm_message_t;
#endif

/* ---------------------------------------------------------------------------------------------
 * Errors (wasmtime_error_t): what went wrong, with its context (offset, section, function).
 */

typedef struct wasmprof_error wasmprof_error_t;
typedef struct wasmprof_frame wasmprof_frame_t;
typedef struct wasmprof_frame_vec_t wasmprof_frame_vec_t; /* defined with the traps below */

/* What kind of rule was broken; Wasmtime has no equivalent (its errors are only messages). */
typedef uint8_t wasmprof_error_kind_t;
enum wasmprof_error_kind_enum {
  WASMPROF_ERROR_MALFORMED = 0, /* not a well-formed binary */
  WASMPROF_ERROR_INVALID = 1,   /* well-formed but fails validation */
  WASMPROF_ERROR_LIMIT = 2,     /* beyond an implementation or store limit */
  WASMPROF_ERROR_IO = 3,
  WASMPROF_ERROR_LINK = 4,      /* an import could not be satisfied */
  WASMPROF_ERROR_TRAP = 5,      /* guest execution ended (e.g. an exit status, see below) */
  WASMPROF_ERROR_USAGE = 6,     /* the embedder misused the API (NULL, wrong types, wrong store) */
};

/* An owned error with this message (copied), for callbacks to return. */
wasmprof_error_t* wasmprof_error_new(const char* message);
void wasmprof_error_delete(wasmprof_error_t* error);
/* The message with its context, e.g. "malformed module: ... (offset 0x4)". `message` is owned by
 * the caller afterwards (wasm_byte_vec_delete); it is not NUL-terminated, as in Wasmtime. */
void wasmprof_error_message(const wasmprof_error_t* error, wasm_name_t* message);
wasmprof_error_kind_t wasmprof_error_kind(const wasmprof_error_t* error);
/* The byte offset in the module the error is about, if it has one. */
bool wasmprof_error_offset(const wasmprof_error_t* error, size_t* offset);
/* If the guest asked to exit (WASI proc_exit), true and its status. */
bool wasmprof_error_exit_status(const wasmprof_error_t* error, int* status);

/* The wasm frames the error came through, innermost first (empty for errors outside wasm, e.g.
 * compile or link errors); `out` is owned by the caller (wasmprof_frame_vec_delete). */
void wasmprof_error_wasm_trace(const wasmprof_error_t* error, wasmprof_frame_vec_t* out);

/* ---------------------------------------------------------------------------------------------
 * Traps and backtrace frames (wasm_trap_t, wasm_frame_t).
 */

typedef struct wasmprof_trap wasmprof_trap_t;

struct wasmprof_frame_vec_t {
  size_t size;
  wasmprof_frame_t** data;
};

void wasmprof_frame_vec_new_empty(wasmprof_frame_vec_t* out);
/* A copy of every frame of `src`. */
void wasmprof_frame_vec_copy(wasmprof_frame_vec_t* out, const wasmprof_frame_vec_t* src);
/* Frees the frames and the vector, leaving it empty. */
void wasmprof_frame_vec_delete(wasmprof_frame_vec_t* vec);

/* Why execution stopped; the values are Wasmtime's (wasmtime_trap_code_enum). */
typedef uint8_t wasmprof_trap_code_t;
enum wasmprof_trap_code_enum {
  WASMPROF_TRAP_CODE_STACK_OVERFLOW = 0,
  WASMPROF_TRAP_CODE_MEMORY_OUT_OF_BOUNDS = 1,
  WASMPROF_TRAP_CODE_HEAP_MISALIGNED = 2, /* never raised: no threads proposal */
  WASMPROF_TRAP_CODE_TABLE_OUT_OF_BOUNDS = 3,
  WASMPROF_TRAP_CODE_INDIRECT_CALL_TO_NULL = 4,
  WASMPROF_TRAP_CODE_BAD_SIGNATURE = 5,
  WASMPROF_TRAP_CODE_INTEGER_OVERFLOW = 6,
  WASMPROF_TRAP_CODE_INTEGER_DIVISION_BY_ZERO = 7,
  WASMPROF_TRAP_CODE_BAD_CONVERSION_TO_INTEGER = 8,
  WASMPROF_TRAP_CODE_UNREACHABLE_CODE_REACHED = 9,
  WASMPROF_TRAP_CODE_INTERRUPT = 10,
  WASMPROF_TRAP_CODE_OUT_OF_FUEL = 12,
};

/* An owned trap with this message (copied, `len` bytes), for host callbacks to return. */
wasmprof_trap_t* wasmprof_trap_new(const char* message, size_t len);
/* An owned trap with this code and the spec's message for it; NULL for a code wasmprof never
 * raises (HEAP_MISALIGNED, or one it does not know). */
wasmprof_trap_t* wasmprof_trap_new_code(wasmprof_trap_code_t code);
void wasmprof_trap_delete(wasmprof_trap_t* trap);
/* The code of a trap raised by wasm itself; false for traps of host functions and hooks. */
bool wasmprof_trap_code(const wasmprof_trap_t* trap, wasmprof_trap_code_t* code);
/* The spec's message ("integer divide by zero", ...) or the host's. `out` is owned by the caller
 * afterwards and NUL-terminated (its size counts the NUL), as wasm_trap_message's is. */
void wasmprof_trap_message(const wasmprof_trap_t* trap, wasm_message_t* out);
/* The wasm frames active when it trapped, innermost first; `out` is owned by the caller. */
void wasmprof_trap_trace(const wasmprof_trap_t* trap, wasmprof_frame_vec_t* out);
/* The innermost frame, owned by the caller (wasmprof_frame_delete); NULL without frames. */
wasmprof_frame_t* wasmprof_trap_origin(const wasmprof_trap_t* trap);

wasmprof_frame_t* wasmprof_frame_copy(const wasmprof_frame_t* frame);
void wasmprof_frame_delete(wasmprof_frame_t* frame);
/* Wasm function index, imports counted. */
uint32_t wasmprof_frame_func_index(const wasmprof_frame_t* frame);
/* Byte offset of the current instruction from the start of the module... */
size_t wasmprof_frame_module_offset(const wasmprof_frame_t* frame);
/* ...and from the start of the function's body. */
size_t wasmprof_frame_func_offset(const wasmprof_frame_t* frame);
/* Names from the module's name section, or NULL. The name belongs to the frame (valid until
 * it is deleted) and is not NUL-terminated. */
const wasm_name_t* wasmprof_frame_func_name(const wasmprof_frame_t* frame);
const wasm_name_t* wasmprof_frame_module_name(const wasmprof_frame_t* frame);

/* ---------------------------------------------------------------------------------------------
 * Config and engine (wasm_config_t, wasm_engine_t).
 */

typedef struct wasmprof_config wasmprof_config_t;
typedef struct wasmprof_engine wasmprof_engine_t;

/* Owned; freed with wasmprof_config_delete unless given to wasmprof_engine_new_with_config. */
wasmprof_config_t* wasmprof_config_new(void);
void wasmprof_config_delete(wasmprof_config_t* config);
/* Compile epoch checks into code; a store's deadline then starts at 0 (set one before calls). */
void wasmprof_config_epoch_interruption_set(wasmprof_config_t* config, bool enable);
/* Compile fuel metering into code; stores then start with no fuel. */
void wasmprof_config_consume_fuel_set(wasmprof_config_t* config, bool enable);
/* How code runs (Wasmtime's wasmtime_config_strategy_set): the interpreter (the default),
 * compiled to machine code at each function's first call, or tiered (interpreted first, hot
 * functions compiled on a background thread). Compiled code is sampled by a signal where it
 * runs (wasmprof_guestprofiler_start_sampling). */
typedef enum wasmprof_strategy {
  WASMPROF_STRATEGY_INTERPRETER = 0,
  WASMPROF_STRATEGY_COMPILED = 1,
  WASMPROF_STRATEGY_TIERED = 2,
} wasmprof_strategy_t;
/* An unknown value leaves the strategy as it was. */
void wasmprof_config_strategy_set(wasmprof_config_t* config, wasmprof_strategy_t strategy);
/* Size of the interpreter's value stack, in bytes. */
void wasmprof_config_max_wasm_stack_set(wasmprof_config_t* config, size_t size);
/* Deepest wasm call nesting before a stack-overflow trap (no Wasmtime equivalent). */
void wasmprof_config_max_call_depth_set(wasmprof_config_t* config, uint32_t depth);
/* Compiles probes into the guest allocator's functions (malloc, calloc, realloc, free,
 * aligned_alloc, posix_memalign, found by name) so that a guest profiler can record
 * allocations (wasmprof_guestprofiler_enable_allocation_profiling); other functions pay
 * nothing. Off by default. */
void wasmprof_config_allocation_probes_set(wasmprof_config_t* config, bool enable);

/* Owned. An engine may be deleted while modules, stores and linkers made from it still exist:
 * they keep what they need of it. */
wasmprof_engine_t* wasmprof_engine_new(void);
/* Takes ownership of `config` (do not delete it afterwards). */
wasmprof_engine_t* wasmprof_engine_new_with_config(wasmprof_config_t* config);
void wasmprof_engine_delete(wasmprof_engine_t* engine);
/* Advances the epoch by one. Safe from any thread, at any time. */
void wasmprof_engine_increment_epoch(wasmprof_engine_t* engine);

/* ---------------------------------------------------------------------------------------------
 * Value types and function types (wasm_valtype_t, wasm_functype_t).
 */

/* Kinds of values; the values are Wasmtime's (wasmtime_valkind_t). The same kinds name value
 * types (wasm.h numbers reference kinds differently; this API has one enum for both). */
typedef uint8_t wasmprof_valkind_t;
enum wasmprof_valkind_enum {
  WASMPROF_I32 = 0,
  WASMPROF_I64 = 1,
  WASMPROF_F32 = 2,
  WASMPROF_F64 = 3,
  WASMPROF_V128 = 4,
  WASMPROF_FUNCREF = 5,
  WASMPROF_EXTERNREF = 6,
};

typedef struct wasmprof_valtype wasmprof_valtype_t;
typedef struct wasmprof_functype wasmprof_functype_t;

typedef struct wasmprof_valtype_vec_t {
  size_t size;
  wasmprof_valtype_t** data;
} wasmprof_valtype_vec_t;

/* Owned; NULL for an unknown kind. */
wasmprof_valtype_t* wasmprof_valtype_new(wasmprof_valkind_t kind);
void wasmprof_valtype_delete(wasmprof_valtype_t* type);
wasmprof_valkind_t wasmprof_valtype_kind(const wasmprof_valtype_t* type);

void wasmprof_valtype_vec_new_empty(wasmprof_valtype_vec_t* out);
/* Takes ownership of the `size` valtypes in `data` (the array itself stays the caller's). */
void wasmprof_valtype_vec_new(wasmprof_valtype_vec_t* out, size_t size, wasmprof_valtype_t* const data[]);
void wasmprof_valtype_vec_copy(wasmprof_valtype_vec_t* out, const wasmprof_valtype_vec_t* src);
/* Frees the valtypes and the vector, leaving it empty. */
void wasmprof_valtype_vec_delete(wasmprof_valtype_vec_t* vec);

/* Owned. Takes ownership of the contents of `params` and `results`, which are left empty. */
wasmprof_functype_t* wasmprof_functype_new(wasmprof_valtype_vec_t* params, wasmprof_valtype_vec_t* results);
/* Owned; a shorthand without valtype objects (no Wasmtime equivalent). NULL for an unknown kind. */
wasmprof_functype_t* wasmprof_functype_new_from_kinds(const wasmprof_valkind_t* params, size_t nparams,
                                                      const wasmprof_valkind_t* results, size_t nresults);
wasmprof_functype_t* wasmprof_functype_copy(const wasmprof_functype_t* type);
void wasmprof_functype_delete(wasmprof_functype_t* type);
/* Borrowed from the functype. */
const wasmprof_valtype_vec_t* wasmprof_functype_params(const wasmprof_functype_t* type);
const wasmprof_valtype_vec_t* wasmprof_functype_results(const wasmprof_functype_t* type);

/* ---------------------------------------------------------------------------------------------
 * Modules (wasmtime_module_t): compiled, immutable, usable in any store of their engine.
 */

typedef struct wasmprof_module wasmprof_module_t;

/* Decodes, validates and compiles `wasm` (borrowed). On success *ret is an owned module;
 * otherwise an owned error (kind MALFORMED, INVALID, LIMIT or USAGE) and *ret is untouched. */
wasmprof_error_t* wasmprof_module_new(wasmprof_engine_t* engine, const uint8_t* wasm, size_t wasm_len,
                                      wasmprof_module_t** ret);
/* As wasmprof_module_new without keeping the module. */
wasmprof_error_t* wasmprof_module_validate(wasmprof_engine_t* engine, const uint8_t* wasm, size_t wasm_len);
/* Another owned handle of the same module. */
wasmprof_module_t* wasmprof_module_clone(const wasmprof_module_t* module);
void wasmprof_module_delete(wasmprof_module_t* module);

/* ---------------------------------------------------------------------------------------------
 * Stores and contexts (wasmtime_store_t, wasmtime_context_t).
 */

typedef struct wasmprof_store wasmprof_store_t;
/* A borrowed view of a store: what calls, callbacks and store objects take. Valid as long as
 * the store; never freed. */
typedef struct wasmprof_context wasmprof_context_t;

/* Owned; freed with wasmprof_store_delete, which frees everything created in the store, then
 * calls `finalizer(data)` (if not NULL) exactly once. NULL if `engine` is NULL (and then the
 * finalizer is not called). */
wasmprof_store_t* wasmprof_store_new(wasmprof_engine_t* engine, void* data, void (*finalizer)(void*));
void wasmprof_store_delete(wasmprof_store_t* store);
wasmprof_context_t* wasmprof_store_context(wasmprof_store_t* store);

void* wasmprof_context_get_data(const wasmprof_context_t* context);
/* Replaces the data; the store's finalizer will then be called with the new pointer. */
void wasmprof_context_set_data(wasmprof_context_t* context, void* data);

/* Fuel (wasmprof_config_consume_fuel_set): an error (kind USAGE) if the engine meters none. */
wasmprof_error_t* wasmprof_context_set_fuel(wasmprof_context_t* context, uint64_t fuel);
wasmprof_error_t* wasmprof_context_get_fuel(const wasmprof_context_t* context, uint64_t* fuel);

/* Epochs (wasmprof_config_epoch_interruption_set): wasm reaching a function entry or a branch
 * back to a loop header once the engine's epoch is at least current + ticks calls the deadline callback, or traps with
 * WASMPROF_TRAP_CODE_INTERRUPT when there is none. */
void wasmprof_context_set_epoch_deadline(wasmprof_context_t* context, uint64_t ticks_beyond_current);

typedef uint8_t wasmprof_update_deadline_kind_t;
enum wasmprof_update_deadline_kind_enum {
  WASMPROF_UPDATE_DEADLINE_CONTINUE = 0,
  WASMPROF_UPDATE_DEADLINE_YIELD = 1, /* needs async support, which wasmprof lacks: traps */
};
/* Called when the deadline passes. Returns NULL to continue with a new deadline `*delta` ticks
 * after the current epoch (`*delta` starts at 1, `*update_kind` at CONTINUE), or an error
 * (owned by the runtime then) that makes the running wasm trap with its message. */
typedef wasmprof_error_t* (*wasmprof_epoch_deadline_callback_t)(wasmprof_context_t* context, void* data,
                                                                 uint64_t* delta,
                                                                 wasmprof_update_deadline_kind_t* update_kind);
/* Replaces any earlier callback (whose finalizer then runs). `finalizer(data)` runs when the
 * callback is replaced or the store deleted. */
void wasmprof_store_epoch_deadline_callback(wasmprof_store_t* store, wasmprof_epoch_deadline_callback_t func,
                                            void* data, void (*finalizer)(void*));

/* Limits on what the guest may allocate in the store; a negative value keeps the default
 * (memory_size and table_elements: unlimited; counts: 10000). */
void wasmprof_store_limiter(wasmprof_store_t* store, int64_t memory_size, int64_t table_elements,
                            int64_t instances, int64_t tables, int64_t memories);

/* Stopping a guest from another thread (Wasmtime's former wasmtime_interrupt_handle_t). Owned;
 * freed with wasmprof_interrupt_handle_delete; may outlive its store (interrupting then does
 * nothing). NULL if `context` is NULL. */
typedef struct wasmprof_interrupt_handle wasmprof_interrupt_handle_t;
wasmprof_interrupt_handle_t* wasmprof_interrupt_handle_new(const wasmprof_context_t* context);
/* From any thread, even a signal handler: the guest traps with WASMPROF_TRAP_CODE_INTERRUPT at
 * its next instruction, or at the first of the next call if none runs, with or without epochs
 * and fuel. The trap consumes the request. */
void wasmprof_interrupt_handle_interrupt(const wasmprof_interrupt_handle_t* handle);
void wasmprof_interrupt_handle_delete(wasmprof_interrupt_handle_t* handle);

/* Guest/host transitions (Wasmtime's Store::call_hook, which its C API lacks). */
typedef uint8_t wasmprof_call_hook_kind_t;
enum wasmprof_call_hook_kind_enum {
  WASMPROF_CALL_HOOK_CALLING_WASM = 0,
  WASMPROF_CALL_HOOK_RETURNING_FROM_WASM = 1,
  WASMPROF_CALL_HOOK_CALLING_HOST = 2,
  WASMPROF_CALL_HOOK_RETURNING_FROM_HOST = 3,
};
/* Called on every transition. Returns NULL, or a trap (owned by the runtime then) that makes the
 * guest trap with its message. */
typedef wasmprof_trap_t* (*wasmprof_call_hook_t)(void* env, wasmprof_context_t* context,
                                                 wasmprof_call_hook_kind_t kind);
/* Replaces any earlier hook (whose finalizer then runs); a NULL `hook` removes it.
 * `finalizer(env)` runs when the hook is replaced or the store deleted. */
void wasmprof_store_call_hook(wasmprof_store_t* store, wasmprof_call_hook_t hook, void* env,
                              void (*finalizer)(void*));

/* ---------------------------------------------------------------------------------------------
 * Values and store objects (wasmtime_val_t, wasmtime_func_t, wasmtime_extern_t, ...).
 * A handle names an object in a store; using it with another store is an error (kind USAGE).
 */

typedef struct wasmprof_func {
  uint64_t store_id;
  void* internal; /* NULL: the null funcref */
} wasmprof_func_t;
typedef struct wasmprof_memory {
  uint64_t store_id;
  void* internal;
} wasmprof_memory_t;
typedef struct wasmprof_table {
  uint64_t store_id;
  void* internal;
} wasmprof_table_t;
typedef struct wasmprof_global {
  uint64_t store_id;
  void* internal;
} wasmprof_global_t;
typedef struct wasmprof_instance {
  uint64_t store_id;
  void* internal;
} wasmprof_instance_t;

typedef uint8_t wasmprof_v128[16]; /* little-endian lanes */

typedef union wasmprof_valunion {
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  wasmprof_v128 v128;
  wasmprof_func_t funcref;
  /* The host's bits, 0 for null (Wasmtime's externref is a garbage-collected object; here it is
   * the embedder's word, with no ownership). */
  uintptr_t externref;
} wasmprof_valunion_t;

typedef struct wasmprof_val {
  wasmprof_valkind_t kind;
  wasmprof_valunion_t of;
} wasmprof_val_t;

typedef uint8_t wasmprof_extern_kind_t;
enum wasmprof_extern_kind_enum {
  WASMPROF_EXTERN_FUNC = 0,
  WASMPROF_EXTERN_GLOBAL = 1,
  WASMPROF_EXTERN_TABLE = 2,
  WASMPROF_EXTERN_MEMORY = 3,
};

typedef union wasmprof_extern_union {
  wasmprof_func_t func;
  wasmprof_global_t global;
  wasmprof_table_t table;
  wasmprof_memory_t memory;
} wasmprof_extern_union_t;

typedef struct wasmprof_extern {
  wasmprof_extern_kind_t kind;
  wasmprof_extern_union_t of;
} wasmprof_extern_t;

/* ---------------------------------------------------------------------------------------------
 * Functions (wasmtime_func_*, wasmtime_caller_*).
 */

/* What a host function sees of its caller; borrowed, valid during the callback only. */
typedef struct wasmprof_caller wasmprof_caller_t;

/* A host function: reads `nargs` args, writes `nresults` results (their kinds must match the
 * function type). Returns NULL, or a trap (owned by the runtime then) to make the calling wasm
 * trap; returning a trap obtained from a nested wasmprof_func_call keeps its frames. */
typedef wasmprof_trap_t* (*wasmprof_func_callback_t)(void* env, wasmprof_caller_t* caller,
                                                     const wasmprof_val_t* args, size_t nargs,
                                                     wasmprof_val_t* results, size_t nresults);

/* A host function owned by the store; `type` is borrowed (copied). `finalizer(env)` runs when
 * the store is deleted (at once if the call fails: NULL context, type or callback; *ret is then
 * the null function). */
void wasmprof_func_new(wasmprof_context_t* context, const wasmprof_functype_t* type,
                       wasmprof_func_callback_t callback, void* env, void (*finalizer)(void*),
                       wasmprof_func_t* ret);

/* Calls `func` with `nargs` args (checked against its type), writing `nresults` results.
 * Returns NULL on success. If wasm traps: returns NULL and stores an owned trap in *trap.
 * Any other failure (wrong argument count or kinds, wrong store, the guest's exit): returns an
 * owned error and leaves *trap NULL. */
wasmprof_error_t* wasmprof_func_call(wasmprof_context_t* context, const wasmprof_func_t* func,
                                     const wasmprof_val_t* args, size_t nargs, wasmprof_val_t* results,
                                     size_t nresults, wasmprof_trap_t** trap);
/* Owned; NULL if `func` is null or of another store. */
wasmprof_functype_t* wasmprof_func_type(const wasmprof_context_t* context, const wasmprof_func_t* func);

wasmprof_context_t* wasmprof_caller_context(wasmprof_caller_t* caller);
/* An export of the calling instance (e.g. its "memory"): true and *item set if it exists. */
bool wasmprof_caller_export_get(wasmprof_caller_t* caller, const char* name, size_t name_len,
                                wasmprof_extern_t* item);

/* ---------------------------------------------------------------------------------------------
 * Memories, globals, tables.
 */

/* The memory's bytes, valid until it grows; NULL for a handle of another store. */
uint8_t* wasmprof_memory_data(const wasmprof_context_t* context, const wasmprof_memory_t* memory);
size_t wasmprof_memory_data_size(const wasmprof_context_t* context, const wasmprof_memory_t* memory);
/* In 64 KiB pages. */
uint64_t wasmprof_memory_size(const wasmprof_context_t* context, const wasmprof_memory_t* memory);
/* Grows by `delta` pages; *prev_size receives the previous size in pages. */
wasmprof_error_t* wasmprof_memory_grow(wasmprof_context_t* context, const wasmprof_memory_t* memory,
                                       uint64_t delta, uint64_t* prev_size);

void wasmprof_global_get(wasmprof_context_t* context, const wasmprof_global_t* global, wasmprof_val_t* out);
wasmprof_error_t* wasmprof_global_set(wasmprof_context_t* context, const wasmprof_global_t* global,
                                      const wasmprof_val_t* val);

uint64_t wasmprof_table_size(const wasmprof_context_t* context, const wasmprof_table_t* table);

/* ---------------------------------------------------------------------------------------------
 * Instances (wasmtime_instance_*) and linkers (wasmtime_linker_*).
 */

/* Instantiates with `imports` given in the module's import order. On success *instance is set.
 * A trap in the start function: returns NULL and stores an owned trap in *trap. Other failures
 * (link, limits, usage): an owned error. */
wasmprof_error_t* wasmprof_instance_new(wasmprof_context_t* context, const wasmprof_module_t* module,
                                        const wasmprof_extern_t* imports, size_t nimports,
                                        wasmprof_instance_t* instance, wasmprof_trap_t** trap);
/* True and *item set if the instance exports `name`. */
bool wasmprof_instance_export_get(wasmprof_context_t* context, const wasmprof_instance_t* instance,
                                  const char* name, size_t name_len, wasmprof_extern_t* item);

typedef struct wasmprof_linker wasmprof_linker_t;

/* Owned. Host functions defined in a linker belong to no store: each store gets its own
 * instance of them when it first instantiates through the linker. */
wasmprof_linker_t* wasmprof_linker_new(wasmprof_engine_t* engine);
/* Frees the linker. The `env`s of its host functions are finalized once neither the linker nor
 * any store that instantiated through it needs them. */
void wasmprof_linker_delete(wasmprof_linker_t* linker);
/* By default defining a name twice is an error. */
void wasmprof_linker_allow_shadowing(wasmprof_linker_t* linker, bool allow_shadowing);
/* Defines module.name as a host function; `type` is borrowed (copied). If this fails (an error
 * is returned), `finalizer(env)` has already run. */
wasmprof_error_t* wasmprof_linker_define_func(wasmprof_linker_t* linker, const char* module, size_t module_len,
                                              const char* name, size_t name_len,
                                              const wasmprof_functype_t* type, wasmprof_func_callback_t callback,
                                              void* env, void (*finalizer)(void*));
/* Defines module.name as an object of a store; the linker can then only instantiate there. */
wasmprof_error_t* wasmprof_linker_define(wasmprof_linker_t* linker, wasmprof_context_t* context,
                                         const char* module, size_t module_len, const char* name,
                                         size_t name_len, const wasmprof_extern_t* item);
/* Defines every export of `instance` under the module name `name`. */
wasmprof_error_t* wasmprof_linker_define_instance(wasmprof_linker_t* linker, wasmprof_context_t* context,
                                                  const char* name, size_t name_len,
                                                  const wasmprof_instance_t* instance);
/* Every still undefined function import of `module` becomes a function that traps. */
wasmprof_error_t* wasmprof_linker_define_unknown_imports_as_traps(wasmprof_linker_t* linker,
                                                                  const wasmprof_module_t* module);
/* Resolves the imports of `module` by name and instantiates it; results as wasmprof_instance_new
 * (a missing or mistyped import is an error of kind LINK naming it). */
wasmprof_error_t* wasmprof_linker_instantiate(const wasmprof_linker_t* linker, wasmprof_context_t* context,
                                              const wasmprof_module_t* module, wasmprof_instance_t* instance,
                                              wasmprof_trap_t** trap);
/* True and *item set if module.name is defined (as it would be given to this store). */
bool wasmprof_linker_get(const wasmprof_linker_t* linker, wasmprof_context_t* context, const char* module,
                         size_t module_len, const char* name, size_t name_len, wasmprof_extern_t* item);

/* ---- Guest profiler (Wasmtime's wasmtime_guestprofiler_*, one to one) ----
 *
 * Records the wasm stacks of one store's guest and writes a Firefox Profiler processed profile
 * (JSON). Only frames of the modules listed appear, under the names given. */
typedef struct wasmprof_guestprofiler wasmprof_guestprofiler_t;

/* A module whose frames may appear in the profile, and the name it appears under. */
typedef struct wasmprof_guestprofiler_modules {
  const wasm_name_t* name;
  const wasmprof_module_t* mod;
} wasmprof_guestprofiler_modules_t;

/* Starts a profile named `module_name`, recording the wall-clock time; `interval_nanos` is the
 * intended sampling period (recorded in the profile). Does not take ownership of its
 * arguments (they are copied). Returns NULL if an argument is NULL where it may not be.
 * Free with wasmprof_guestprofiler_delete, or consume with wasmprof_guestprofiler_finish. */
wasmprof_guestprofiler_t* wasmprof_guestprofiler_new(const wasm_name_t* module_name, uint64_t interval_nanos,
                                                     const wasmprof_guestprofiler_modules_t* modules,
                                                     size_t modules_len);

/* Appends a sample of the store's current wasm stack, with the CPU time used since the
 * previous sample (0: unknown). Typically called from the epoch-deadline callback. */
void wasmprof_guestprofiler_sample(wasmprof_guestprofiler_t* guestprofiler, const wasmprof_store_t* store,
                                   uint64_t delta_nanos);

/* Records a guest/host transition (forward the store's call hook here): host calls become
 * markers named after the import. */
void wasmprof_guestprofiler_call_hook(wasmprof_guestprofiler_t* guestprofiler, const wasmprof_store_t* store,
                                      wasmprof_call_hook_kind_t kind);

/* Precise mode: a sample at the very next instruction after each tick of the clock (0: the
 * guest thread's CPU time, 1: wall clock), wherever the guest is. Call from the thread that runs
 * the guest; the profiler must stay alive while it samples. Returns NULL or an error. */
wasmprof_error_t* wasmprof_guestprofiler_start_sampling(wasmprof_guestprofiler_t* guestprofiler,
                                                        const wasmprof_store_t* store, uint64_t interval_nanos,
                                                        uint8_t clock);
/* Reference (epoch) mode, Wasmtime's sampling without writing its ticker: the profiler advances
 * the engine's epoch every interval and takes the samples in the store's epoch-deadline callback
 * (its own until stop_sampling), so they fall only at function entries and loop back-edges. The
 * engine needs wasmprof_config_epoch_interruption_set. Call from the thread that runs the guest.
 * Returns NULL or an error. */
wasmprof_error_t* wasmprof_guestprofiler_start_epoch_sampling(wasmprof_guestprofiler_t* guestprofiler,
                                                              const wasmprof_store_t* store, uint64_t interval_nanos);
/* Ends either mode. */
void wasmprof_guestprofiler_stop_sampling(wasmprof_guestprofiler_t* guestprofiler);

/* Records every call of the guest allocator (malloc, free, ...; see
 * wasmprof_config_allocation_probes_set, which the store's engine must have had) with its stack,
 * size and address, as the profile's native allocations (the frontend's "Native Allocations" and
 * "Retained Memory" views). The store must outlive recording, which finish or delete ends.
 * Returns NULL or an error (kind USAGE without the probes, or when already recording). */
wasmprof_error_t* wasmprof_guestprofiler_enable_allocation_profiling(wasmprof_guestprofiler_t* guestprofiler,
                                                                     const wasmprof_store_t* store);

/* Writes the profile into `out`, which must be empty or uninitialized and on success belongs to
 * the caller (free with wasm_byte_vec_delete). Takes ownership of `guestprofiler` even on
 * error: it must not be used or deleted afterwards. Returns NULL or the error. */
wasmprof_error_t* wasmprof_guestprofiler_finish(wasmprof_guestprofiler_t* guestprofiler, wasm_byte_vec_t* out);

/* Frees a profiler that was not finished. */
void wasmprof_guestprofiler_delete(wasmprof_guestprofiler_t* guestprofiler);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* WASMPROF_H */
