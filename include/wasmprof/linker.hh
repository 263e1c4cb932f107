// Linker: resolves a module's imports by (module, name) and instantiates it. Host functions
// defined here belong to no store; each store gets its own instance of them when it first
// instantiates through the linker.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "wasmprof/extern.hh"
#include "wasmprof/host_function.hh"

namespace wasmprof {

class Linker {
 public:
  explicit Linker(const Engine& engine);
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // By default, defining a name twice is an error.
  Linker& allow_shadowing(bool allow);

  // A host function from an ordinary C++ callable, its wasm type deduced (host_function.hh):
  //   linker.func_wrap("env", "add", [](int32_t a, int32_t b) { return a + b; });
  template <class F>
  Result<Ok> func_wrap(std::string module, std::string name, F&& callable) {
    auto [type, raw] = detail::make_host_function(std::forward<F>(callable));
    return func_new_unchecked(std::move(module), std::move(name), std::move(type), std::move(raw));
  }
  Result<Ok> func_new(std::string module, std::string name, FuncType type, HostFunction callback);
  Result<Ok> func_new_unchecked(std::string module, std::string name, FuncType type, RawHostFunction callback);

  // An object of a store (a memory, a global, another instance's export, ...); the linker can
  // then only instantiate into that store.
  Result<Ok> define(StoreContext store, std::string module, std::string name, Extern item);
  // Every export of `instance` under the module name `module`.
  Result<Ok> define_instance(StoreContext store, std::string module, const Instance& instance);
  // Every function import of `module` that is still undefined becomes a function that traps
  // when called (wasmtime run --trap-unknown-imports).
  Result<Ok> define_unknown_imports_as_traps(const Module& module);

  // Instantiates: each import is looked up by its module and name; a missing or mistyped one
  // is a link error naming the module, the field and the expected type.
  Result<Instance> instantiate(StoreContext store, const Module& module) const;
  // The definition of (module, name) as it would be given to an instance in `store`.
  std::optional<Extern> get(StoreContext store, std::string_view module, std::string_view name) const;

 private:
  struct Definitions;
  Engine engine_;
  std::unique_ptr<Definitions> definitions_;
};

}  // namespace wasmprof
