// Handles to objects that live in a store: functions, memories, tables, globals, instances.
// A handle is a small value; it stays valid as long as its store, and may only be used with
// that store (operations check this and return ErrorKind::Usage where they can fail).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmprof/module.hh"
#include "wasmprof/result.hh"
#include "wasmprof/store.hh"
#include "wasmprof/types.hh"
#include "wasmprof/val.hh"

namespace wasmprof {

// The objects a handle names are the runtime's: only their names appear here, in the handles'
// private parts, and only detail::HandleAccess (runtime/handles.hh) makes and opens handles.
namespace exec {
struct FunctionInstance;
struct MemoryInstance;
struct TableInstance;
struct GlobalInstance;
struct ModuleInstance;
}  // namespace exec
namespace detail {
struct HandleAccess;
}

class Caller;
class Extern;

// A host function in its raw form: `slots` holds the arguments on entry (one 64-bit slot per
// scalar or reference, i32/f32 in the low bits, two slots per v128) and receives the results.
using RawHostFunction = std::function<Result<Ok>(Caller& caller, uint64_t* slots)>;
// A host function over values: `results` is sized and typed as the function type says.
using HostFunction = std::function<Result<Ok>(Caller& caller, std::span<const Val> params, std::span<Val> results)>;

template <class Signature>
class TypedFunc;

class Func {
 public:
  Func() = default;

  // Host functions created directly in a store (the Linker makes them per store on its own).
  static Func new_host(StoreContext store, FuncType type, HostFunction callback);
  static Func new_unchecked(StoreContext store, FuncType type, RawHostFunction callback);
  template <class F>
  static Func wrap(StoreContext store, F&& callable);  // see host_function.hh

  const FuncType& type() const;

  // Calls with dynamically typed values; a trap comes back as an Error with kind Trap.
  Result<std::vector<Val>> call(StoreContext store, std::span<const Val> params) const;
  Result<std::vector<Val>> call(StoreContext store, std::initializer_list<Val> params) const {
    return call(store, std::span<const Val>(params.begin(), params.size()));
  }
  // Calls with raw slots (see RawHostFunction); `slots` must hold max(params, results) slots.
  Result<Ok> call_unchecked(StoreContext store, uint64_t* slots) const;

  // A statically typed view, checked once here: func.typed<int32_t(int32_t, int32_t)>(store).
  template <class Signature>
  Result<TypedFunc<Signature>> typed(StoreContext store) const;

  // As a funcref value, and back.
  Val to_ref() const;
  static std::optional<Func> from_ref(StoreContext store, const Val& ref);

  explicit operator bool() const { return function_ != nullptr; }
  bool operator==(const Func& other) const { return function_ == other.function_; }

 private:
  friend struct detail::HandleAccess;
  Func(detail::StoreState* store, exec::FunctionInstance* function) : store_(store), function_(function) {}
  detail::StoreState* store_ = nullptr;
  exec::FunctionInstance* function_ = nullptr;
};

class Memory {
 public:
  Memory() = default;
  static Result<Memory> create(StoreContext store, MemoryType type);

  MemoryType type(StoreContext store) const;
  uint32_t size(StoreContext store) const;  // pages
  uint64_t data_size(StoreContext store) const;  // bytes
  // Valid until the memory grows.
  uint8_t* data(StoreContext store) const;
  // The previous size in pages; an error if the memory cannot grow that much.
  Result<uint32_t> grow(StoreContext store, uint32_t delta_pages) const;
  // Bounds-checked copies.
  Result<Ok> read(StoreContext store, uint64_t offset, std::span<uint8_t> out) const;
  Result<Ok> write(StoreContext store, uint64_t offset, std::span<const uint8_t> bytes) const;

  explicit operator bool() const { return memory_ != nullptr; }

 private:
  friend struct detail::HandleAccess;
  Memory(detail::StoreState* store, exec::MemoryInstance* memory) : store_(store), memory_(memory) {}
  detail::StoreState* store_ = nullptr;
  exec::MemoryInstance* memory_ = nullptr;
};

class Table {
 public:
  Table() = default;
  static Result<Table> create(StoreContext store, TableType type, Val init);

  TableType type(StoreContext store) const;
  uint32_t size(StoreContext store) const;
  std::optional<Val> get(StoreContext store, uint32_t index) const;
  Result<Ok> set(StoreContext store, uint32_t index, Val value) const;
  Result<uint32_t> grow(StoreContext store, uint32_t delta, Val init) const;

  explicit operator bool() const { return table_ != nullptr; }

 private:
  friend struct detail::HandleAccess;
  Table(detail::StoreState* store, exec::TableInstance* table) : store_(store), table_(table) {}
  detail::StoreState* store_ = nullptr;
  exec::TableInstance* table_ = nullptr;
};

class Global {
 public:
  Global() = default;
  static Result<Global> create(StoreContext store, GlobalType type, Val value);

  GlobalType type(StoreContext store) const;
  Val get(StoreContext store) const;
  Result<Ok> set(StoreContext store, Val value) const;

  explicit operator bool() const { return global_ != nullptr; }

 private:
  friend struct detail::HandleAccess;
  Global(detail::StoreState* store, exec::GlobalInstance* global) : store_(store), global_(global) {}
  detail::StoreState* store_ = nullptr;
  exec::GlobalInstance* global_ = nullptr;
};

// Any of the four, as imports and exports are.
class Extern {
 public:
  Extern(Func func) : kind_(ExternKind::Function), func_(func) {}
  Extern(Memory memory) : kind_(ExternKind::Memory), memory_(memory) {}
  Extern(Table table) : kind_(ExternKind::Table), table_(table) {}
  Extern(Global global) : kind_(ExternKind::Global), global_(global) {}

  ExternKind kind() const { return kind_; }
  std::optional<Func> func() const { return kind_ == ExternKind::Function ? std::optional(func_) : std::nullopt; }
  std::optional<Memory> memory() const { return kind_ == ExternKind::Memory ? std::optional(memory_) : std::nullopt; }
  std::optional<Table> table() const { return kind_ == ExternKind::Table ? std::optional(table_) : std::nullopt; }
  std::optional<Global> global() const { return kind_ == ExternKind::Global ? std::optional(global_) : std::nullopt; }

 private:
  ExternKind kind_;
  Func func_;
  Memory memory_;
  Table table_;
  Global global_;
};

class Instance {
 public:
  Instance() = default;

  // Instantiates with imports given in the module's import order (the Linker finds them by name).
  static Result<Instance> create(StoreContext store, const Module& module, std::span<const Extern> imports);

  std::optional<Extern> get_export(StoreContext store, std::string_view name) const;
  std::optional<Func> get_func(StoreContext store, std::string_view name) const;
  std::optional<Memory> get_memory(StoreContext store, std::string_view name) const;
  std::optional<Table> get_table(StoreContext store, std::string_view name) const;
  std::optional<Global> get_global(StoreContext store, std::string_view name) const;
  template <class Signature>
  Result<TypedFunc<Signature>> get_typed_func(StoreContext store, std::string_view name) const;
  std::vector<std::pair<std::string, Extern>> exports(StoreContext store) const;

  explicit operator bool() const { return instance_ != nullptr; }

 private:
  friend struct detail::HandleAccess;
  Instance(detail::StoreState* store, exec::ModuleInstance* instance) : store_(store), instance_(instance) {}
  detail::StoreState* store_ = nullptr;
  exec::ModuleInstance* instance_ = nullptr;
};

// What a host function sees of its caller: the store and the calling instance's exports.
class Caller {
 public:
  StoreContext store() const { return StoreContext(*store_); }
  operator StoreContext() const { return store(); }
  template <class T>
  T& data() const {
    return store().data<T>();
  }
  // An export of the calling instance (e.g. its "memory"); nothing when called from the host.
  std::optional<Extern> get_export(std::string_view name) const;

 private:
  friend struct detail::HandleAccess;
  Caller(detail::StoreState& store, exec::ModuleInstance* instance) : store_(&store), instance_(instance) {}
  detail::StoreState* store_;
  exec::ModuleInstance* instance_;
};

}  // namespace wasmprof
