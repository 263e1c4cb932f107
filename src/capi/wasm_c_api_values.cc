// The standard C API's values and references (wasm.h): wasm_val_t, what every reference type
// shares (copies, identity, host info, the views as wasm_ref_t), and values to and from the
// C++ API's.
#include "capi/wasm_c_api.hh"

using namespace wasmprof;
using capi::RefKind;

capi::HostInfo* wasm_ref_t::host_info(bool create) {
  if (store == nullptr) {
    if (!own_info && create) own_info = std::make_shared<capi::HostInfo>();
    return own_info.get();
  }
  // A store object's info is the store's, so that every reference to the object sees it.
  if (!create) {
    auto found = store->host_infos.find(identity());
    return found != store->host_infos.end() ? found->second.get() : nullptr;
  }
  std::unique_ptr<capi::HostInfo>& slot = store->host_infos[identity()];
  if (!slot) slot = std::make_unique<capi::HostInfo>();
  return slot.get();
}

namespace {

bool is_extern_kind(RefKind kind) {
  return kind == RefKind::Func || kind == RefKind::Global || kind == RefKind::Table || kind == RefKind::Memory;
}

}  // namespace

// What every reference type has.
#define WASMPROF_REF_BASE(name)                                                                    \
  void wasm_##name##_delete(wasm_##name##_t* ref) { delete ref; }                                  \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* ref) {                                \
    return ref != nullptr ? static_cast<wasm_##name##_t*>(ref->clone()) : nullptr;                 \
  }                                                                                                \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {                    \
    return a != nullptr && b != nullptr && a->kind == b->kind && a->identity() == b->identity();   \
  }                                                                                                \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* ref) {                                  \
    if (ref == nullptr) return nullptr;                                                            \
    capi::HostInfo* info = const_cast<wasm_##name##_t*>(ref)->host_info(false);                    \
    return info != nullptr ? info->info : nullptr;                                                 \
  }                                                                                                \
  void wasm_##name##_set_host_info(wasm_##name##_t* ref, void* info) {                             \
    if (ref != nullptr) ref->host_info(true)->reset(info, nullptr);                                \
  }                                                                                                \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* ref, void* info,                \
                                                  void (*finalizer)(void*)) {                      \
    if (ref != nullptr) ref->host_info(true)->reset(info, finalizer);                              \
  }

// ...and the views as a wasm_ref_t and back: the same object.
#define WASMPROF_REF(name, is_kind)                                                                \
  WASMPROF_REF_BASE(name)                                                                          \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* ref) { return ref; }                           \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* ref) { return ref; }         \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* ref) {                                           \
    return ref != nullptr && is_kind(ref->kind) ? static_cast<wasm_##name##_t*>(ref) : nullptr;    \
  }                                                                                                \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* ref) {                       \
    return ref != nullptr && is_kind(ref->kind) ? static_cast<const wasm_##name##_t*>(ref) : nullptr; \
  }

#define WASMPROF_KIND_IS(Kind) [](RefKind kind) { return kind == RefKind::Kind; }

extern "C" {

WASMPROF_REF_BASE(ref)
WASMPROF_REF(trap, WASMPROF_KIND_IS(Trap))
WASMPROF_REF(foreign, WASMPROF_KIND_IS(Foreign))
WASMPROF_REF(module, WASMPROF_KIND_IS(Module))
WASMPROF_REF(func, WASMPROF_KIND_IS(Func))
WASMPROF_REF(global, WASMPROF_KIND_IS(Global))
WASMPROF_REF(table, WASMPROF_KIND_IS(Table))
WASMPROF_REF(memory, WASMPROF_KIND_IS(Memory))
WASMPROF_REF(extern, is_extern_kind)
WASMPROF_REF(instance, WASMPROF_KIND_IS(Instance))

void wasm_val_delete(wasm_val_t* value) {
  if (value == nullptr || !wasm_valkind_is_ref(value->kind)) return;
  wasm_ref_delete(value->of.ref);
  value->of.ref = nullptr;
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* value) {
  if (out == nullptr || value == nullptr) return;
  *out = *value;
  if (wasm_valkind_is_ref(value->kind)) out->of.ref = wasm_ref_copy(value->of.ref);
}

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  if (store == nullptr) return nullptr;
  store->foreigns.push_back(std::make_unique<capi::Foreign>());
  return new wasm_foreign_t(store, store->foreigns.back().get());
}

}  // extern "C"

namespace wasmprof::capi {

Result<Val> ref_to_val(wasm_store_t* store, ValueType type, const wasm_ref_t* ref) {
  if (ref == nullptr) return Val::ref(type, 0);
  if (ref->store != store) return usage_error("a reference of another store, or not a store object");
  if (type == ValueType::FuncRef && ref->kind == RefKind::Func)
    return static_cast<const wasm_func_t*>(ref)->func.to_ref();
  // wasm holds a foreign object as its identity, which comes back as the same object.
  if (type == ValueType::ExternRef && ref->kind == RefKind::Foreign)
    return Val::ref(type, reinterpret_cast<uintptr_t>(static_cast<const wasm_foreign_t*>(ref)->object));
  return usage_error(type == ValueType::FuncRef ? "a funcref value must be a function"
                                                : "an externref value must be a foreign object (wasm_foreign_new)");
}

Result<Val> to_val(wasm_store_t* store, const wasm_val_t& value) {
  switch (value.kind) {
    case WASM_I32: return Val(value.of.i32);
    case WASM_I64: return Val(value.of.i64);
    case WASM_F32: return Val(value.of.f32);
    case WASM_F64: return Val(value.of.f64);
    case WASM_EXTERNREF: return ref_to_val(store, ValueType::ExternRef, value.of.ref);
    case WASM_FUNCREF: return ref_to_val(store, ValueType::FuncRef, value.of.ref);
    default: return usage_error("a value of unknown kind " + std::to_string(value.kind));
  }
}

wasm_val_t to_wasm_val(wasm_store_t* store, const Val& value) {
  wasm_val_t result;
  result.kind = to_valkind(value.type());
  result.of.i64 = 0;
  switch (value.type()) {
    case ValueType::I32: result.of.i32 = value.i32(); break;
    case ValueType::I64: result.of.i64 = value.i64(); break;
    case ValueType::F32: result.of.f32 = value.f32(); break;
    case ValueType::F64: result.of.f64 = value.f64(); break;
    case ValueType::V128: break;  // no standard representation: kind 4 with no bits
    case ValueType::FuncRef:
      result.of.ref = nullptr;
      if (!value.is_null())
        if (std::optional<Func> func = Func::from_ref(store->context(), value))
          result.of.ref = new wasm_func_t(store, *func);
      break;
    case ValueType::ExternRef:
      result.of.ref = value.is_null() ? nullptr : new wasm_foreign_t(store, reinterpret_cast<Foreign*>(value.ref()));
      break;
  }
  return result;
}

}  // namespace wasmprof::capi
