// The one way into the public handles (wasmprof/extern.hh, wasmprof/module.hh): they keep the
// store and the object they name private, so an embedder can neither forge one nor reach the
// runtime's objects through it (Wasmtime's handles are as opaque). The runtime makes and opens
// handles here; so does the C API, whose C handles carry the same pointers, opaque to it too.
// Only public headers are included: the objects stay forward-declared.
#pragma once

#include <memory>
#include <utility>

#include "wasmprof/extern.hh"
#include "wasmprof/module.hh"

namespace wasmprof::detail {

struct HandleAccess {
  static Func func(StoreState* store, exec::FunctionInstance* function) { return Func(store, function); }
  static Memory memory(StoreState* store, exec::MemoryInstance* memory) { return Memory(store, memory); }
  static Table table(StoreState* store, exec::TableInstance* table) { return Table(store, table); }
  static Global global(StoreState* store, exec::GlobalInstance* global) { return Global(store, global); }
  static Instance instance(StoreState* store, exec::ModuleInstance* instance) { return Instance(store, instance); }
  // `instance` is null when the host, not wasm, calls the function.
  static Caller caller(StoreState& store, exec::ModuleInstance* instance) { return Caller(store, instance); }

  static exec::FunctionInstance* raw(const Func& func) { return func.function_; }
  static exec::MemoryInstance* raw(const Memory& memory) { return memory.memory_; }
  static exec::TableInstance* raw(const Table& table) { return table.table_; }
  static exec::GlobalInstance* raw(const Global& global) { return global.global_; }
  static exec::ModuleInstance* raw(const Instance& instance) { return instance.instance_; }
  // The store a handle belongs to; null for a default-constructed one.
  template <class Handle>
  static StoreState* store(const Handle& handle) {
    return handle.store_;
  }

  static Module module(Engine engine, std::shared_ptr<const runtime::CompiledModule> compiled) {
    return Module(std::move(engine), std::move(compiled));
  }
  static const std::shared_ptr<const runtime::CompiledModule>& compiled(const Module& module) {
    return module.compiled_;
  }
};

}  // namespace wasmprof::detail
