// Values and externs: C unions to C++ values and handles and back, checking that handles
// belong to the store they are used with.
#include <cstring>

#include "capi/capi_objects.hh"

namespace wasmprof::capi {

Result<Val> to_val(StoreContext store, const wasmprof_val_t& value) {
  switch (value.kind) {
    case WASMPROF_I32: return Val(value.of.i32);
    case WASMPROF_I64: return Val(value.of.i64);
    case WASMPROF_F32: return Val(value.of.f32);
    case WASMPROF_F64: return Val(value.of.f64);
    case WASMPROF_V128: {
      V128 bytes;
      std::memcpy(bytes.data(), value.of.v128, bytes.size());
      return Val(bytes);
    }
    case WASMPROF_FUNCREF: {
      if (value.of.funcref.internal == nullptr) return Val::ref(ValueType::FuncRef, 0);
      if (!belongs(store, &value.of.funcref)) return usage_error("funcref of a function of another store");
      return handle_of(store, value.of.funcref).to_ref();
    }
    case WASMPROF_EXTERNREF: return Val::ref(ValueType::ExternRef, value.of.externref);
  }
  return usage_error("unknown value kind " + std::to_string(value.kind));
}

wasmprof_val_t to_c_val(StoreContext store, const Val& value) {
  wasmprof_val_t out;
  std::memset(&out, 0, sizeof out);
  out.kind = valkind(value.type());
  switch (value.type()) {
    case ValueType::I32: out.of.i32 = value.i32(); break;
    case ValueType::I64: out.of.i64 = value.i64(); break;
    case ValueType::F32: out.of.f32 = value.f32(); break;
    case ValueType::F64: out.of.f64 = value.f64(); break;
    case ValueType::V128: {
      const V128 bytes = value.v128();
      std::memcpy(out.of.v128, bytes.data(), bytes.size());
      break;
    }
    case ValueType::FuncRef:
      if (std::optional<Func> func = Func::from_ref(store, value))
        out.of.funcref = wasmprof_func_t{store_id(store), internal_of(*func)};
      break;
    case ValueType::ExternRef: out.of.externref = value.ref(); break;
  }
  return out;
}

Result<Extern> to_extern(StoreContext store, const wasmprof_extern_t& item) {
  switch (item.kind) {
    case WASMPROF_EXTERN_FUNC:
      if (!belongs(store, &item.of.func)) break;
      return Extern(handle_of(store, item.of.func));
    case WASMPROF_EXTERN_GLOBAL:
      if (!belongs(store, &item.of.global)) break;
      return Extern(handle_of(store, item.of.global));
    case WASMPROF_EXTERN_TABLE:
      if (!belongs(store, &item.of.table)) break;
      return Extern(handle_of(store, item.of.table));
    case WASMPROF_EXTERN_MEMORY:
      if (!belongs(store, &item.of.memory)) break;
      return Extern(handle_of(store, item.of.memory));
    default: return usage_error("unknown extern kind " + std::to_string(item.kind));
  }
  return usage_error("extern is null or of another store");
}

wasmprof_extern_t to_c_extern(StoreContext store, const Extern& item) {
  wasmprof_extern_t out;
  std::memset(&out, 0, sizeof out);
  const uint64_t id = store_id(store);
  switch (item.kind()) {
    case ExternKind::Function:
      out.kind = WASMPROF_EXTERN_FUNC;
      out.of.func = wasmprof_func_t{id, internal_of(*item.func())};
      break;
    case ExternKind::Global:
      out.kind = WASMPROF_EXTERN_GLOBAL;
      out.of.global = wasmprof_global_t{id, internal_of(*item.global())};
      break;
    case ExternKind::Table:
      out.kind = WASMPROF_EXTERN_TABLE;
      out.of.table = wasmprof_table_t{id, internal_of(*item.table())};
      break;
    case ExternKind::Memory:
      out.kind = WASMPROF_EXTERN_MEMORY;
      out.of.memory = wasmprof_memory_t{id, internal_of(*item.memory())};
      break;
  }
  return out;
}

}  // namespace wasmprof::capi
