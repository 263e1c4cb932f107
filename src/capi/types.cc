// Value types and function types, and how they and values map onto the C++ API's.
#include "capi/capi_objects.hh"

namespace wasmprof::capi {

std::optional<ValueType> value_type(wasmprof_valkind_t kind) {
  switch (kind) {
    case WASMPROF_I32: return ValueType::I32;
    case WASMPROF_I64: return ValueType::I64;
    case WASMPROF_F32: return ValueType::F32;
    case WASMPROF_F64: return ValueType::F64;
    case WASMPROF_V128: return ValueType::V128;
    case WASMPROF_FUNCREF: return ValueType::FuncRef;
    case WASMPROF_EXTERNREF: return ValueType::ExternRef;
  }
  return std::nullopt;
}

wasmprof_valkind_t valkind(ValueType type) {
  switch (type) {
    case ValueType::I32: return WASMPROF_I32;
    case ValueType::I64: return WASMPROF_I64;
    case ValueType::F32: return WASMPROF_F32;
    case ValueType::F64: return WASMPROF_F64;
    case ValueType::V128: return WASMPROF_V128;
    case ValueType::FuncRef: return WASMPROF_FUNCREF;
    case ValueType::ExternRef: return WASMPROF_EXTERNREF;
  }
  return WASMPROF_I32;
}

namespace {

std::optional<std::vector<ValueType>> value_types(const wasmprof_valtype_vec_t& vec) {
  std::vector<ValueType> types;
  for (size_t i = 0; i < vec.size; ++i) {
    if (vec.data[i] == nullptr) return std::nullopt;
    std::optional<ValueType> type = value_type(vec.data[i]->kind);
    if (!type) return std::nullopt;
    types.push_back(*type);
  }
  return types;
}

void fill(wasmprof_valtype_vec_t* out, const std::vector<ValueType>& types) {
  out->size = types.size();
  out->data = types.empty() ? nullptr : new wasmprof_valtype_t*[types.size()];
  for (size_t i = 0; i < types.size(); ++i) out->data[i] = new wasmprof_valtype{valkind(types[i])};
}

}  // namespace

std::optional<FuncType> func_type(const wasmprof_functype_t* type) {
  if (type == nullptr) return std::nullopt;
  std::optional<std::vector<ValueType>> params = value_types(type->params);
  std::optional<std::vector<ValueType>> results = value_types(type->results);
  if (!params || !results) return std::nullopt;
  return FuncType{std::move(*params), std::move(*results)};
}

wasmprof_functype_t* new_functype(const FuncType& type) {
  auto* out = new wasmprof_functype;
  fill(&out->params, type.params);
  fill(&out->results, type.results);
  return out;
}

}  // namespace wasmprof::capi

using namespace wasmprof;

extern "C" {

wasmprof_valtype_t* wasmprof_valtype_new(wasmprof_valkind_t kind) {
  if (!capi::value_type(kind)) return nullptr;
  return new wasmprof_valtype{kind};
}

void wasmprof_valtype_delete(wasmprof_valtype_t* type) { delete type; }

wasmprof_valkind_t wasmprof_valtype_kind(const wasmprof_valtype_t* type) { return type->kind; }

void wasmprof_valtype_vec_new_empty(wasmprof_valtype_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}

void wasmprof_valtype_vec_new(wasmprof_valtype_vec_t* out, size_t size, wasmprof_valtype_t* const data[]) {
  out->size = size;
  out->data = size == 0 ? nullptr : new wasmprof_valtype_t*[size];
  for (size_t i = 0; i < size; ++i) out->data[i] = data[i];
}

void wasmprof_valtype_vec_copy(wasmprof_valtype_vec_t* out, const wasmprof_valtype_vec_t* src) {
  out->size = src->size;
  out->data = src->size == 0 ? nullptr : new wasmprof_valtype_t*[src->size];
  for (size_t i = 0; i < src->size; ++i)
    out->data[i] = src->data[i] == nullptr ? nullptr : new wasmprof_valtype{*src->data[i]};
}

void wasmprof_valtype_vec_delete(wasmprof_valtype_vec_t* vec) {
  if (vec == nullptr) return;
  for (size_t i = 0; i < vec->size; ++i) delete vec->data[i];
  delete[] vec->data;
  vec->data = nullptr;
  vec->size = 0;
}

wasmprof_functype_t* wasmprof_functype_new(wasmprof_valtype_vec_t* params, wasmprof_valtype_vec_t* results) {
  auto* type = new wasmprof_functype;
  wasmprof_valtype_vec_new_empty(&type->params);
  wasmprof_valtype_vec_new_empty(&type->results);
  if (params != nullptr) std::swap(type->params, *params);
  if (results != nullptr) std::swap(type->results, *results);
  return type;
}

wasmprof_functype_t* wasmprof_functype_new_from_kinds(const wasmprof_valkind_t* params, size_t nparams,
                                                      const wasmprof_valkind_t* results, size_t nresults) {
  FuncType type;
  for (size_t i = 0; i < nparams; ++i) {
    std::optional<ValueType> param = capi::value_type(params[i]);
    if (!param) return nullptr;
    type.params.push_back(*param);
  }
  for (size_t i = 0; i < nresults; ++i) {
    std::optional<ValueType> result = capi::value_type(results[i]);
    if (!result) return nullptr;
    type.results.push_back(*result);
  }
  return capi::new_functype(type);
}

wasmprof_functype_t* wasmprof_functype_copy(const wasmprof_functype_t* type) {
  auto* copy = new wasmprof_functype;
  wasmprof_valtype_vec_copy(&copy->params, &type->params);
  wasmprof_valtype_vec_copy(&copy->results, &type->results);
  return copy;
}

void wasmprof_functype_delete(wasmprof_functype_t* type) {
  if (type == nullptr) return;
  wasmprof_valtype_vec_delete(&type->params);
  wasmprof_valtype_vec_delete(&type->results);
  delete type;
}

const wasmprof_valtype_vec_t* wasmprof_functype_params(const wasmprof_functype_t* type) { return &type->params; }
const wasmprof_valtype_vec_t* wasmprof_functype_results(const wasmprof_functype_t* type) { return &type->results; }

}  // extern "C"
