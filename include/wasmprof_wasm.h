/* The bridge from the standard C API (wasm.h) to wasmprof's own (wasmprof.h): the wasmprof
 * objects behind a standard config, engine, store or module. With them a wasm.h embedder uses
 * any wasmprof_* function on its objects: profile a store with the guest profiler, choose the
 * execution strategy, set fuel, epoch deadlines, call hooks or resource limits.
 *
 * Every pointer returned here is borrowed: it is valid as long as the standard object it came
 * from and must not be deleted with a wasmprof_*_delete function. NULL in, NULL out.
 *
 * Profiling a wasm.h store, sampling precisely every millisecond of the guest's CPU time:
 *
 *     wasmprof_store_t* ws = wasmprof_wasm_store(store);
 *     wasm_name_t name;
 *     wasm_name_new_from_string(&name, "app");
 *     wasmprof_guestprofiler_modules_t modules[] = {{&name, wasmprof_wasm_module(module)}};
 *     wasmprof_guestprofiler_t* profiler = wasmprof_guestprofiler_new(&name, 1000000, modules, 1);
 *     wasmprof_guestprofiler_start_sampling(profiler, ws, 1000000, 0);   // returns an error or NULL
 *     ... wasm_func_call(...) as before ...
 *     wasm_byte_vec_t json;                    // a Firefox Profiler profile
 *     wasmprof_guestprofiler_finish(profiler, &json);                     // returns an error or NULL
 *     wasm_name_delete(&name);
 */
#ifndef WASMPROF_WASM_H
#define WASMPROF_WASM_H

#include "wasm.h"
#include "wasmprof.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Settings made here apply to engines made from the config afterwards. */
wasmprof_config_t* wasmprof_wasm_config(wasm_config_t* config);
wasmprof_engine_t* wasmprof_wasm_engine(wasm_engine_t* engine);
wasmprof_store_t* wasmprof_wasm_store(wasm_store_t* store);
const wasmprof_module_t* wasmprof_wasm_module(const wasm_module_t* module);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* WASMPROF_WASM_H */
