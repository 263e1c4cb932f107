#include "runtime/store_objects.hh"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "exec/interpreter.hh"
#include "support/error.hh"

namespace wasmprof::runtime {
namespace {

Error trap_error(exec::TrapKind trap, std::string where) {
  Error error;
  error.kind = ErrorKind::Trap;
  error.message = std::string(exec::trap_message(trap)) + " (" + where + ")";
  return error;
}

// Import matching (spec 4.5.2): limits match if at least as large and at most as permissive.
bool limits_match(const Limits& actual, const Limits& expected) {
  if (actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

std::string describe(const Import& import) { return "\"" + import.module + "\" \"" + import.name + "\""; }

}  // namespace

uint32_t StoreObjects::type_id(const FuncType& type) {
  auto [it, inserted] = type_ids_.try_emplace({type.params, type.results}, uint32_t(type_ids_.size()));
  return it->second;
}

exec::FunctionInstance* StoreObjects::add_host_function(const FuncType& type, exec::HostCallback callback,
                                                        std::string module_name, std::string name) {
  host_types_.push_back(type);
  exec::FunctionInstance& function = functions_.emplace_back();
  function.type = &host_types_.back();
  function.type_id = type_id(type);
  function.host = std::move(callback);
  function.host_module = std::move(module_name);
  function.host_name = std::move(name);
  return &function;
}

exec::TableInstance* StoreObjects::add_table(const TableType& type, exec::Ref init) {
  exec::TableInstance& table = tables_.emplace_back();
  table.type = type;
  table.elements.assign(type.limits.min, init);
  table.max_size_limit = limits.table_elements;
  ++table_count_;
  return &table;
}

Result<exec::LinearMemory> StoreObjects::map_memory(const MemoryType& type) const {
  uint64_t max_pages = std::min<uint64_t>(limits.memory_pages, kMaxPages);
  if (type.limits.max) max_pages = std::min<uint64_t>(max_pages, *type.limits.max);
  return exec::LinearMemory::create(uint64_t(type.limits.min) * kPageSize, max_pages * kPageSize, memory_reservation);
}

Result<exec::MemoryInstance*> StoreObjects::add_memory(const MemoryType& type) {
  Result<exec::LinearMemory> bytes = map_memory(type);
  if (!bytes) return bytes.error();
  return add_memory(type, std::move(bytes).value());
}

exec::MemoryInstance* StoreObjects::add_memory(const MemoryType& type, exec::LinearMemory bytes) {
  exec::MemoryInstance& memory = memories_.emplace_back();
  memory.type = type;
  memory.bytes = std::move(bytes);
  memory.max_pages_limit = limits.memory_pages;
  ++memory_count_;
  return &memory;
}

exec::GlobalInstance* StoreObjects::add_global(const GlobalType& type, const exec::V128& value) {
  exec::GlobalInstance& global = globals_.emplace_back();
  global.type = type;
  global.value = value;
  return &global;
}

std::optional<ExternValue> StoreObjects::find_export(const exec::ModuleInstance& instance, std::string_view name) {
  for (const Export& entry : instance.module->exports) {
    if (entry.name != name) continue;
    ExternValue value;
    value.kind = entry.kind;
    switch (entry.kind) {
      case ExternKind::Function: value.function = instance.functions[entry.index]; break;
      case ExternKind::Table: value.table = instance.tables[entry.index]; break;
      case ExternKind::Memory: value.memory = instance.memories[entry.index]; break;
      case ExternKind::Global: value.global = instance.globals[entry.index]; break;
    }
    return value;
  }
  return std::nullopt;
}

namespace {

// Evaluates a validated constant expression (only imported globals and this instance's functions
// can be referenced, and it yields exactly one value).
exec::V128 evaluate(const ConstExpr& expr, const exec::ModuleInstance& instance) {
  exec::V128 value{};
  for (const Instruction& in : expr.instructions) {
    value = exec::V128{};
    switch (in.opcode) {
      case Opcode::I32Const: {
        const uint32_t bits = uint32_t(in.bits);
        std::memcpy(value.bytes, &bits, 4);
        break;
      }
      case Opcode::I64Const:
      case Opcode::F64Const:
        std::memcpy(value.bytes, &in.bits, 8);
        break;
      case Opcode::F32Const: {
        const uint32_t bits = uint32_t(in.bits);
        std::memcpy(value.bytes, &bits, 4);
        break;
      }
      case Opcode::V128Const: std::memcpy(value.bytes, in.bytes16.data(), 16); break;
      case Opcode::RefNull: break;
      case Opcode::RefFunc: {
        const exec::Ref ref = reinterpret_cast<exec::Ref>(instance.functions[in.index]);
        std::memcpy(value.bytes, &ref, sizeof ref);
        break;
      }
      case Opcode::GlobalGet: value = instance.globals[in.index]->value; break;
      default: break;
    }
  }
  return value;
}

exec::Ref as_ref(const exec::V128& value) {
  exec::Ref ref;
  std::memcpy(&ref, value.bytes, sizeof ref);
  return ref;
}

uint32_t as_u32(const exec::V128& value) {
  uint32_t result;
  std::memcpy(&result, value.bytes, 4);
  return result;
}

}  // namespace

Result<exec::ModuleInstance*> StoreObjects::instantiate(std::shared_ptr<const CompiledModule> compiled,
                                                        std::span<const ExternValue> imports,
                                                        exec::ExecContext& context) {
  Result<exec::ModuleInstance*> instance = instantiate_without_start(std::move(compiled), imports);
  if (!instance) return instance;
  const std::optional<uint32_t> start = instance.value()->module->start;
  if (start) {
    exec::Slot unused[1] = {0};
    const exec::TrapKind trap = exec::invoke(context, *instance.value()->functions[*start], unused);
    if (trap != exec::TrapKind::None) return trap_error(trap, "start function");
  }
  return instance;
}

Result<exec::ModuleInstance*> StoreObjects::instantiate_without_start(std::shared_ptr<const CompiledModule> compiled,
                                                                      std::span<const ExternValue> imports) {
  const DecodedModule& module = *compiled->module;
  if (imports.size() != module.imports.size())
    return make_error(ErrorKind::Link, "expected " + std::to_string(module.imports.size()) + " imports, got " +
                      std::to_string(imports.size()));

  // Check every import before creating anything, so a link error leaves the store unchanged.
  for (size_t i = 0; i < imports.size(); ++i) {
    const Import& import = module.imports[i];
    const ExternValue& value = imports[i];
    if (value.kind != import.kind)
      return make_error(ErrorKind::Link, "incompatible import type for " + describe(import) + ": expected " +
                        std::string(to_string(import.kind)) + ", got " + std::string(to_string(value.kind)));
    switch (import.kind) {
      case ExternKind::Function:
        if (*value.function->type != module.types[import.type_index])
          return make_error(ErrorKind::Link, "incompatible import type for " + describe(import) + ": function signature differs");
        break;
      case ExternKind::Table:
        if (value.table->type.element != import.table.element ||
            !limits_match(Limits{value.table->size(), value.table->type.limits.max}, import.table.limits))
          return make_error(ErrorKind::Link, "incompatible import type for " + describe(import) + ": table type differs");
        break;
      case ExternKind::Memory:
        if (!limits_match(Limits{value.memory->pages(), value.memory->type.limits.max}, import.memory.limits))
          return make_error(ErrorKind::Link, "incompatible import type for " + describe(import) + ": memory limits differ");
        break;
      case ExternKind::Global:
        if (value.global->type.type != import.global.type || value.global->type.is_mutable != import.global.is_mutable)
          return make_error(ErrorKind::Link, "incompatible import type for " + describe(import) + ": global type differs");
        break;
    }
  }

  // Resource limits, also checked before anything is created.
  if (instance_count_ >= limits.instances) return make_error(ErrorKind::Limit, "too many instances in this store");
  if (memory_count_ + module.memories.size() > limits.memories) return make_error(ErrorKind::Limit, "too many memories in this store");
  if (table_count_ + module.tables.size() > limits.tables) return make_error(ErrorKind::Limit, "too many tables in this store");
  for (const MemoryType& type : module.memories)
    if (type.limits.min > limits.memory_pages)
      return make_error(ErrorKind::Limit, "memory of " + std::to_string(type.limits.min) + " pages exceeds the store's limit of " +
                         std::to_string(limits.memory_pages) + " pages");
  for (const TableType& type : module.tables)
    if (type.limits.min > limits.table_elements)
      return make_error(ErrorKind::Limit, "table of " + std::to_string(type.limits.min) + " elements exceeds the store's limit of " +
                         std::to_string(limits.table_elements));
  // Mapped before the instance exists, so a host that refuses one leaves the store as it was.
  std::vector<exec::LinearMemory> memory_bytes;
  for (const MemoryType& type : module.memories) {
    Result<exec::LinearMemory> bytes = map_memory(type);
    if (!bytes) return bytes.error();
    memory_bytes.push_back(std::move(bytes).value());
  }
  // Compiled code that leaves bounds checks to the guard region reads and writes any memory
  // without one out of bounds: such an instance must not exist (exec/native_faults.hh).
  if (compiled->options.guarded_memory) {
    for (const ExternValue& value : imports)
      if (value.kind == ExternKind::Memory && !exec::guards_faulting_accesses(value.memory->bytes))
        return make_error(ErrorKind::Limit, "the compiled code needs memories with a guard region; the imported one has none");
    for (const exec::LinearMemory& bytes : memory_bytes)
      if (!exec::guards_faulting_accesses(bytes))
        return make_error(ErrorKind::Limit, "the compiled code needs memories with a guard region (8 GiB of address space "
                                            "each), which the host refused; run in the interpreter instead");
  }
  ++instance_count_;

  modules_.push_back(compiled);
  exec::ModuleInstance& instance = instances_.emplace_back();
  instance.module = compiled->module;
  instance.compiled = compiled;
  instance.module_code = compiled->code.get();
  for (const FuncType& type : module.types) instance.type_ids.push_back(type_id(type));
  for (const ExternValue& value : imports) {
    switch (value.kind) {
      case ExternKind::Function: instance.functions.push_back(value.function); break;
      case ExternKind::Table: instance.tables.push_back(value.table); break;
      case ExternKind::Memory: instance.memories.push_back(value.memory); break;
      case ExternKind::Global: instance.globals.push_back(value.global); break;
    }
  }
  for (uint32_t i = 0; i < module.function_types.size(); ++i) {
    exec::FunctionInstance& function = functions_.emplace_back();
    function.type = &module.types[module.function_types[i]];
    function.type_id = instance.type_ids[module.function_types[i]];
    function.module = &instance;
    function.function_index = module.imported_function_count + i;
    function.set_code(compiled->code->entry(i));
    instance.functions.push_back(&function);
  }
  for (const TableType& type : module.tables) instance.tables.push_back(add_table(type));
  for (size_t i = 0; i < module.memories.size(); ++i)
    instance.memories.push_back(add_memory(module.memories[i], std::move(memory_bytes[i])));
  instance.memory0 = instance.memories.empty() ? nullptr : instance.memories[0];
  for (const GlobalDefinition& global : module.globals)
    instance.globals.push_back(add_global(global.type, evaluate(global.init, instance)));

  instance.element_values.resize(module.elements.size());
  for (size_t i = 0; i < module.elements.size(); ++i) {
    const ElementSegment& segment = module.elements[i];
    std::vector<exec::Ref>& values = instance.element_values[i];
    values.reserve(segment.items.size());
    for (const ConstExpr& item : segment.items) values.push_back(as_ref(evaluate(item, instance)));
  }
  instance.dropped_data.assign(module.data.size(), false);

  // Active segments initialize in order; a failure leaves what earlier segments wrote (2.0).
  for (size_t i = 0; i < module.elements.size(); ++i) {
    const ElementSegment& segment = module.elements[i];
    std::vector<exec::Ref>& values = instance.element_values[i];
    if (segment.mode == SegmentMode::Active) {
      exec::TableInstance* table = instance.tables[segment.table_index];
      const uint64_t offset = as_u32(evaluate(segment.offset, instance));
      if (offset + values.size() > table->size())
        return trap_error(exec::TrapKind::OutOfBoundsTableAccess, "element segment " + std::to_string(i));
      std::copy(values.begin(), values.end(), table->elements.begin() + offset);
    }
    if (segment.mode != SegmentMode::Passive) values.clear();  // dropped after use
  }
  for (size_t i = 0; i < module.data.size(); ++i) {
    const DataSegment& segment = module.data[i];
    if (segment.mode != SegmentMode::Active) continue;
    exec::MemoryInstance* memory = instance.memories[segment.memory_index];
    const uint64_t offset = as_u32(evaluate(segment.offset, instance));
    if (offset + segment.init.size > memory->bytes.size())
      return trap_error(exec::TrapKind::OutOfBoundsMemoryAccess, "data segment " + std::to_string(i));
    if (segment.init.size) std::memcpy(memory->bytes.data() + offset, module.bytes.data() + segment.init.offset, segment.init.size);
    instance.dropped_data[i] = true;
  }

  return &instance;
}

}  // namespace wasmprof::runtime
