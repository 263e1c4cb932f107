// The standard C API's instances (wasm.h): instantiation from externs in import order, exports.
#include <vector>

#include "capi/wasm_c_api.hh"

using namespace wasmprof;

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module, const wasm_extern_vec_t* imports,
                                   wasm_trap_t** trap) {
  if (trap != nullptr) *trap = nullptr;
  auto fail = [trap](Error error) -> wasm_instance_t* {
    if (trap != nullptr) *trap = capi::new_wasm_trap(std::move(error));
    return nullptr;
  };
  if (store == nullptr || module == nullptr) return fail(capi::usage_error("wasm_instance_new: NULL store or module"));
  std::vector<Extern> externs;
  const size_t count = imports != nullptr ? imports->size : 0;
  for (size_t i = 0; i < count; ++i) {
    const wasm_extern_t* item = imports->data[i];
    if (item == nullptr || item->store != store)
      return fail(capi::usage_error("wasm_instance_new: import " + std::to_string(i) +
                                    " is NULL or belongs to another store"));
    externs.push_back(item->as_extern());
  }
  Result<Instance> instance = Instance::create(store->context(), module->module.module, externs);
  if (!instance) return fail(instance.error());
  return new wasm_instance_t(store, instance.value());
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  if (out == nullptr) return;
  if (instance == nullptr) return wasm_extern_vec_new_empty(out);
  const auto exports = instance->instance.exports(instance->store->context());
  wasm_extern_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i) out->data[i] = capi::new_wasm_extern(instance->store, exports[i].second);
}

}  // extern "C"
