// The standard C API's vectors and types (wasm.h): value, function, global, table, memory,
// extern, import and export types, and the conversions to and from the C++ API's types.
#include <cstring>

#include "capi/wasm_c_api.hh"

using namespace wasmprof;

namespace {

// The standard's vectors: a heap array (new[]), whose elements a pointer vector owns.
template <class Vec, class Element>
void vec_new_uninitialized(Vec* out, size_t size) {
  if (out == nullptr) return;
  out->size = size;
  out->data = size == 0 ? nullptr : new Element[size]();  // zeroed: deleting it unfilled is safe
}

template <class Vec>
void vec_free_array(Vec* vec) {
  delete[] vec->data;
  vec->data = nullptr;
  vec->size = 0;
}

wasm_name_t take_name(wasm_name_t* name) {
  wasm_name_t taken = *name;
  name->size = 0;
  name->data = nullptr;
  return taken;
}

wasm_name_t copy_name(const wasm_name_t& name) {
  wasm_name_t copy;
  wasm_byte_vec_copy(&copy, &name);
  return copy;
}

wasm_name_t name_of(const std::string& text) {
  wasm_name_t name;
  wasm_byte_vec_new(&name, text.size(), text.data());
  return name;
}

bool valid_valkind(wasm_valkind_t kind) { return capi::to_value_type(kind).has_value(); }

}  // namespace

// A vector of owned pointers, whose copies are deep (wasm_<name>_copy) and whose deletion
// deletes the elements (wasm_<name>_delete).
#define WASMPROF_POINTER_VEC(name)                                                                  \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                                      \
    vec_new_uninitialized<wasm_##name##_vec_t, wasm_##name##_t*>(out, 0);                           \
  }                                                                                                 \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {                 \
    vec_new_uninitialized<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                        \
  }                                                                                                 \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size, wasm_##name##_t* const data[]) { \
    vec_new_uninitialized<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                        \
    if (out != nullptr && size != 0 && data != nullptr)                                             \
      std::memcpy(out->data, data, size * sizeof(wasm_##name##_t*));                                \
  }                                                                                                 \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* src) {           \
    if (out == nullptr) return;                                                                     \
    const size_t size = src != nullptr ? src->size : 0;                                             \
    vec_new_uninitialized<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                        \
    for (size_t i = 0; i < size; ++i)                                                               \
      out->data[i] = src->data[i] != nullptr ? wasm_##name##_copy(src->data[i]) : nullptr;          \
  }                                                                                                 \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* vec) {                                         \
    if (vec == nullptr) return;                                                                     \
    for (size_t i = 0; i < vec->size; ++i) wasm_##name##_delete(vec->data[i]);                      \
    vec_free_array(vec);                                                                            \
  }

extern "C" {

WASMPROF_POINTER_VEC(valtype)
WASMPROF_POINTER_VEC(functype)
WASMPROF_POINTER_VEC(globaltype)
WASMPROF_POINTER_VEC(tabletype)
WASMPROF_POINTER_VEC(memorytype)
WASMPROF_POINTER_VEC(externtype)
WASMPROF_POINTER_VEC(importtype)
WASMPROF_POINTER_VEC(exporttype)
WASMPROF_POINTER_VEC(frame)
WASMPROF_POINTER_VEC(extern)

// Values own their references: copies copy them, deletion deletes them.
void wasm_val_vec_new_empty(wasm_val_vec_t* out) { vec_new_uninitialized<wasm_val_vec_t, wasm_val_t>(out, 0); }
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t size) {
  vec_new_uninitialized<wasm_val_vec_t, wasm_val_t>(out, size);
}
void wasm_val_vec_new(wasm_val_vec_t* out, size_t size, const wasm_val_t data[]) {
  vec_new_uninitialized<wasm_val_vec_t, wasm_val_t>(out, size);
  if (out != nullptr && size != 0 && data != nullptr) std::memcpy(out->data, data, size * sizeof(wasm_val_t));
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  if (out == nullptr) return;
  const size_t size = src != nullptr ? src->size : 0;
  vec_new_uninitialized<wasm_val_vec_t, wasm_val_t>(out, size);
  for (size_t i = 0; i < size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t* vec) {
  if (vec == nullptr) return;
  for (size_t i = 0; i < vec->size; ++i) wasm_val_delete(&vec->data[i]);
  vec_free_array(vec);
}

// ---- Value types ----

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) {
  return valid_valkind(kind) ? new wasm_valtype_t{kind} : nullptr;
}
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* type) {
  return type != nullptr ? new wasm_valtype_t{*type} : nullptr;
}
void wasm_valtype_delete(wasm_valtype_t* type) { delete type; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* type) { return type != nullptr ? type->kind : WASM_I32; }

// ---- Function types ----

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  wasm_valtype_vec_t taken_params{0, nullptr};
  wasm_valtype_vec_t taken_results{0, nullptr};
  if (params != nullptr) std::swap(taken_params, *params);
  if (results != nullptr) std::swap(taken_results, *results);
  auto* type = new wasm_functype_t(taken_params, taken_results);
  for (const wasm_valtype_vec_t* list : {&type->params, &type->results})
    for (size_t i = 0; i < list->size; ++i)
      if (list->data[i] == nullptr) {  // not a type: no function type
        delete type;
        return nullptr;
      }
  return type;
}
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* type) {
  return type != nullptr ? static_cast<wasm_functype_t*>(type->clone()) : nullptr;
}
void wasm_functype_delete(wasm_functype_t* type) { delete type; }
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* type) {
  return type != nullptr ? &type->params : nullptr;
}
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* type) {
  return type != nullptr ? &type->results : nullptr;
}

// ---- Global, table and memory types ----

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  std::unique_ptr<wasm_valtype_t> taken(content);
  if (!taken || mutability > WASM_VAR) return nullptr;
  return new wasm_globaltype_t(taken->kind, mutability);
}
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* type) {
  return type != nullptr ? new wasm_globaltype_t(*type) : nullptr;
}
void wasm_globaltype_delete(wasm_globaltype_t* type) { delete type; }
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* type) {
  return type != nullptr ? &type->content : nullptr;
}
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* type) {
  return type != nullptr ? type->mutability : WASM_CONST;
}

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  std::unique_ptr<wasm_valtype_t> taken(element);
  if (!taken || limits == nullptr || !wasm_valkind_is_ref(taken->kind)) return nullptr;
  return new wasm_tabletype_t(taken->kind, *limits);
}
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* type) {
  return type != nullptr ? new wasm_tabletype_t(*type) : nullptr;
}
void wasm_tabletype_delete(wasm_tabletype_t* type) { delete type; }
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* type) {
  return type != nullptr ? &type->element : nullptr;
}
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* type) {
  return type != nullptr ? &type->limits : nullptr;
}

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  return limits != nullptr ? new wasm_memorytype_t(*limits) : nullptr;
}
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* type) {
  return type != nullptr ? new wasm_memorytype_t(*type) : nullptr;
}
void wasm_memorytype_delete(wasm_memorytype_t* type) { delete type; }
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* type) {
  return type != nullptr ? &type->limits : nullptr;
}

// ---- Extern types: the four above under one name ----

wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* type) {
  return type != nullptr ? type->clone() : nullptr;
}
void wasm_externtype_delete(wasm_externtype_t* type) { delete type; }
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* type) {
  return type != nullptr ? type->kind : WASM_EXTERN_FUNC;
}

#define WASMPROF_EXTERNTYPE_VIEWS(name, KIND)                                                     \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* type) { return type; }          \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* type) {       \
    return type;                                                                                  \
  }                                                                                               \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* type) {                           \
    return type != nullptr && type->kind == KIND ? static_cast<wasm_##name##_t*>(type) : nullptr; \
  }                                                                                               \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* type) {       \
    return type != nullptr && type->kind == KIND ? static_cast<const wasm_##name##_t*>(type)      \
                                                 : nullptr;                                       \
  }

WASMPROF_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
WASMPROF_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
WASMPROF_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
WASMPROF_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

// ---- Import and export types ----

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  if (module == nullptr || name == nullptr || type == nullptr) {
    wasm_name_delete(module);
    wasm_name_delete(name);
    delete type;
    return nullptr;
  }
  return new wasm_importtype_t{take_name(module), take_name(name), type};
}
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* type) {
  if (type == nullptr) return nullptr;
  return new wasm_importtype_t{copy_name(type->module), copy_name(type->name), type->type->clone()};
}
void wasm_importtype_delete(wasm_importtype_t* type) {
  if (type == nullptr) return;
  wasm_name_delete(&type->module);
  wasm_name_delete(&type->name);
  delete type->type;
  delete type;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* type) {
  return type != nullptr ? &type->module : nullptr;
}
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* type) { return type != nullptr ? &type->name : nullptr; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* type) {
  return type != nullptr ? type->type : nullptr;
}

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  if (name == nullptr || type == nullptr) {
    wasm_name_delete(name);
    delete type;
    return nullptr;
  }
  return new wasm_exporttype_t{take_name(name), type};
}
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* type) {
  if (type == nullptr) return nullptr;
  return new wasm_exporttype_t{copy_name(type->name), type->type->clone()};
}
void wasm_exporttype_delete(wasm_exporttype_t* type) {
  if (type == nullptr) return;
  wasm_name_delete(&type->name);
  delete type->type;
  delete type;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* type) { return type != nullptr ? &type->name : nullptr; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* type) {
  return type != nullptr ? type->type : nullptr;
}

}  // extern "C"

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}

wasm_externtype_t* wasm_functype_t::clone() const {
  wasm_valtype_vec_t params_copy, results_copy;
  wasm_valtype_vec_copy(&params_copy, &params);
  wasm_valtype_vec_copy(&results_copy, &results);
  return new wasm_functype_t(params_copy, results_copy);
}

namespace wasmprof::capi {

// v128 has no standard kind: 4, the next free number, stands for it in reflection.
constexpr wasm_valkind_t kV128Kind = 4;

std::optional<ValueType> to_value_type(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return ValueType::I32;
    case WASM_I64: return ValueType::I64;
    case WASM_F32: return ValueType::F32;
    case WASM_F64: return ValueType::F64;
    case kV128Kind: return ValueType::V128;
    case WASM_EXTERNREF: return ValueType::ExternRef;
    case WASM_FUNCREF: return ValueType::FuncRef;
    default: return std::nullopt;
  }
}

wasm_valkind_t to_valkind(ValueType type) {
  switch (type) {
    case ValueType::I32: return WASM_I32;
    case ValueType::I64: return WASM_I64;
    case ValueType::F32: return WASM_F32;
    case ValueType::F64: return WASM_F64;
    case ValueType::V128: return kV128Kind;
    case ValueType::ExternRef: return WASM_EXTERNREF;
    case ValueType::FuncRef: return WASM_FUNCREF;
  }
  return WASM_I32;
}

namespace {

std::optional<std::vector<ValueType>> value_types(const wasm_valtype_vec_t& list) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < list.size; ++i) {
    std::optional<ValueType> type = list.data[i] != nullptr ? to_value_type(list.data[i]->kind) : std::nullopt;
    if (!type) return std::nullopt;
    types.push_back(*type);
  }
  return types;
}

wasm_valtype_vec_t valtype_vec(const std::vector<ValueType>& types) {
  wasm_valtype_vec_t list;
  wasm_valtype_vec_new_uninitialized(&list, types.size());
  for (size_t i = 0; i < types.size(); ++i) list.data[i] = new wasm_valtype_t{to_valkind(types[i])};
  return list;
}

}  // namespace

std::optional<FuncType> to_func_type(const wasm_functype_t* type) {
  if (type == nullptr) return std::nullopt;
  std::optional<std::vector<ValueType>> params = value_types(type->params);
  std::optional<std::vector<ValueType>> results = value_types(type->results);
  if (!params || !results) return std::nullopt;
  return FuncType{std::move(*params), std::move(*results)};
}

wasm_functype_t* new_wasm_functype(const FuncType& type) {
  return new wasm_functype_t(valtype_vec(type.params), valtype_vec(type.results));
}

wasm_limits_t to_wasm_limits(const Limits& limits) {
  return wasm_limits_t{limits.min, limits.max.value_or(wasm_limits_max_default)};
}

Limits to_limits(const wasm_limits_t& limits) {
  Limits result;
  result.min = limits.min;
  if (limits.max != wasm_limits_max_default) result.max = limits.max;
  return result;
}

wasm_externtype_t* new_wasm_externtype(const ExternType& type) {
  switch (type.kind) {
    case ExternKind::Function: return new_wasm_functype(type.func);
    case ExternKind::Global:
      return new wasm_globaltype_t(to_valkind(type.global.type), type.global.is_mutable ? WASM_VAR : WASM_CONST);
    case ExternKind::Table: return new wasm_tabletype_t(to_valkind(type.table.element), to_wasm_limits(type.table.limits));
    case ExternKind::Memory: return new wasm_memorytype_t(to_wasm_limits(type.memory.limits));
  }
  return nullptr;
}

}  // namespace wasmprof::capi

// Reflection of a module's imports and exports.
extern "C" {

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  if (out == nullptr) return;
  if (module == nullptr) return wasm_importtype_vec_new_empty(out);
  const std::vector<ImportType> imports = module->module.module.imports();
  wasm_importtype_vec_new_uninitialized(out, imports.size());
  for (size_t i = 0; i < imports.size(); ++i)
    out->data[i] = new wasm_importtype_t{name_of(imports[i].module), name_of(imports[i].name),
                                         capi::new_wasm_externtype(imports[i].type)};
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  if (out == nullptr) return;
  if (module == nullptr) return wasm_exporttype_vec_new_empty(out);
  const std::vector<ExportType> exports = module->module.module.exports();
  wasm_exporttype_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i)
    out->data[i] = new wasm_exporttype_t{name_of(exports[i].name), capi::new_wasm_externtype(exports[i].type)};
}

}  // extern "C"
