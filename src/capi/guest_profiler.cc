// The guest profiler's C API: wasmtime_guestprofiler_* one to one, over GuestProfiler.
#include <sstream>

#include "capi/capi_objects.hh"
#include "wasmprof/profiler.hh"

struct wasmprof_guestprofiler {
  wasmprof::GuestProfiler profiler;
};

using namespace wasmprof;

namespace {

StoreContext context_of_store(const wasmprof_store_t* store) {
  return capi::context_of(wasmprof_store_context(const_cast<wasmprof_store_t*>(store)));
}

}  // namespace

extern "C" {

wasmprof_guestprofiler_t* wasmprof_guestprofiler_new(const wasm_name_t* module_name, uint64_t interval_nanos,
                                                     const wasmprof_guestprofiler_modules_t* modules,
                                                     size_t modules_len) {
  if (module_name == nullptr || (modules == nullptr && modules_len > 0)) return nullptr;
  std::vector<std::pair<std::string, Module>> allowed;
  for (size_t i = 0; i < modules_len; ++i) {
    if (modules[i].name == nullptr || modules[i].mod == nullptr) return nullptr;
    allowed.emplace_back(std::string(modules[i].name->data, modules[i].name->size), modules[i].mod->module);
  }
  return new wasmprof_guestprofiler{
      GuestProfiler(std::string_view(module_name->data, module_name->size),
                    std::chrono::nanoseconds(int64_t(std::min<uint64_t>(interval_nanos, INT64_MAX))),
                    std::move(allowed))};
}

void wasmprof_guestprofiler_sample(wasmprof_guestprofiler_t* guestprofiler, const wasmprof_store_t* store,
                                   uint64_t delta_nanos) {
  if (guestprofiler == nullptr || store == nullptr) return;
  guestprofiler->profiler.sample(context_of_store(store),
                                 std::chrono::nanoseconds(int64_t(std::min<uint64_t>(delta_nanos, INT64_MAX))));
}

void wasmprof_guestprofiler_call_hook(wasmprof_guestprofiler_t* guestprofiler, const wasmprof_store_t* store,
                                      wasmprof_call_hook_kind_t kind) {
  if (guestprofiler == nullptr || store == nullptr || kind > WASMPROF_CALL_HOOK_RETURNING_FROM_HOST) return;
  guestprofiler->profiler.call_hook(context_of_store(store), static_cast<CallHook>(kind));
}

wasmprof_error_t* wasmprof_guestprofiler_start_sampling(wasmprof_guestprofiler_t* guestprofiler,
                                                        const wasmprof_store_t* store, uint64_t interval_nanos,
                                                        uint8_t clock) {
  if (guestprofiler == nullptr || store == nullptr || clock > 1)
    return capi::new_usage_error("wasmprof_guestprofiler_start_sampling: NULL argument or unknown clock");
  Result<Ok> started = guestprofiler->profiler.start_sampling(
      context_of_store(store), std::chrono::nanoseconds(int64_t(std::min<uint64_t>(interval_nanos, INT64_MAX))),
      clock == 0 ? SamplingClock::ThreadCpuTime : SamplingClock::WallClock);
  if (!started) return new wasmprof_error_t{started.error()};
  return nullptr;
}

wasmprof_error_t* wasmprof_guestprofiler_start_epoch_sampling(wasmprof_guestprofiler_t* guestprofiler,
                                                              const wasmprof_store_t* store, uint64_t interval_nanos) {
  if (guestprofiler == nullptr || store == nullptr)
    return capi::new_usage_error("wasmprof_guestprofiler_start_epoch_sampling: NULL argument");
  Result<Ok> started = guestprofiler->profiler.start_epoch_sampling(
      context_of_store(store), std::chrono::nanoseconds(int64_t(std::min<uint64_t>(interval_nanos, INT64_MAX))));
  if (!started) return new wasmprof_error_t{started.error()};
  return nullptr;
}

void wasmprof_guestprofiler_stop_sampling(wasmprof_guestprofiler_t* guestprofiler) {
  if (guestprofiler != nullptr) guestprofiler->profiler.stop_sampling();
}

wasmprof_error_t* wasmprof_guestprofiler_enable_allocation_profiling(wasmprof_guestprofiler_t* guestprofiler,
                                                                     const wasmprof_store_t* store) {
  if (guestprofiler == nullptr || store == nullptr)
    return capi::new_usage_error("wasmprof_guestprofiler_enable_allocation_profiling: NULL argument");
  Result<Ok> enabled = guestprofiler->profiler.enable_allocation_profiling(context_of_store(store));
  if (!enabled) return new wasmprof_error_t{enabled.error()};
  return nullptr;
}

wasmprof_error_t* wasmprof_guestprofiler_finish(wasmprof_guestprofiler_t* guestprofiler, wasm_byte_vec_t* out) {
  if (guestprofiler == nullptr) return capi::new_usage_error("wasmprof_guestprofiler_finish: NULL profiler");
  std::unique_ptr<wasmprof_guestprofiler_t> owned(guestprofiler);  // ours now, whatever happens
  if (out == nullptr) return capi::new_usage_error("wasmprof_guestprofiler_finish: NULL output");
  std::ostringstream json;
  Result<Ok> finished = std::move(owned->profiler).finish(json);
  if (!finished) return new wasmprof_error_t{finished.error()};
  const std::string text = std::move(json).str();
  wasm_byte_vec_new(out, text.size(), reinterpret_cast<const wasm_byte_t*>(text.data()));
  return nullptr;
}

void wasmprof_guestprofiler_delete(wasmprof_guestprofiler_t* guestprofiler) { delete guestprofiler; }

}  // extern "C"
