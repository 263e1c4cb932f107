// Everything one store owns: instances and the memories, tables, globals and functions they
// use, plus canonical ids for function types. Objects never move, so raw pointers between them
// (and in the interpreter's code) stay valid for the store's lifetime.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "exec/context.hh"
#include "exec/instance.hh"
#include "runtime/compiled_module.hh"
#include "wasmprof/result.hh"

namespace wasmprof::runtime {

// An external value (spec 4.2.11): what an import is satisfied with, what an export yields.
struct ExternValue {
  ExternKind kind = ExternKind::Function;
  exec::FunctionInstance* function = nullptr;
  exec::TableInstance* table = nullptr;
  exec::MemoryInstance* memory = nullptr;
  exec::GlobalInstance* global = nullptr;
};

// What the embedder allows a store to create (its resource limits).
struct ObjectLimits {
  uint32_t memory_pages = kMaxPages;       // per memory, initial and after growth
  uint32_t table_elements = 10000000;      // per table
  uint32_t instances = 10000;
  uint32_t memories = 10000;
  uint32_t tables = 10000;
};

class StoreObjects {
 public:
  ObjectLimits limits;
  // How each new memory reserves its address space (exec/linear_memory.hh).
  exec::MemoryReservation memory_reservation;

  exec::FunctionInstance* add_host_function(const FuncType& type, exec::HostCallback callback,
                                            std::string module_name = {}, std::string name = {});
  exec::TableInstance* add_table(const TableType& type, exec::Ref init = exec::kNullRef);
  // ErrorKind::Limit if the host cannot map the memory's initial pages.
  Result<exec::MemoryInstance*> add_memory(const MemoryType& type);
  exec::GlobalInstance* add_global(const GlobalType& type, const exec::V128& value);

  // Instantiates (spec 4.5.4): matches imports, allocates, initializes segments, runs start.
  // Link errors have ErrorKind::Link; a trap while initializing or in start, ErrorKind::Trap;
  // going beyond `limits`, ErrorKind::Limit.
  Result<exec::ModuleInstance*> instantiate(std::shared_ptr<const CompiledModule> compiled,
                                            std::span<const ExternValue> imports, exec::ExecContext& context);
  // All of instantiation but the start function, which the caller then runs its own way.
  Result<exec::ModuleInstance*> instantiate_without_start(std::shared_ptr<const CompiledModule> compiled,
                                                          std::span<const ExternValue> imports);

  static std::optional<ExternValue> find_export(const exec::ModuleInstance& instance, std::string_view name);

  uint32_t type_id(const FuncType& type);

 private:
  Result<exec::LinearMemory> map_memory(const MemoryType& type) const;
  exec::MemoryInstance* add_memory(const MemoryType& type, exec::LinearMemory bytes);

  std::deque<FuncType> host_types_;
  std::map<std::pair<std::vector<ValueType>, std::vector<ValueType>>, uint32_t> type_ids_;
  std::deque<exec::FunctionInstance> functions_;
  std::deque<exec::TableInstance> tables_;
  std::deque<exec::MemoryInstance> memories_;
  std::deque<exec::GlobalInstance> globals_;
  std::deque<exec::ModuleInstance> instances_;
  std::deque<std::shared_ptr<const CompiledModule>> modules_;
  uint32_t instance_count_ = 0, memory_count_ = 0, table_count_ = 0;
};

}  // namespace wasmprof::runtime
