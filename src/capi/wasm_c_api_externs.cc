// The standard C API's externals (wasm.h): functions (host functions with and without an
// environment, calls), globals, tables, memories, and the extern views of them.
#include <vector>

#include "capi/wasm_c_api.hh"

using namespace wasmprof;
using capi::RefKind;

namespace {

// A host function over a standard callback: the arguments are lent to the callback as new
// references, the results it returns are taken over, and a trap it returns becomes the call's.
HostFunction host_function(wasm_store_t* store, FuncType type, wasm_func_callback_t plain,
                           wasm_func_callback_with_env_t with_env, std::shared_ptr<capi::Finalized> env) {
  return [store, type = std::move(type), plain, with_env, env](Caller&, std::span<const Val> params,
                                                               std::span<Val> results) -> Result<Ok> {
    std::vector<wasm_val_t> args;
    args.reserve(params.size());
    for (const Val& param : params) args.push_back(capi::to_wasm_val(store, param));
    // Zeros (null references) of the result types, so a callback that sets only `of` is right.
    std::vector<wasm_val_t> outs;
    outs.reserve(results.size());
    for (ValueType result : type.results) outs.push_back(capi::to_wasm_val(store, Val::ref(result, 0)));
    const wasm_val_vec_t arg_vec{args.size(), args.data()};
    wasm_val_vec_t out_vec{outs.size(), outs.data()};
    wasm_trap_t* trap = with_env != nullptr ? with_env(env->data(), &arg_vec, &out_vec) : plain(&arg_vec, &out_vec);
    for (wasm_val_t& arg : args) wasm_val_delete(&arg);
    Result<Ok> done = Ok{};
    if (trap != nullptr) done = capi::take_wasm_trap(trap);
    for (size_t i = 0; i < outs.size() && done; ++i) {
      Result<Val> value = capi::to_val(store, outs[i]);
      if (!value) done = value.error();
      else results[i] = value.value();  // its type is checked against the function's by the C++ API
    }
    for (wasm_val_t& out : outs) wasm_val_delete(&out);
    return done;
  };
}

wasm_func_t* new_func(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t plain,
                      wasm_func_callback_with_env_t with_env, void* env, void (*finalizer)(void*)) {
  auto owned_env = std::make_shared<capi::Finalized>(env, finalizer);  // finalized at once on failure
  std::optional<FuncType> func_type = capi::to_func_type(type);
  if (store == nullptr || !func_type || (plain == nullptr && with_env == nullptr)) return nullptr;
  Func func = Func::new_host(store->context(), *func_type,
                             host_function(store, *func_type, plain, with_env, std::move(owned_env)));
  return new wasm_func_t(store, func);
}

std::optional<wasmprof::ValueType> table_element(const wasm_table_t* table) {
  if (table == nullptr) return std::nullopt;
  return table->table.type(table->store->context()).element;
}

}  // namespace

extern "C" {

// ---- Functions ----

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t callback) {
  return new_func(store, type, callback, nullptr, nullptr, nullptr);
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env, void (*finalizer)(void*)) {
  return new_func(store, type, nullptr, callback, env, finalizer);
}

wasm_functype_t* wasm_func_type(const wasm_func_t* func) {
  return func != nullptr ? capi::new_wasm_functype(func->func.type()) : nullptr;
}
size_t wasm_func_param_arity(const wasm_func_t* func) { return func != nullptr ? func->func.type().params.size() : 0; }
size_t wasm_func_result_arity(const wasm_func_t* func) { return func != nullptr ? func->func.type().results.size() : 0; }

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  if (func == nullptr) return capi::new_wasm_trap("wasm_func_call: NULL function");
  const FuncType& type = func->func.type();
  const size_t nargs = args != nullptr ? args->size : 0;
  const size_t nresults = results != nullptr ? results->size : 0;
  if (nargs != type.params.size() || (nargs != 0 && args->data == nullptr))
    return capi::new_wasm_trap("wasm_func_call: expected " + std::to_string(type.params.size()) +
                               " arguments, got " + std::to_string(nargs));
  std::vector<Val> params;
  params.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    Result<Val> value = capi::to_val(func->store, args->data[i]);
    if (!value) return capi::new_wasm_trap(value.error());
    params.push_back(value.value());
  }
  Result<std::vector<Val>> returned = func->func.call(func->store->context(), params);
  if (!returned) return capi::new_wasm_trap(returned.error());
  // Checked after the call: the standard's trap example calls functions that trap with no room
  // for their results, and expects their trap.
  if (nresults != type.results.size() || (nresults != 0 && results->data == nullptr))
    return capi::new_wasm_trap("wasm_func_call: expected room for " + std::to_string(type.results.size()) +
                               " results, got " + std::to_string(nresults));
  for (size_t i = 0; i < nresults; ++i) results->data[i] = capi::to_wasm_val(func->store, returned.value()[i]);
  return nullptr;
}

// ---- Globals ----

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* value) {
  if (store == nullptr || type == nullptr || value == nullptr) return nullptr;
  std::optional<ValueType> content = capi::to_value_type(type->content.kind);
  Result<Val> initial = capi::to_val(store, *value);
  if (!content || !initial || initial.value().type() != *content) return nullptr;
  Result<Global> global =
      Global::create(store->context(), GlobalType{*content, type->mutability == WASM_VAR}, initial.value());
  return global ? new wasm_global_t(store, global.value()) : nullptr;
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* global) {
  if (global == nullptr) return nullptr;
  const GlobalType type = global->global.type(global->store->context());
  return new wasm_globaltype_t(capi::to_valkind(type.type), type.is_mutable ? WASM_VAR : WASM_CONST);
}

void wasm_global_get(const wasm_global_t* global, wasm_val_t* out) {
  if (global == nullptr || out == nullptr) return;
  *out = capi::to_wasm_val(global->store, global->global.get(global->store->context()));
}

void wasm_global_set(wasm_global_t* global, const wasm_val_t* value) {
  if (global == nullptr || value == nullptr) return;
  Result<Val> converted = capi::to_val(global->store, *value);
  if (converted) (void)global->global.set(global->store->context(), converted.value());
}

// ---- Tables ----

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  if (store == nullptr || type == nullptr) return nullptr;
  std::optional<ValueType> element = capi::to_value_type(type->element.kind);
  if (!element || !is_reference(*element)) return nullptr;
  Result<Val> initial = capi::ref_to_val(store, *element, init);
  if (!initial) return nullptr;
  Result<Table> table =
      Table::create(store->context(), TableType{*element, capi::to_limits(type->limits)}, initial.value());
  return table ? new wasm_table_t(store, table.value()) : nullptr;
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* table) {
  if (table == nullptr) return nullptr;
  // The minimum of a live table is its current size, as in the standard's other engines.
  TableType type = table->table.type(table->store->context());
  type.limits.min = table->table.size(table->store->context());
  return new wasm_tabletype_t(capi::to_valkind(type.element), capi::to_wasm_limits(type.limits));
}

wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index) {
  if (table == nullptr) return nullptr;
  std::optional<Val> element = table->table.get(table->store->context(), index);
  if (!element) return nullptr;
  return capi::to_wasm_val(table->store, *element).of.ref;
}

bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref) {
  std::optional<ValueType> element = table_element(table);
  if (!element) return false;
  Result<Val> value = capi::ref_to_val(table->store, *element, ref);
  return value && table->table.set(table->store->context(), index, value.value()).ok();
}

wasm_table_size_t wasm_table_size(const wasm_table_t* table) {
  return table != nullptr ? table->table.size(table->store->context()) : 0;
}

bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta, wasm_ref_t* init) {
  std::optional<ValueType> element = table_element(table);
  if (!element) return false;
  Result<Val> value = capi::ref_to_val(table->store, *element, init);
  return value && table->table.grow(table->store->context(), delta, value.value()).ok();
}

// ---- Memories ----

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  if (store == nullptr || type == nullptr) return nullptr;
  Result<Memory> memory = Memory::create(store->context(), MemoryType{capi::to_limits(type->limits)});
  return memory ? new wasm_memory_t(store, memory.value()) : nullptr;
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory) {
  if (memory == nullptr) return nullptr;
  // The minimum of a live memory is its current size, as for tables.
  MemoryType type = memory->memory.type(memory->store->context());
  type.limits.min = memory->memory.size(memory->store->context());
  return new wasm_memorytype_t(capi::to_wasm_limits(type.limits));
}

byte_t* wasm_memory_data(wasm_memory_t* memory) {
  if (memory == nullptr) return nullptr;
  return reinterpret_cast<byte_t*>(memory->memory.data(memory->store->context()));
}

size_t wasm_memory_data_size(const wasm_memory_t* memory) {
  return memory != nullptr ? size_t(memory->memory.data_size(memory->store->context())) : 0;
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory) {
  return memory != nullptr ? memory->memory.size(memory->store->context()) : 0;
}

bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta) {
  return memory != nullptr && memory->memory.grow(memory->store->context(), delta).ok();
}

// ---- Externals ----

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* item) {
  return item != nullptr ? item->extern_kind() : WASM_EXTERN_FUNC;
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* item) {
  if (item == nullptr) return nullptr;
  switch (item->kind) {
    case RefKind::Func: return wasm_func_type(static_cast<const wasm_func_t*>(item));
    case RefKind::Global: return wasm_global_type(static_cast<const wasm_global_t*>(item));
    case RefKind::Table: return wasm_table_type(static_cast<const wasm_table_t*>(item));
    case RefKind::Memory: return wasm_memory_type(static_cast<const wasm_memory_t*>(item));
    default: return nullptr;
  }
}

#define WASMPROF_EXTERN_VIEWS(name, Kind)                                                       \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* item) { return item; }                \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* item) { return item; } \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* item) {                                 \
    return item != nullptr && item->kind == RefKind::Kind ? static_cast<wasm_##name##_t*>(item) : nullptr; \
  }                                                                                             \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* item) {             \
    return item != nullptr && item->kind == RefKind::Kind ? static_cast<const wasm_##name##_t*>(item) \
                                                          : nullptr;                            \
  }

WASMPROF_EXTERN_VIEWS(func, Func)
WASMPROF_EXTERN_VIEWS(global, Global)
WASMPROF_EXTERN_VIEWS(table, Table)
WASMPROF_EXTERN_VIEWS(memory, Memory)

}  // extern "C"

wasm_externkind_t wasm_extern_t::extern_kind() const {
  switch (kind) {
    case RefKind::Global: return WASM_EXTERN_GLOBAL;
    case RefKind::Table: return WASM_EXTERN_TABLE;
    case RefKind::Memory: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
  }
}

namespace wasmprof::capi {

wasm_extern_t* new_wasm_extern(wasm_store_t* store, const Extern& item) {
  switch (item.kind()) {
    case ExternKind::Function: return new wasm_func_t(store, *item.func());
    case ExternKind::Global: return new wasm_global_t(store, *item.global());
    case ExternKind::Table: return new wasm_table_t(store, *item.table());
    case ExternKind::Memory: return new wasm_memory_t(store, *item.memory());
  }
  return nullptr;
}

}  // namespace wasmprof::capi
