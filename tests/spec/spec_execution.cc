#include "spec_execution.hh"

#include <cstring>

#include "exec/interpreter.hh"
#include "runtime/compiled_module.hh"
#include "spec_values.hh"

namespace wasmprof::spectest {
namespace {

exec::V128 scalar(uint64_t bits) {
  exec::V128 value{};
  std::memcpy(value.bytes, &bits, 8);
  return value;
}

}  // namespace

Execution::Execution(bool instrument, Strategy strategy) : strategy_(strategy), context_(exec::ExecLimits{}) {
  translation_.epoch_checks = instrument;
  translation_.fuel = instrument;
  add_spectest_module();
}

// The host module every spec script may import from (see the suite's README).
void Execution::add_spectest_module() {
  auto& exports = registered_["spectest"];
  auto function = [&](const char* name, std::vector<ValueType> params) {
    runtime::ExternValue value;
    value.kind = ExternKind::Function;
    value.function = store_.add_host_function(
        FuncType{std::move(params), {}}, [](exec::ExecContext&, const exec::Slot*, exec::Slot*) { return exec::TrapKind::None; },
        "spectest", name);
    exports[name] = value;
  };
  function("print", {});
  function("print_i32", {ValueType::I32});
  function("print_i64", {ValueType::I64});
  function("print_f32", {ValueType::F32});
  function("print_f64", {ValueType::F64});
  function("print_i32_f32", {ValueType::I32, ValueType::F32});
  function("print_f64_f64", {ValueType::F64, ValueType::F64});

  auto global = [&](const char* name, ValueType type, uint64_t bits) {
    runtime::ExternValue value;
    value.kind = ExternKind::Global;
    value.global = store_.add_global(GlobalType{type, false}, scalar(bits));
    exports[name] = value;
  };
  global("global_i32", ValueType::I32, 666);
  global("global_i64", ValueType::I64, 666);
  float f32 = 666.6f;
  uint32_t f32_bits;
  std::memcpy(&f32_bits, &f32, 4);
  global("global_f32", ValueType::F32, f32_bits);
  double f64 = 666.6;
  uint64_t f64_bits;
  std::memcpy(&f64_bits, &f64, 8);
  global("global_f64", ValueType::F64, f64_bits);

  runtime::ExternValue table;
  table.kind = ExternKind::Table;
  table.table = store_.add_table(TableType{ValueType::FuncRef, Limits{10, 20}});
  exports["table"] = table;
  // A host that cannot map it leaves "memory" out: the modules importing it then fail to link.
  if (Result<exec::MemoryInstance*> created = store_.add_memory(MemoryType{Limits{1, 2}})) {
    runtime::ExternValue memory;
    memory.kind = ExternKind::Memory;
    memory.memory = created.value();
    exports["memory"] = memory;
  }
}

exec::ModuleInstance* Execution::find_instance(const std::string& name) const {
  if (name.empty()) return current_;
  auto found = named_.find(name);
  return found == named_.end() ? nullptr : found->second;
}

Result<exec::ModuleInstance*> Execution::instantiate(std::span<const uint8_t> bytes, const std::string& name) {
  auto compiled = runtime::compile_module(bytes, translation_, strategy_, /*hot_calls=*/1);
  if (!compiled) return compiled.error();
  const DecodedModule& module = *compiled.value()->module;
  std::vector<runtime::ExternValue> imports;
  for (const Import& import : module.imports) {
    auto by_module = registered_.find(import.module);
    if (by_module == registered_.end() || !by_module->second.contains(import.name)) {
      Error error;
      error.kind = ErrorKind::Link;
      error.message = "unknown import \"" + import.module + "\" \"" + import.name + "\"";
      return error;
    }
    imports.push_back(by_module->second.at(import.name));
  }
  modules_.push_back(compiled.value());
  auto instance = store_.instantiate(std::move(compiled).value(), imports, context_);
  if (!instance) return instance.error();
  current_ = instance.value();
  if (!name.empty()) named_[name] = current_;
  return instance;
}

void Execution::count_entered_functions(uint64_t& machine_code, uint64_t& interpreted) const {
  for (const auto& module : modules_)
    for (uint32_t i = 0; i < module->code->size(); ++i)
      if (module->code->is_native(i)) ++machine_code;
      else if (module->code->is_translated(i)) ++interpreted;
}

bool Execution::register_module(const std::string& as, const std::string& name, std::string& problem) {
  exec::ModuleInstance* instance = find_instance(name);
  if (!instance) {
    problem = "no module to register" + (name.empty() ? std::string() : " named " + name);
    return false;
  }
  auto& exports = registered_[as];
  exports.clear();
  for (const Export& entry : instance->module->exports)
    exports[entry.name] = *runtime::StoreObjects::find_export(*instance, entry.name);
  return true;
}

ActionResult Execution::perform(const text::WastAction& action) {
  ActionResult result;
  exec::ModuleInstance* instance = find_instance(action.module.value_or(""));
  if (!instance) {
    result.problem = "no module instance for the action";
    return result;
  }
  const std::string& field = action.name;
  auto target = runtime::StoreObjects::find_export(*instance, field);
  if (!target) {
    result.problem = "no export named \"" + field + "\"";
    return result;
  }
  if (action.kind == text::WastAction::Kind::Get) {
    if (target->kind != ExternKind::Global) {
      result.problem = "\"" + field + "\" is not a global";
      return result;
    }
    exec::Slot halves[2];
    std::memcpy(halves, target->global->value.bytes, 16);
    result.results.assign(halves, halves + (target->global->type.type == ValueType::V128 ? 2 : 1));
    result.ran = true;
    return result;
  }
  if (target->kind != ExternKind::Function) {
    result.problem = "\"" + field + "\" is not a function";
    return result;
  }
  std::vector<exec::Slot> slots;
  for (const text::WastValue& argument : action.args) append_argument(argument, slots);
  const FuncType& function_type = *target->function->type;
  const size_t result_slots = exec::slot_count(function_type.results);
  slots.resize(std::max(slots.size(), result_slots));
  result.trap = exec::invoke(context_, *target->function, slots.data());
  slots.resize(result_slots);
  result.results = std::move(slots);
  result.ran = true;
  return result;
}

}  // namespace wasmprof::spectest
