// What the C API's opaque types are, and the conversions between C values and C++ ones that
// more than one part of the C API needs.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "runtime/handles.hh"
#include "wasmprof.h"
#include "wasmprof/wasmprof.hh"

struct wasmprof_config {
  wasmprof::Config config;
};

struct wasmprof_engine {
  wasmprof::Engine engine;
};

struct wasmprof_module {
  wasmprof::Module module;
};

struct wasmprof_error {
  wasmprof::Error error;
  // Made by the embedder with wasmprof_error_new: its message is exactly what was given.
  bool from_embedder = false;
};

// Always an Error of kind Trap with its Trap set, so that a trap a host callback hands back
// travels through the C++ API unchanged (frames included).
struct wasmprof_trap {
  wasmprof::Error error;
};

struct wasmprof_valtype {
  wasmprof_valkind_t kind;
};

struct wasmprof_functype {
  wasmprof_valtype_vec_t params;
  wasmprof_valtype_vec_t results;
};

struct wasmprof_linker {
  explicit wasmprof_linker(const wasmprof::Engine& engine) : linker(engine) {}
  wasmprof::Linker linker;
};

namespace wasmprof::capi {

// An embedder's pointer with its finalizer, run once when the last owner lets go: host
// functions and callbacks are std::functions that get copied, so they share one of these.
class Finalized {
 public:
  Finalized(void* data, void (*finalizer)(void*)) : data_(data), finalizer_(finalizer) {}
  ~Finalized() {
    if (finalizer_ != nullptr) finalizer_(data_);
  }
  Finalized(const Finalized&) = delete;
  Finalized& operator=(const Finalized&) = delete;

  void* data() const { return data_; }
  void set(void* data) { data_ = data; }

 private:
  void* data_;
  void (*finalizer_)(void*);
};

// A C store is a Store<T> whose T is the embedder's data pointer and finalizer.
using StoreData = std::unique_ptr<Finalized>;

// A wasmprof_context_t* is the store's state itself, so contexts cost nothing to hand out.
inline StoreContext context_of(const wasmprof_context_t* context) {
  return StoreContext(*reinterpret_cast<detail::StoreState*>(const_cast<wasmprof_context_t*>(context)));
}
inline wasmprof_context_t* c_context(StoreContext context) {
  return reinterpret_cast<wasmprof_context_t*>(&context.state());
}
inline uint64_t store_id(StoreContext context) { return reinterpret_cast<uintptr_t>(&context.state()); }

Error usage_error(std::string message);
wasmprof_error_t* new_usage_error(std::string message);
// The Error a callback's returned C error or trap stands for (and frees them).
Error take_error(wasmprof_error_t* error);
Error take_trap(wasmprof_trap_t* trap);
// Splits an Error of the C++ API into Wasmtime's two channels: a trap of wasm goes to *trap,
// anything else (including the guest's exit) comes back as an error.
wasmprof_error_t* report(Error error, wasmprof_trap_t** trap);

std::optional<ValueType> value_type(wasmprof_valkind_t kind);
wasmprof_valkind_t valkind(ValueType type);
std::optional<FuncType> func_type(const wasmprof_functype_t* type);
wasmprof_functype_t* new_functype(const FuncType& type);

Result<Val> to_val(StoreContext store, const wasmprof_val_t& value);
wasmprof_val_t to_c_val(StoreContext store, const Val& value);
Result<Extern> to_extern(StoreContext store, const wasmprof_extern_t& item);
wasmprof_extern_t to_c_extern(StoreContext store, const Extern& item);

// A C handle carries the object pointer of the C++ handle it stands for, opaque here as it is to
// the embedder; detail::HandleAccess opens a C++ handle and makes one again. Check a C handle
// with belongs() before making its C++ handle.
inline Func handle_of(StoreContext store, const wasmprof_func_t& func) {
  return detail::HandleAccess::func(&store.state(), static_cast<exec::FunctionInstance*>(func.internal));
}
inline Memory handle_of(StoreContext store, const wasmprof_memory_t& memory) {
  return detail::HandleAccess::memory(&store.state(), static_cast<exec::MemoryInstance*>(memory.internal));
}
inline Table handle_of(StoreContext store, const wasmprof_table_t& table) {
  return detail::HandleAccess::table(&store.state(), static_cast<exec::TableInstance*>(table.internal));
}
inline Global handle_of(StoreContext store, const wasmprof_global_t& global) {
  return detail::HandleAccess::global(&store.state(), static_cast<exec::GlobalInstance*>(global.internal));
}
inline Instance handle_of(StoreContext store, const wasmprof_instance_t& instance) {
  return detail::HandleAccess::instance(&store.state(), static_cast<exec::ModuleInstance*>(instance.internal));
}
template <class Handle>
void* internal_of(const Handle& handle) {
  return detail::HandleAccess::raw(handle);
}

// A store object's handle, checked against the store it is used with.
template <class Handle>
bool belongs(StoreContext store, const Handle* handle) {
  return handle != nullptr && handle->internal != nullptr && handle->store_id == store_id(store);
}

// A C host function over the C++ API's dynamic host functions.
HostFunction host_function(FuncType type, wasmprof_func_callback_t callback, std::shared_ptr<Finalized> env);

}  // namespace wasmprof::capi
