// Func: calls from the host into wasm (and host functions), host functions themselves, and
// the call hooks around both.
#include <algorithm>
#include <cstring>

#include "exec/interpreter.hh"
#include "runtime/handles.hh"
#include "runtime/host_functions.hh"
#include "runtime/store_state.hh"
#include "wasmprof/host_function.hh"

namespace wasmprof {
namespace detail {

exec::FunctionInstance* add_host_function(StoreState& store, const FuncType& type,
                                          std::shared_ptr<const RawHostFunction> callback, std::string module_name,
                                          std::string name) {
  const uint32_t param_slots = exec::slot_count(type.params);
  auto identity = std::make_shared<const StoreState::HostCallName>(StoreState::HostCallName{module_name, name});
  auto trampoline = [state = &store, callback = std::move(callback), param_slots, identity](
                        exec::ExecContext& context, const exec::Slot* args, exec::Slot* results) -> exec::TrapKind {
    StoreState& store = *state;
    if (args != results) std::memmove(results, args, param_slots * sizeof(exec::Slot));
    // Popped on every path out, including the early returns below.
    struct HostCallScope {
      StoreState& store;
      bool was_running_host;
      HostCallScope(StoreState& s, const StoreState::HostCallName* name)
          : store(s), was_running_host(s.running_host.exchange(true, std::memory_order_relaxed)) {
        store.host_calls.push_back(name);
      }
      ~HostCallScope() {
        store.running_host.store(was_running_host, std::memory_order_relaxed);
        store.host_calls.pop_back();
      }
    } scope(store, identity.get());
    if (store.call_hook) {
      Result<Ok> hook = run_call_hook(store, CallHook::CallingHost);
      if (!hook) return raise_host_error(store, hook.error());
    }
    Caller caller = HandleAccess::caller(store, context.depth > 0 ? context.instance : nullptr);
    Result<Ok> done = (*callback)(caller, results);
    if (store.call_hook) {
      Result<Ok> hook = run_call_hook(store, CallHook::ReturningFromHost);
      if (!hook && done) done = hook.error();
    }
    if (!done) return raise_host_error(store, done.error());
    return exec::TrapKind::None;
  };
  return store.objects.add_host_function(type, std::move(trampoline), std::move(module_name), std::move(name));
}

RawHostFunction raw_from_dynamic(FuncType type, HostFunction callback) {
  return [type = std::move(type), callback = std::move(callback)](Caller& caller, uint64_t* slots) -> Result<Ok> {
    std::vector<Val> params;
    params.reserve(type.params.size());
    uint32_t slot = 0;
    for (ValueType param : type.params) {
      params.push_back(Val::from_slots(param, slots + slot));
      slot += param == ValueType::V128 ? 2 : 1;
    }
    std::vector<Val> results;
    results.reserve(type.results.size());
    for (ValueType result : type.results) results.push_back(Val::ref(result, 0));
    Result<Ok> done = callback(caller, params, results);
    if (!done) return done;
    slot = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].type() != type.results[i])
        return usage_error("host function returned " + std::string(to_string(results[i].type())) + " for result " +
                           std::to_string(i) + ", expected " + std::string(to_string(type.results[i])));
      results[i].to_slots(slots + slot);
      slot += results[i].slot_count();
    }
    return Ok{};
  };
}

Error typed_signature_mismatch(const FuncType& expected, const FuncType& found) {
  return usage_error("function type mismatch: expected " + to_string(expected) + ", found " + to_string(found));
}

}  // namespace detail

Func Func::new_host(StoreContext store, FuncType type, HostFunction callback) {
  RawHostFunction raw = detail::raw_from_dynamic(type, std::move(callback));
  return new_unchecked(store, std::move(type), std::move(raw));
}

Func Func::new_unchecked(StoreContext store, FuncType type, RawHostFunction callback) {
  detail::StoreState& state = store.state();
  return Func(&state, detail::add_host_function(state, type, std::make_shared<const RawHostFunction>(std::move(callback)),
                                                {}, {}));
}

const FuncType& Func::type() const { return *function_->type; }

Result<Ok> Func::call_unchecked(StoreContext store, uint64_t* slots) const {
  detail::StoreState& state = store.state();
  if (function_ == nullptr) return detail::usage_error("call of a null function");
  if (store_ != &state) return detail::usage_error("function used with a store it does not belong to");
  const bool wasm = !function_->is_host();
  if (wasm && state.call_hook) {
    Result<Ok> hook = detail::run_call_hook(state, CallHook::CallingWasm);
    if (!hook) return hook;
  }
  const bool was_running_host = state.running_host.exchange(false, std::memory_order_relaxed);
  const exec::TrapKind trap = exec::invoke(state.context, *function_, slots);
  state.running_host.store(was_running_host, std::memory_order_relaxed);
  Result<Ok> done = trap == exec::TrapKind::None ? Result<Ok>(Ok{}) : Result<Ok>(detail::trap_from_execution(state, trap));
  if (wasm && state.call_hook) {
    Result<Ok> hook = detail::run_call_hook(state, CallHook::ReturningFromWasm);
    if (!hook && done) return hook;
  }
  return done;
}

Result<std::vector<Val>> Func::call(StoreContext store, std::span<const Val> params) const {
  if (function_ == nullptr) return detail::usage_error("call of a null function");
  const FuncType& signature = type();
  if (params.size() != signature.params.size())
    return detail::usage_error("expected " + std::to_string(signature.params.size()) + " arguments, got " +
                               std::to_string(params.size()));
  uint32_t param_slots = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].type() != signature.params[i])
      return detail::usage_error("argument " + std::to_string(i) + " is " + std::string(to_string(params[i].type())) +
                                 ", expected " + std::string(to_string(signature.params[i])));
    param_slots += params[i].slot_count();
  }
  const uint32_t result_slots = exec::slot_count(signature.results);
  std::vector<uint64_t> slots(std::max({param_slots, result_slots, 1u}));
  uint32_t slot = 0;
  for (const Val& param : params) {
    param.to_slots(slots.data() + slot);
    slot += param.slot_count();
  }
  Result<Ok> done = call_unchecked(store, slots.data());
  if (!done) return done.error();
  std::vector<Val> results;
  slot = 0;
  for (ValueType result : signature.results) {
    results.push_back(Val::from_slots(result, slots.data() + slot));
    slot += result == ValueType::V128 ? 2 : 1;
  }
  return results;
}

Val Func::to_ref() const { return Val::ref(ValueType::FuncRef, reinterpret_cast<uintptr_t>(function_)); }

std::optional<Func> Func::from_ref(StoreContext store, const Val& ref) {
  if (ref.type() != ValueType::FuncRef || ref.ref() == 0) return std::nullopt;
  return Func(&store.state(), reinterpret_cast<exec::FunctionInstance*>(ref.ref()));
}

}  // namespace wasmprof
