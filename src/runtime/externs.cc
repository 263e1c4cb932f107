// Memories, tables, globals, instances and the Caller of the public API.
#include <cstring>

#include "runtime/compiled_module.hh"
#include "runtime/handles.hh"
#include "runtime/store_state.hh"
#include "support/error.hh"
#include "wasmprof/extern.hh"

namespace wasmprof {
namespace detail {

Extern to_extern(StoreState& store, const runtime::ExternValue& value) {
  switch (value.kind) {
    case ExternKind::Function: return HandleAccess::func(&store, value.function);
    case ExternKind::Table: return HandleAccess::table(&store, value.table);
    case ExternKind::Memory: return HandleAccess::memory(&store, value.memory);
    case ExternKind::Global: return HandleAccess::global(&store, value.global);
  }
  return Func();
}

runtime::ExternValue to_extern_value(const Extern& item) {
  runtime::ExternValue value;
  value.kind = item.kind();
  switch (item.kind()) {
    case ExternKind::Function: value.function = HandleAccess::raw(*item.func()); break;
    case ExternKind::Table: value.table = HandleAccess::raw(*item.table()); break;
    case ExternKind::Memory: value.memory = HandleAccess::raw(*item.memory()); break;
    case ExternKind::Global: value.global = HandleAccess::raw(*item.global()); break;
  }
  return value;
}

namespace {

template <class Handle>
bool handle_belongs_to(const Handle& handle, const StoreState& store) {
  return HandleAccess::store(handle) == &store && HandleAccess::raw(handle) != nullptr;
}

}  // namespace

bool belongs_to(const Extern& item, const StoreState& store) {
  switch (item.kind()) {
    case ExternKind::Function: return handle_belongs_to(*item.func(), store);
    case ExternKind::Table: return handle_belongs_to(*item.table(), store);
    case ExternKind::Memory: return handle_belongs_to(*item.memory(), store);
    case ExternKind::Global: return handle_belongs_to(*item.global(), store);
  }
  return false;
}

}  // namespace detail

namespace {

exec::V128 to_cell(const Val& value) {
  exec::V128 cell{};
  uint64_t slots[2] = {0, 0};
  value.to_slots(slots);
  std::memcpy(cell.bytes, slots, 16);
  return cell;
}

Val from_cell(ValueType type, const exec::V128& cell) {
  uint64_t slots[2];
  std::memcpy(slots, cell.bytes, 16);
  if (type == ValueType::I32 || type == ValueType::F32) slots[0] &= 0xFFFFFFFFu;
  return Val::from_slots(type, slots);
}

}  // namespace

// --- Memory

Result<Memory> Memory::create(StoreContext store, MemoryType type) {
  detail::StoreState& state = store.state();
  if (type.limits.min > kMaxPages || (type.limits.max && (*type.limits.max > kMaxPages || *type.limits.max < type.limits.min)))
    return detail::usage_error("invalid memory limits");
  if (type.limits.min > state.objects.limits.memory_pages)
    return make_error(ErrorKind::Limit, "memory of " + std::to_string(type.limits.min) + " pages exceeds the store's limit");
  Result<exec::MemoryInstance*> memory = state.objects.add_memory(type);
  if (!memory) return memory.error();
  return Memory(&state, memory.value());
}

MemoryType Memory::type(StoreContext) const { return memory_->type; }
uint32_t Memory::size(StoreContext) const { return memory_->pages(); }
uint64_t Memory::data_size(StoreContext) const { return memory_->bytes.size(); }
uint8_t* Memory::data(StoreContext) const { return memory_->bytes.data(); }

Result<uint32_t> Memory::grow(StoreContext, uint32_t delta_pages) const {
  const uint32_t old_pages = memory_->grow(delta_pages);
  if (old_pages == UINT32_MAX)
    return make_error(ErrorKind::Limit, "cannot grow memory of " + std::to_string(memory_->pages()) + " pages by " +
                       std::to_string(delta_pages));
  return old_pages;
}

Result<Ok> Memory::read(StoreContext, uint64_t offset, std::span<uint8_t> out) const {
  if (offset > memory_->bytes.size() || out.size() > memory_->bytes.size() - offset)
    return detail::usage_error("memory read out of bounds");
  if (!out.empty()) std::memcpy(out.data(), memory_->bytes.data() + offset, out.size());
  return Ok{};
}

Result<Ok> Memory::write(StoreContext, uint64_t offset, std::span<const uint8_t> bytes) const {
  if (offset > memory_->bytes.size() || bytes.size() > memory_->bytes.size() - offset)
    return detail::usage_error("memory write out of bounds");
  if (!bytes.empty()) std::memcpy(memory_->bytes.data() + offset, bytes.data(), bytes.size());
  return Ok{};
}

// --- Table

Result<Table> Table::create(StoreContext store, TableType type, Val init) {
  detail::StoreState& state = store.state();
  if (!is_reference(type.element) || init.type() != type.element)
    return detail::usage_error("table initial value must be a " + std::string(to_string(type.element)));
  if (type.limits.max && *type.limits.max < type.limits.min) return detail::usage_error("invalid table limits");
  if (type.limits.min > state.objects.limits.table_elements)
    return make_error(ErrorKind::Limit, "table of " + std::to_string(type.limits.min) + " elements exceeds the store's limit");
  return Table(&state, state.objects.add_table(type, init.ref()));
}

TableType Table::type(StoreContext) const { return table_->type; }
uint32_t Table::size(StoreContext) const { return table_->size(); }

std::optional<Val> Table::get(StoreContext, uint32_t index) const {
  if (index >= table_->size()) return std::nullopt;
  return Val::ref(table_->type.element, table_->elements[index]);
}

Result<Ok> Table::set(StoreContext, uint32_t index, Val value) const {
  if (value.type() != table_->type.element)
    return detail::usage_error("table element must be a " + std::string(to_string(table_->type.element)));
  if (index >= table_->size()) return detail::usage_error("table index out of bounds");
  table_->elements[index] = value.ref();
  return Ok{};
}

Result<uint32_t> Table::grow(StoreContext, uint32_t delta, Val init) const {
  if (init.type() != table_->type.element)
    return detail::usage_error("table element must be a " + std::string(to_string(table_->type.element)));
  const uint32_t old_size = table_->grow(delta, init.ref());
  if (old_size == UINT32_MAX) return make_error(ErrorKind::Limit, "cannot grow table by " + std::to_string(delta));
  return old_size;
}

// --- Global

Result<Global> Global::create(StoreContext store, GlobalType type, Val value) {
  if (value.type() != type.type)
    return detail::usage_error("global of type " + std::string(to_string(type.type)) + " given a " +
                               std::string(to_string(value.type())));
  detail::StoreState& state = store.state();
  return Global(&state, state.objects.add_global(type, to_cell(value)));
}

GlobalType Global::type(StoreContext) const { return global_->type; }
Val Global::get(StoreContext) const { return from_cell(global_->type.type, global_->value); }

Result<Ok> Global::set(StoreContext, Val value) const {
  if (!global_->type.is_mutable) return detail::usage_error("global is immutable");
  if (value.type() != global_->type.type)
    return detail::usage_error("global of type " + std::string(to_string(global_->type.type)) + " given a " +
                               std::string(to_string(value.type())));
  global_->value = to_cell(value);
  return Ok{};
}

// --- Instance

Result<Instance> Instance::create(StoreContext store, const Module& module, std::span<const Extern> imports) {
  detail::StoreState& state = store.state();
  if (!(module.engine() == state.engine)) return detail::usage_error("module compiled by another engine");
  std::vector<runtime::ExternValue> values;
  values.reserve(imports.size());
  for (const Extern& item : imports) {
    if (!detail::belongs_to(item, state)) return detail::usage_error("import from another store (or a null handle)");
    values.push_back(detail::to_extern_value(item));
  }
  Result<exec::ModuleInstance*> created = state.objects.instantiate_without_start(detail::HandleAccess::compiled(module), values);
  if (!created) return created.error();
  exec::ModuleInstance* instance = created.value();
  if (const std::optional<uint32_t> start = instance->module->start) {
    uint64_t unused[1] = {0};
    Result<Ok> ran = detail::HandleAccess::func(&state, instance->functions[*start]).call_unchecked(store, unused);
    if (!ran) return ran.error();
  }
  return detail::HandleAccess::instance(&state, instance);
}

std::optional<Extern> Instance::get_export(StoreContext, std::string_view name) const {
  std::optional<runtime::ExternValue> value = runtime::StoreObjects::find_export(*instance_, name);
  if (!value) return std::nullopt;
  return detail::to_extern(*store_, *value);
}

std::optional<Func> Instance::get_func(StoreContext store, std::string_view name) const {
  std::optional<Extern> item = get_export(store, name);
  return item ? item->func() : std::nullopt;
}

std::optional<Memory> Instance::get_memory(StoreContext store, std::string_view name) const {
  std::optional<Extern> item = get_export(store, name);
  return item ? item->memory() : std::nullopt;
}

std::optional<Table> Instance::get_table(StoreContext store, std::string_view name) const {
  std::optional<Extern> item = get_export(store, name);
  return item ? item->table() : std::nullopt;
}

std::optional<Global> Instance::get_global(StoreContext store, std::string_view name) const {
  std::optional<Extern> item = get_export(store, name);
  return item ? item->global() : std::nullopt;
}

std::vector<std::pair<std::string, Extern>> Instance::exports(StoreContext store) const {
  std::vector<std::pair<std::string, Extern>> result;
  for (const Export& entry : instance_->module->exports) result.emplace_back(entry.name, *get_export(store, entry.name));
  return result;
}

// --- Caller

std::optional<Extern> Caller::get_export(std::string_view name) const {
  if (instance_ == nullptr) return std::nullopt;
  return detail::HandleAccess::instance(store_, instance_).get_export(store(), name);
}

}  // namespace wasmprof
