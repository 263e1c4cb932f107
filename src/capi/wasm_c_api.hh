// What the standard C API's (include/wasm.h) opaque types are, over the wasmprof C API's
// objects (capi_objects.hh) and the public C++ API. One wasm_ref_t hierarchy carries every
// reference type, so that the standard's conversions (wasm_func_as_extern, wasm_ref_as_func,
// ...) are pointer casts of one object, as the standard requires.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capi/capi_objects.hh"
#include "wasm.h"
#include "wasmprof_wasm.h"

// ---- Types ----------------------------------------------------------------------------------

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t kind) : kind(kind) {}
  virtual ~wasm_externtype_t() = default;
  virtual wasm_externtype_t* clone() const = 0;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t(wasm_valtype_vec_t params, wasm_valtype_vec_t results)
      : wasm_externtype_t(WASM_EXTERN_FUNC), params(params), results(results) {}
  ~wasm_functype_t() override;
  wasm_externtype_t* clone() const override;
  wasm_valtype_vec_t params;   // owned
  wasm_valtype_vec_t results;  // owned
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t(wasm_valkind_t kind, wasm_mutability_t mutability)
      : wasm_externtype_t(WASM_EXTERN_GLOBAL), content{kind}, mutability(mutability) {}
  wasm_externtype_t* clone() const override { return new wasm_globaltype_t(*this); }
  wasm_valtype_t content;
  wasm_mutability_t mutability;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t(wasm_valkind_t kind, wasm_limits_t limits)
      : wasm_externtype_t(WASM_EXTERN_TABLE), element{kind}, limits(limits) {}
  wasm_externtype_t* clone() const override { return new wasm_tabletype_t(*this); }
  wasm_valtype_t element;
  wasm_limits_t limits;
};

struct wasm_memorytype_t : wasm_externtype_t {
  explicit wasm_memorytype_t(wasm_limits_t limits) : wasm_externtype_t(WASM_EXTERN_MEMORY), limits(limits) {}
  wasm_externtype_t* clone() const override { return new wasm_memorytype_t(*this); }
  wasm_limits_t limits;
};

struct wasm_importtype_t {
  wasm_name_t module;       // owned
  wasm_name_t name;         // owned
  wasm_externtype_t* type;  // owned
};

struct wasm_exporttype_t {
  wasm_name_t name;         // owned
  wasm_externtype_t* type;  // owned
};

// ---- Engine and store -----------------------------------------------------------------------

struct wasm_config_t {
  wasmprof_config config;
};

struct wasm_engine_t {
  wasmprof_engine engine;
};

namespace wasmprof::capi {

// An embedder's pointer with its finalizer, run once when the holder goes.
struct HostInfo {
  HostInfo() = default;
  HostInfo(const HostInfo&) = delete;
  HostInfo& operator=(const HostInfo&) = delete;
  ~HostInfo() { reset(nullptr, nullptr); }
  // The previous info is no longer needed: its finalizer runs now.
  void reset(void* new_info, void (*new_finalizer)(void*)) {
    void* old_info = info;
    void (*old_finalizer)(void*) = finalizer;
    info = new_info;
    finalizer = new_finalizer;
    if (old_finalizer != nullptr) old_finalizer(old_info);
  }
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
};

// A foreign object: only an identity, which wasm carries as an externref value's bits.
struct Foreign {};

}  // namespace wasmprof::capi

struct wasm_store_t {
  explicit wasm_store_t(const wasmprof::Engine& engine);
  ~wasm_store_t();
  wasm_store_t(const wasm_store_t&) = delete;
  wasm_store_t& operator=(const wasm_store_t&) = delete;

  wasmprof::StoreContext context() const { return wasmprof::capi::context_of(wasmprof_store_context(store)); }

  wasmprof::Engine engine;
  wasmprof_store_t* store;  // owned
  // Host info of the store's objects, by object identity: it lives as long as the objects.
  std::unordered_map<const void*, std::unique_ptr<wasmprof::capi::HostInfo>> host_infos;
  std::vector<std::unique_ptr<wasmprof::capi::Foreign>> foreigns;
};

// ---- References -----------------------------------------------------------------------------

namespace wasmprof::capi {
enum class RefKind : uint8_t { Func, Global, Table, Memory, Instance, Module, Trap, Foreign };
}

struct wasm_ref_t {
  wasm_ref_t(wasmprof::capi::RefKind kind, wasm_store_t* store) : kind(kind), store(store) {}
  virtual ~wasm_ref_t() = default;
  // Another reference to the same object.
  virtual wasm_ref_t* clone() const = 0;
  // What makes two references refer to the same object.
  virtual const void* identity() const = 0;

  // The host info of the object: the store's for store objects, else shared by the copies of
  // this reference. Made when `create`, else NULL when there is none.
  wasmprof::capi::HostInfo* host_info(bool create);

  wasmprof::capi::RefKind kind;
  wasm_store_t* store;  // NULL for modules and traps, which do not belong to a store
  std::shared_ptr<wasmprof::capi::HostInfo> own_info;
};

struct wasm_extern_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  virtual wasmprof::Extern as_extern() const = 0;
  wasm_externkind_t extern_kind() const;
};

struct wasm_func_t : wasm_extern_t {
  wasm_func_t(wasm_store_t* store, wasmprof::Func func)
      : wasm_extern_t(wasmprof::capi::RefKind::Func, store), func(func) {}
  wasm_ref_t* clone() const override { return new wasm_func_t(*this); }
  const void* identity() const override { return wasmprof::capi::internal_of(func); }
  wasmprof::Extern as_extern() const override { return func; }
  wasmprof::Func func;
};

struct wasm_global_t : wasm_extern_t {
  wasm_global_t(wasm_store_t* store, wasmprof::Global global)
      : wasm_extern_t(wasmprof::capi::RefKind::Global, store), global(global) {}
  wasm_ref_t* clone() const override { return new wasm_global_t(*this); }
  const void* identity() const override { return wasmprof::capi::internal_of(global); }
  wasmprof::Extern as_extern() const override { return global; }
  wasmprof::Global global;
};

struct wasm_table_t : wasm_extern_t {
  wasm_table_t(wasm_store_t* store, wasmprof::Table table)
      : wasm_extern_t(wasmprof::capi::RefKind::Table, store), table(table) {}
  wasm_ref_t* clone() const override { return new wasm_table_t(*this); }
  const void* identity() const override { return wasmprof::capi::internal_of(table); }
  wasmprof::Extern as_extern() const override { return table; }
  wasmprof::Table table;
};

struct wasm_memory_t : wasm_extern_t {
  wasm_memory_t(wasm_store_t* store, wasmprof::Memory memory)
      : wasm_extern_t(wasmprof::capi::RefKind::Memory, store), memory(memory) {}
  wasm_ref_t* clone() const override { return new wasm_memory_t(*this); }
  const void* identity() const override { return wasmprof::capi::internal_of(memory); }
  wasmprof::Extern as_extern() const override { return memory; }
  wasmprof::Memory memory;
};

struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* store, wasmprof::Instance instance)
      : wasm_ref_t(wasmprof::capi::RefKind::Instance, store), instance(instance) {}
  wasm_ref_t* clone() const override { return new wasm_instance_t(*this); }
  const void* identity() const override { return wasmprof::capi::internal_of(instance); }
  wasmprof::Instance instance;
};

struct wasm_module_t : wasm_ref_t {
  explicit wasm_module_t(wasmprof::Module module)
      : wasm_ref_t(wasmprof::capi::RefKind::Module, nullptr), module{std::move(module)} {
    own_info = std::make_shared<wasmprof::capi::HostInfo>();  // shared by the copies
  }
  wasm_ref_t* clone() const override { return new wasm_module_t(*this); }
  const void* identity() const override { return module.module.id(); }
  wasmprof_module module;  // what wasmprof_wasm_module hands out
};

struct wasm_shared_module_t {
  wasmprof::Module module;
};

// A trap: its message and frames, shared by the trap's copies.
struct wasm_trap_t : wasm_ref_t {
  explicit wasm_trap_t(std::shared_ptr<const wasmprof::Error> error)
      : wasm_ref_t(wasmprof::capi::RefKind::Trap, nullptr), error(std::move(error)) {
    own_info = std::make_shared<wasmprof::capi::HostInfo>();  // shared by the copies
  }
  wasm_ref_t* clone() const override { return new wasm_trap_t(*this); }
  const void* identity() const override { return error.get(); }
  std::shared_ptr<const wasmprof::Error> error;  // kind Trap, with its Trap
};

struct wasm_foreign_t : wasm_ref_t {
  wasm_foreign_t(wasm_store_t* store, wasmprof::capi::Foreign* object)
      : wasm_ref_t(wasmprof::capi::RefKind::Foreign, store), object(object) {}
  wasm_ref_t* clone() const override { return new wasm_foreign_t(*this); }
  const void* identity() const override { return object; }
  wasmprof::capi::Foreign* object;  // the store's
};

struct wasm_frame_t {
  uint32_t func_index = 0;
  size_t func_offset = 0;
  size_t module_offset = 0;
};

namespace wasmprof::capi {

// Type conversions between the standard's C types and the C++ API's.
std::optional<ValueType> to_value_type(wasm_valkind_t kind);
wasm_valkind_t to_valkind(ValueType type);
std::optional<FuncType> to_func_type(const wasm_functype_t* type);
wasm_functype_t* new_wasm_functype(const FuncType& type);
wasm_limits_t to_wasm_limits(const Limits& limits);
Limits to_limits(const wasm_limits_t& limits);
wasm_externtype_t* new_wasm_externtype(const ExternType& type);

// Values: a C value's reference must belong to `store`; a C++ value's reference becomes a new
// reference owned by the result.
Result<Val> to_val(wasm_store_t* store, const wasm_val_t& value);
wasm_val_t to_wasm_val(wasm_store_t* store, const Val& value);
// A reference (NULL: null) as a value of a reference type.
Result<Val> ref_to_val(wasm_store_t* store, ValueType type, const wasm_ref_t* ref);

// A new reference to an extern of `store`, of its proper type.
wasm_extern_t* new_wasm_extern(wasm_store_t* store, const Extern& item);

// Traps.
wasm_trap_t* new_wasm_trap(Error error);
wasm_trap_t* new_wasm_trap(std::string message);
// The Error a trap a callback returned stands for (and frees the trap).
Error take_wasm_trap(wasm_trap_t* trap);

}  // namespace wasmprof::capi
