// The execution side of a script: one store per script, the spectest host module, the current
// module instance, named instances, and registered module names.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "exec/context.hh"
#include "runtime/compiled_module.hh"
#include "runtime/store_objects.hh"
#include "text/wast.hh"
#include "wasmprof/result.hh"

namespace wasmprof::spectest {

struct ActionResult {
  bool ran = false;         // false: the action itself was malformed or named nothing
  std::string problem;      // why it did not run
  exec::TrapKind trap = exec::TrapKind::None;
  std::vector<exec::Slot> results;
};

class Execution {
 public:
  explicit Execution(bool instrument = false, Strategy strategy = Strategy::Interpreter);

  // Compiles and instantiates a module file's bytes; on success it becomes the current module
  // (and is remembered under `name`, if any).
  Result<exec::ModuleInstance*> instantiate(std::span<const uint8_t> bytes, const std::string& name);

  // `register "as"`: exports of the named (or current) module become importable as `as`.
  bool register_module(const std::string& as, const std::string& name, std::string& problem);

  // An action: invoke an export with arguments, or get a global's value.
  ActionResult perform(const text::WastAction& action);

  // Adds the defined functions the modules instantiated so far entered, by the code they run.
  void count_entered_functions(uint64_t& machine_code, uint64_t& interpreted) const;

 private:
  exec::ModuleInstance* find_instance(const std::string& name) const;
  void add_spectest_module();

  exec::TranslationOptions translation_;
  Strategy strategy_ = Strategy::Interpreter;
  runtime::StoreObjects store_;
  exec::ExecContext context_;
  exec::ModuleInstance* current_ = nullptr;
  std::vector<std::shared_ptr<const runtime::CompiledModule>> modules_;  // every one instantiated
  std::map<std::string, exec::ModuleInstance*> named_;
  std::map<std::string, std::map<std::string, runtime::ExternValue>> registered_;
};

}  // namespace wasmprof::spectest
