// Host functions written in C, calls into wasm, and what a host function sees of its caller.
#include <vector>

#include "capi/capi_objects.hh"

namespace wasmprof::capi {

HostFunction host_function(FuncType type, wasmprof_func_callback_t callback, std::shared_ptr<Finalized> env) {
  return [type = std::move(type), callback, env](Caller& caller, std::span<const Val> params,
                                                 std::span<Val> results) -> Result<Ok> {
    const StoreContext store = caller.store();
    std::vector<wasmprof_val_t> args;
    args.reserve(params.size());
    for (const Val& param : params) args.push_back(to_c_val(store, param));
    // Results start as zeros of their types, so a callback that sets only `of` is still right.
    std::vector<wasmprof_val_t> outs;
    outs.reserve(results.size());
    for (ValueType result : type.results) outs.push_back(to_c_val(store, Val::ref(result, 0)));
    if (wasmprof_trap_t* trap = callback(env->data(), reinterpret_cast<wasmprof_caller_t*>(&caller), args.data(),
                                         args.size(), outs.data(), outs.size()))
      return take_trap(trap);
    for (size_t i = 0; i < outs.size(); ++i) {
      Result<Val> value = to_val(store, outs[i]);
      if (!value) return value.error();
      results[i] = value.value();  // its type is checked against the function's by the C++ API
    }
    return Ok{};
  };
}

}  // namespace wasmprof::capi

using namespace wasmprof;

namespace {

Caller& caller_of(wasmprof_caller_t* caller) { return *reinterpret_cast<Caller*>(caller); }

}  // namespace

extern "C" {

void wasmprof_func_new(wasmprof_context_t* context, const wasmprof_functype_t* type,
                       wasmprof_func_callback_t callback, void* env, void (*finalizer)(void*),
                       wasmprof_func_t* ret) {
  auto owned_env = std::make_shared<capi::Finalized>(env, finalizer);
  std::optional<FuncType> func_type = capi::func_type(type);
  if (context == nullptr || ret == nullptr) return;
  if (!func_type || callback == nullptr) {
    *ret = wasmprof_func_t{0, nullptr};
    return;
  }
  StoreContext store = capi::context_of(context);
  Func func = Func::new_host(store, *func_type, capi::host_function(*func_type, callback, std::move(owned_env)));
  *ret = wasmprof_func_t{capi::store_id(store), capi::internal_of(func)};
}

wasmprof_error_t* wasmprof_func_call(wasmprof_context_t* context, const wasmprof_func_t* func,
                                     const wasmprof_val_t* args, size_t nargs, wasmprof_val_t* results,
                                     size_t nresults, wasmprof_trap_t** trap) {
  if (context == nullptr || func == nullptr || trap == nullptr)
    return capi::new_usage_error("wasmprof_func_call: NULL context, func or trap");
  *trap = nullptr;
  if ((args == nullptr && nargs != 0) || (results == nullptr && nresults != 0))
    return capi::new_usage_error("wasmprof_func_call: NULL args or results");
  StoreContext store = capi::context_of(context);
  if (func->internal == nullptr) return capi::new_usage_error("call of a null function");
  if (!capi::belongs(store, func)) return capi::new_usage_error("function used with a store it does not belong to");
  const Func callee = capi::handle_of(store, *func);
  const size_t expected_results = callee.type().results.size();
  if (nresults != expected_results)
    return capi::new_usage_error("expected room for " + std::to_string(expected_results) + " results, got " +
                                 std::to_string(nresults));
  std::vector<Val> params;
  params.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    Result<Val> value = capi::to_val(store, args[i]);
    if (!value) return new wasmprof_error{value.error()};
    params.push_back(value.value());
  }
  Result<std::vector<Val>> returned = callee.call(store, params);
  if (!returned) return capi::report(returned.error(), trap);
  for (size_t i = 0; i < nresults; ++i) results[i] = capi::to_c_val(store, returned.value()[i]);
  return nullptr;
}

wasmprof_functype_t* wasmprof_func_type(const wasmprof_context_t* context, const wasmprof_func_t* func) {
  if (context == nullptr || !capi::belongs(capi::context_of(context), func)) return nullptr;
  return capi::new_functype(capi::handle_of(capi::context_of(context), *func).type());
}

wasmprof_context_t* wasmprof_caller_context(wasmprof_caller_t* caller) {
  return capi::c_context(caller_of(caller).store());
}

bool wasmprof_caller_export_get(wasmprof_caller_t* caller, const char* name, size_t name_len,
                                wasmprof_extern_t* item) {
  if (caller == nullptr || name == nullptr || item == nullptr) return false;
  std::optional<Extern> found = caller_of(caller).get_export(std::string_view(name, name_len));
  if (!found) return false;
  *item = capi::to_c_extern(caller_of(caller).store(), *found);
  return true;
}

}  // extern "C"
