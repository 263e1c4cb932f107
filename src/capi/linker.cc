// Instances and linkers.
#include <vector>

#include "capi/capi_objects.hh"

using namespace wasmprof;

namespace {

std::string name_of(const char* text, size_t len) { return text != nullptr ? std::string(text, len) : std::string(); }

wasmprof_error_t* set_instance(StoreContext store, Result<Instance> created, wasmprof_instance_t* instance,
                               wasmprof_trap_t** trap) {
  if (!created) return capi::report(created.error(), trap);
  *instance = wasmprof_instance_t{capi::store_id(store), capi::internal_of(*created)};
  return nullptr;
}

}  // namespace

extern "C" {

wasmprof_error_t* wasmprof_instance_new(wasmprof_context_t* context, const wasmprof_module_t* module,
                                        const wasmprof_extern_t* imports, size_t nimports,
                                        wasmprof_instance_t* instance, wasmprof_trap_t** trap) {
  if (context == nullptr || module == nullptr || instance == nullptr || trap == nullptr)
    return capi::new_usage_error("wasmprof_instance_new: NULL context, module, instance or trap");
  *trap = nullptr;
  if (imports == nullptr && nimports != 0) return capi::new_usage_error("wasmprof_instance_new: NULL imports");
  StoreContext store = capi::context_of(context);
  std::vector<Extern> items;
  items.reserve(nimports);
  for (size_t i = 0; i < nimports; ++i) {
    Result<Extern> item = capi::to_extern(store, imports[i]);
    if (!item) return new wasmprof_error{item.error()};
    items.push_back(item.value());
  }
  return set_instance(store, Instance::create(store, module->module, items), instance, trap);
}

bool wasmprof_instance_export_get(wasmprof_context_t* context, const wasmprof_instance_t* instance,
                                  const char* name, size_t name_len, wasmprof_extern_t* item) {
  if (context == nullptr || name == nullptr || item == nullptr) return false;
  StoreContext store = capi::context_of(context);
  if (!capi::belongs(store, instance)) return false;
  const Instance found = capi::handle_of(store, *instance);
  std::optional<Extern> exported = found.get_export(store, std::string_view(name, name_len));
  if (!exported) return false;
  *item = capi::to_c_extern(store, *exported);
  return true;
}

wasmprof_linker_t* wasmprof_linker_new(wasmprof_engine_t* engine) {
  return engine != nullptr ? new wasmprof_linker(engine->engine) : nullptr;
}

void wasmprof_linker_delete(wasmprof_linker_t* linker) { delete linker; }

void wasmprof_linker_allow_shadowing(wasmprof_linker_t* linker, bool allow_shadowing) {
  linker->linker.allow_shadowing(allow_shadowing);
}

wasmprof_error_t* wasmprof_linker_define_func(wasmprof_linker_t* linker, const char* module, size_t module_len,
                                              const char* name, size_t name_len,
                                              const wasmprof_functype_t* type, wasmprof_func_callback_t callback,
                                              void* env, void (*finalizer)(void*)) {
  auto owned_env = std::make_shared<capi::Finalized>(env, finalizer);
  if (linker == nullptr || callback == nullptr)
    return capi::new_usage_error("wasmprof_linker_define_func: NULL linker or callback");
  std::optional<FuncType> func_type = capi::func_type(type);
  if (!func_type) return capi::new_usage_error("wasmprof_linker_define_func: NULL or malformed function type");
  Result<Ok> done = linker->linker.func_new(name_of(module, module_len), name_of(name, name_len), *func_type,
                                            capi::host_function(*func_type, callback, std::move(owned_env)));
  return done ? nullptr : new wasmprof_error{done.error()};
}

wasmprof_error_t* wasmprof_linker_define(wasmprof_linker_t* linker, wasmprof_context_t* context,
                                         const char* module, size_t module_len, const char* name,
                                         size_t name_len, const wasmprof_extern_t* item) {
  if (linker == nullptr || context == nullptr || item == nullptr)
    return capi::new_usage_error("wasmprof_linker_define: NULL linker, context or item");
  StoreContext store = capi::context_of(context);
  Result<Extern> definition = capi::to_extern(store, *item);
  if (!definition) return new wasmprof_error{definition.error()};
  Result<Ok> done = linker->linker.define(store, name_of(module, module_len), name_of(name, name_len),
                                          definition.value());
  return done ? nullptr : new wasmprof_error{done.error()};
}

wasmprof_error_t* wasmprof_linker_define_instance(wasmprof_linker_t* linker, wasmprof_context_t* context,
                                                  const char* name, size_t name_len,
                                                  const wasmprof_instance_t* instance) {
  if (linker == nullptr || context == nullptr)
    return capi::new_usage_error("wasmprof_linker_define_instance: NULL linker or context");
  StoreContext store = capi::context_of(context);
  if (!capi::belongs(store, instance)) return capi::new_usage_error("instance is null or of another store");
  const Instance found = capi::handle_of(store, *instance);
  Result<Ok> done = linker->linker.define_instance(store, name_of(name, name_len), found);
  return done ? nullptr : new wasmprof_error{done.error()};
}

wasmprof_error_t* wasmprof_linker_define_unknown_imports_as_traps(wasmprof_linker_t* linker,
                                                                  const wasmprof_module_t* module) {
  if (linker == nullptr || module == nullptr)
    return capi::new_usage_error("wasmprof_linker_define_unknown_imports_as_traps: NULL linker or module");
  Result<Ok> done = linker->linker.define_unknown_imports_as_traps(module->module);
  return done ? nullptr : new wasmprof_error{done.error()};
}

wasmprof_error_t* wasmprof_linker_instantiate(const wasmprof_linker_t* linker, wasmprof_context_t* context,
                                              const wasmprof_module_t* module, wasmprof_instance_t* instance,
                                              wasmprof_trap_t** trap) {
  if (linker == nullptr || context == nullptr || module == nullptr || instance == nullptr || trap == nullptr)
    return capi::new_usage_error("wasmprof_linker_instantiate: NULL linker, context, module, instance or trap");
  *trap = nullptr;
  StoreContext store = capi::context_of(context);
  return set_instance(store, linker->linker.instantiate(store, module->module), instance, trap);
}

bool wasmprof_linker_get(const wasmprof_linker_t* linker, wasmprof_context_t* context, const char* module,
                         size_t module_len, const char* name, size_t name_len, wasmprof_extern_t* item) {
  if (linker == nullptr || context == nullptr || item == nullptr) return false;
  StoreContext store = capi::context_of(context);
  std::optional<Extern> found =
      linker->linker.get(store, std::string_view(name_of(module, module_len)), std::string_view(name_of(name, name_len)));
  if (!found) return false;
  *item = capi::to_c_extern(store, *found);
  return true;
}

}  // extern "C"
