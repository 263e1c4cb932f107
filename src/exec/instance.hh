// The runtime objects the interpreter executes on (spec 4.2 "Runtime Structure"): memories,
// tables, globals, functions and module instances. They are plain data owned by a store (see
// src/runtime/); the interpreter only reads and writes them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "binary/module.hh"
#include "exec/linear_memory.hh"
#include "exec/value.hh"

namespace wasmprof::exec {

using Slot = uint64_t;  // one operand-stack or local slot; v128 takes two

struct MemoryInstance {
  LinearMemory bytes;  // size is always a multiple of the page size
  MemoryType type;
  // The embedder's resource limit, at most the type's max. `bytes` was reserved for the limit it
  // had when the memory was created: raising it afterwards need not let the memory grow further.
  uint32_t max_pages_limit = kMaxPages;

  uint32_t pages() const { return uint32_t(bytes.size() / kPageSize); }
  // memory.grow: the old size in pages, or -1 (as uint32) if the memory cannot grow that much
  // (past its limits, or the host refuses the address space or the memory).
  uint32_t grow(uint32_t delta_pages);
};

// A reference value: null, a function, or an opaque host reference.
using Ref = uintptr_t;  // 0 is null; otherwise a FunctionInstance* or an externref cookie
constexpr Ref kNullRef = 0;

struct TableInstance {
  std::vector<Ref> elements;
  TableType type;
  uint32_t max_size_limit = 10000000;  // the embedder's resource limit (elements)

  uint32_t size() const { return uint32_t(elements.size()); }
  uint32_t grow(uint32_t delta, Ref init);  // old size, or -1 as uint32 on failure
};

struct GlobalInstance {
  GlobalType type;
  V128 value{};  // scalars in the low bytes, little-endian
};

struct ModuleInstance;
struct CompiledFunction;
class ModuleCode;
struct ExecContext;

// A compiled function's machine code (exec/native_code.hh). `view` is its caller's view when
// the caller is compiled code of the same instance, else null. `loop` is 0 for a call; else
// the module offset of a loop where an interpreted activation of the function continues in
// machine code (on-stack replacement: every local then in its frame slot).
struct NativeView;
using NativeEntry = TrapKind (*)(Slot* fp, ExecContext* context, const NativeView* view, uint32_t loop);

// A host function: reads its arguments from `args` and writes its results to `results`, one
// slot per scalar (two per v128). Returns TrapKind::None or the trap to raise.
using HostCallback = std::function<TrapKind(ExecContext& context, const Slot* args, Slot* results)>;

struct FunctionInstance {
  // The machine code `code` starts with when it is a compiled function, else null: what compiled
  // callers call directly. Kept with `code` by set_code.
  NativeEntry native = nullptr;
  const void* native_body = nullptr;  // its CompiledFunction::native_body, with `native`
  const FuncType* type = nullptr;
  uint32_t type_id = 0;  // canonical id of the type within the store: equal types, equal ids
  // A wasm function:
  ModuleInstance* module = nullptr;
  uint32_t function_index = 0;  // in its module's index space
  const CompiledFunction* code = nullptr;
  // A host function:
  HostCallback host;
  std::string host_module, host_name;  // the import it was linked to, for markers and backtraces

  bool is_host() const { return code == nullptr; }
  void set_code(const CompiledFunction* new_code);
};

struct ModuleInstance {
  std::shared_ptr<const DecodedModule> module;
  std::shared_ptr<const void> compiled;   // what the runtime compiled `module` into; opaque here
  const ModuleCode* module_code = nullptr;  // its code (held by `compiled`)
  std::vector<FunctionInstance*> functions;
  std::vector<TableInstance*> tables;
  std::vector<MemoryInstance*> memories;
  std::vector<GlobalInstance*> globals;
  MemoryInstance* memory0 = nullptr;      // memories[0], cached for the interpreter
  std::vector<uint32_t> type_ids;         // canonical id of each of the module's types
  std::vector<const CompiledFunction*> code;  // by defined-function index
  std::vector<bool> dropped_data;
  std::vector<std::vector<Ref>> element_values;  // evaluated element segments, for table.init
};

}  // namespace wasmprof::exec
