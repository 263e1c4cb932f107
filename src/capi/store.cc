// Stores and contexts: the embedder's data, fuel, epoch deadlines, call hooks and limits.
#include <algorithm>

#include "capi/capi_objects.hh"

struct wasmprof_store {
  wasmprof_store(const wasmprof::Engine& engine, void* data, void (*finalizer)(void*))
      : store(engine, std::make_unique<wasmprof::capi::Finalized>(data, finalizer)) {}
  // Store<T> frees its objects (and the host functions' envs) before T, so the embedder's
  // finalizer runs last, when nothing can reach the data any more.
  wasmprof::Store<wasmprof::capi::StoreData> store;
};

struct wasmprof_interrupt_handle {
  wasmprof::InterruptHandle handle;
};

using namespace wasmprof;

namespace {

capi::Finalized& store_data(const wasmprof_context_t* context) {
  return *capi::context_of(context).data<capi::StoreData>();
}

wasmprof_call_hook_kind_t c_kind(CallHook kind) {
  switch (kind) {
    case CallHook::CallingWasm: return WASMPROF_CALL_HOOK_CALLING_WASM;
    case CallHook::ReturningFromWasm: return WASMPROF_CALL_HOOK_RETURNING_FROM_WASM;
    case CallHook::CallingHost: return WASMPROF_CALL_HOOK_CALLING_HOST;
    case CallHook::ReturningFromHost: return WASMPROF_CALL_HOOK_RETURNING_FROM_HOST;
  }
  return WASMPROF_CALL_HOOK_CALLING_WASM;
}

}  // namespace

extern "C" {

wasmprof_store_t* wasmprof_store_new(wasmprof_engine_t* engine, void* data, void (*finalizer)(void*)) {
  if (engine == nullptr) return nullptr;
  return new wasmprof_store(engine->engine, data, finalizer);
}

void wasmprof_store_delete(wasmprof_store_t* store) { delete store; }

wasmprof_context_t* wasmprof_store_context(wasmprof_store_t* store) {
  return capi::c_context(store->store.context());
}

void* wasmprof_context_get_data(const wasmprof_context_t* context) { return store_data(context).data(); }
void wasmprof_context_set_data(wasmprof_context_t* context, void* data) { store_data(context).set(data); }

wasmprof_error_t* wasmprof_context_set_fuel(wasmprof_context_t* context, uint64_t fuel) {
  Result<Ok> done = capi::context_of(context).set_fuel(fuel);
  return done ? nullptr : new wasmprof_error{done.error()};
}

wasmprof_error_t* wasmprof_context_get_fuel(const wasmprof_context_t* context, uint64_t* fuel) {
  Result<uint64_t> remaining = capi::context_of(context).get_fuel();
  if (!remaining) return new wasmprof_error{remaining.error()};
  *fuel = remaining.value();
  return nullptr;
}

void wasmprof_context_set_epoch_deadline(wasmprof_context_t* context, uint64_t ticks_beyond_current) {
  capi::context_of(context).set_epoch_deadline(ticks_beyond_current);
}

void wasmprof_store_epoch_deadline_callback(wasmprof_store_t* store, wasmprof_epoch_deadline_callback_t func,
                                            void* data, void (*finalizer)(void*)) {
  auto env = std::make_shared<capi::Finalized>(data, finalizer);
  if (func == nullptr) {
    store->store.epoch_deadline_trap();
    return;  // `env` goes now, finalizing `data` at once
  }
  store->store.epoch_deadline_callback([func, env](StoreContext context) -> Result<UpdateDeadline> {
    uint64_t delta = 1;
    wasmprof_update_deadline_kind_t kind = WASMPROF_UPDATE_DEADLINE_CONTINUE;
    if (wasmprof_error_t* error = func(capi::c_context(context), env->data(), &delta, &kind))
      return capi::take_error(error);
    if (kind != WASMPROF_UPDATE_DEADLINE_CONTINUE)
      return host_error("epoch deadline callback asked to yield, which needs async support wasmprof lacks");
    return UpdateDeadline::continue_with(delta);
  });
}

void wasmprof_store_limiter(wasmprof_store_t* store, int64_t memory_size, int64_t table_elements,
                            int64_t instances, int64_t tables, int64_t memories) {
  ResourceLimits limits;
  if (memory_size >= 0) limits.memory_size = uint64_t(memory_size);
  if (table_elements >= 0) limits.table_elements = uint32_t(std::min<int64_t>(table_elements, UINT32_MAX));
  if (instances >= 0) limits.instances = uint32_t(std::min<int64_t>(instances, UINT32_MAX));
  if (tables >= 0) limits.tables = uint32_t(std::min<int64_t>(tables, UINT32_MAX));
  if (memories >= 0) limits.memories = uint32_t(std::min<int64_t>(memories, UINT32_MAX));
  store->store.limiter(limits);
}

void wasmprof_store_call_hook(wasmprof_store_t* store, wasmprof_call_hook_t hook, void* env,
                              void (*finalizer)(void*)) {
  auto owned_env = std::make_shared<capi::Finalized>(env, finalizer);
  if (hook == nullptr) {
    store->store.call_hook(CallHookCallback());
    return;
  }
  store->store.call_hook([hook, owned_env](StoreContext context, CallHook kind) -> Result<Ok> {
    if (wasmprof_trap_t* trap = hook(owned_env->data(), capi::c_context(context), c_kind(kind)))
      return capi::take_trap(trap);
    return Ok{};
  });
}

}  // extern "C"

wasmprof_interrupt_handle_t* wasmprof_interrupt_handle_new(const wasmprof_context_t* context) {
  if (context == nullptr) return nullptr;
  return new wasmprof_interrupt_handle{capi::context_of(context).interrupt_handle()};
}

void wasmprof_interrupt_handle_interrupt(const wasmprof_interrupt_handle_t* handle) {
  if (handle != nullptr) handle->handle.interrupt();
}

void wasmprof_interrupt_handle_delete(wasmprof_interrupt_handle_t* handle) { delete handle; }
