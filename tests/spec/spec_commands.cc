#include "spec_commands.hh"

#include <algorithm>
#include <array>
#include <map>

#include "binary/decoder.hh"
#include "binary_features.hh"
#include "spec_values.hh"
#include "valid/validator.hh"

namespace wasmprof::spectest {

namespace {

constexpr std::array<std::string_view, 12> kCommandTypes = {
    "module",           "register",         "action",          "assert_return",
    "assert_trap",      "assert_exhaustion", "assert_malformed", "assert_invalid",
    "assert_unlinkable", "assert_uninstantiable", "assert_exception", "module_instance",
};

struct ModuleBytes {
  std::span<const uint8_t> bytes;
  std::string problem;            // why there are no bytes; empty when there are
  bool rejected_as_text = false;  // a text module the text parser rejected (problem says why)
};

// The WAST reader parsed every text module already: a command sees its bytes, or its error.
ModuleBytes module_bytes(const Command& command, const ScriptState& state) {
  if (command.module.error) return {{}, module_error_text(*state.script, command.module), true};
  return {command.module.bytes, {}};
}

// Everything the spec requires of a module before instantiation: that it decodes and validates.
Result<DecodedModule> decode_and_validate(std::span<const uint8_t> bytes) {
  auto module = decode_module(bytes);
  if (!module.ok()) return module.error();
  auto valid = validate_module(module.value());
  if (!valid.ok()) return valid.error();
  return module;
}

// `(module ...)`: the module must be accepted; when executing, it is also instantiated and
// becomes the current module.
CommandResult run_module(const Command& command, ScriptState& state) {
  ModuleBytes file = module_bytes(command, state);
  if (!file.problem.empty()) return {Outcome::Failed, file.problem};
  if (command.module.definition) {  // valid; skip_for_feature kept it for `module instance`
    auto module = decode_and_validate(file.bytes);
    if (!module.ok()) return {Outcome::Failed, module.error().to_string()};
    return {Outcome::Passed, {}};
  }
  if (state.execution) {
    auto instance = state.execution->instantiate(file.bytes, command.module.name.value_or(""));
    if (!instance.ok()) return {Outcome::Failed, instance.error().to_string()};
    return {Outcome::Passed, {}};
  }
  auto module = decode_and_validate(file.bytes);
  if (!module.ok()) return {Outcome::Failed, module.error().to_string()};
  return {Outcome::Passed, {}};
}

// Runs the command's action; on success compares results with "expected" when asked to.
CommandResult run_action_command(const Command& command, ScriptState& state, bool check_results) {
  ActionResult result = state.execution->perform(command.action);
  if (!result.ran) return {Outcome::Failed, result.problem};
  if (result.trap != exec::TrapKind::None)
    return {Outcome::Failed, std::string("trapped: ") + exec::trap_message(result.trap)};
  if (!check_results) return {Outcome::Passed, {}};
  size_t index = 0;
  std::string detail;
  for (size_t i = 0; i < command.expected.size(); ++i)
    if (!result_matches(command.expected[i], result.results, index, detail))
      return {Outcome::Failed, "result " + std::to_string(i) + ": " + detail};
  if (index != result.results.size()) return {Outcome::Failed, "more results than expected"};
  return {Outcome::Passed, {}};
}

CommandResult run_action(const Command& command, ScriptState& state) { return run_action_command(command, state, false); }
CommandResult run_assert_return(const Command& command, ScriptState& state) {
  return run_action_command(command, state, true);
}

// assert_trap and assert_exhaustion: the action must trap, with the expected reason.
CommandResult run_assert_trap(const Command& command, ScriptState& state) {
  ActionResult result = state.execution->perform(command.action);
  if (!result.ran) return {Outcome::Failed, result.problem};
  if (result.trap == exec::TrapKind::None) return {Outcome::Failed, "returned normally, expected trap: " + command.text};
  const std::string message = exec::trap_message(result.trap);
  // The suite's texts sometimes say more ("unreachable executed"); ours must be their prefix.
  if (command.text.rfind(message, 0) != 0)
    return {Outcome::Failed, "trapped with \"" + message + "\", expected \"" + command.text + "\""};
  return {Outcome::Passed, message};
}

CommandResult run_register(const Command& command, ScriptState& state) {
  std::string problem;
  if (!state.execution->register_module(command.text, command.registered_module.value_or(""), problem))
    return {Outcome::Failed, problem};
  return {Outcome::Passed, {}};
}

// assert_unlinkable and assert_uninstantiable: instantiation must fail, for the right reason.
CommandResult run_assert_instantiation_fails(const Command& command, ScriptState& state) {
  ModuleBytes file = module_bytes(command, state);
  if (!file.problem.empty()) return {Outcome::Failed, file.problem};
  auto instance = state.execution->instantiate(file.bytes, {});
  if (instance.ok()) return {Outcome::Failed, "instantiated, expected failure: " + command.text};
  const ErrorKind wanted = command.kind == text::WastCommandKind::AssertUnlinkable ? ErrorKind::Link : ErrorKind::Trap;
  if (instance.error().kind != wanted)
    return {Outcome::Failed, "failed for another reason (" + instance.error().to_string() + "), expected: " + command.text};
  return {Outcome::Passed, instance.error().to_string()};
}

// `assert_malformed` and `assert_invalid`: the module must be rejected. Which of decoding or
// validation rejects it is not checked: where the line between them falls is partly an
// implementation choice, and the error texts are not standardised.
CommandResult run_assert_rejected(const Command& command, ScriptState& state) {
  ModuleBytes file = module_bytes(command, state);
  if (file.rejected_as_text && command.kind == text::WastCommandKind::AssertMalformed) return {Outcome::Passed, "rejected (" + file.problem + "), expected: " + command.text};
  if (!file.problem.empty()) return {Outcome::Failed, file.problem};
  auto module = decode_and_validate(file.bytes);
  if (module.ok()) {
    return {Outcome::Failed, "module was accepted but should be rejected: " + command.text};
  }
  return {Outcome::Passed, "rejected (" + module.error().to_string() + "), expected: " + command.text};
}

// (module instance $i $d?): the definition instantiated, as a module command would.
CommandResult run_module_instance(const Command& command, ScriptState& state) {
  const text::WastModule* definition = state.last_definition ? &*state.last_definition : nullptr;
  if (command.registered_module) {
    auto found = state.definitions.find(*command.registered_module);
    definition = found == state.definitions.end() ? nullptr : &found->second;
  }
  if (!definition) return {Outcome::Failed, "no module definition to instantiate"};
  auto instance = state.execution->instantiate(definition->bytes, command.module.name.value_or(""));
  if (!instance.ok()) return {Outcome::Failed, instance.error().to_string()};
  return {Outcome::Passed, {}};
}

const std::map<std::string_view, CommandHandler>& handlers() {
  static const std::map<std::string_view, CommandHandler> by_type = {
      {"module", &run_module},
      {"assert_malformed", &run_assert_rejected},
      {"assert_invalid", &run_assert_rejected},
      {"action", &run_action},
      {"assert_return", &run_assert_return},
      {"assert_trap", &run_assert_trap},
      {"assert_exhaustion", &run_assert_trap},
      {"register", &run_register},
      {"assert_unlinkable", &run_assert_instantiation_fails},
      {"assert_uninstantiable", &run_assert_instantiation_fails},
      {"module_instance", &run_module_instance},
  };
  return by_type;
}

bool has_action(text::WastCommandKind kind) {
  using K = text::WastCommandKind;
  return kind == K::Action || kind == K::AssertReturn || kind == K::AssertTrap || kind == K::AssertExhaustion ||
         kind == K::AssertException;
}

// A module that imports from a name a skipped module was registered as cannot link either.
std::optional<Feature> imported_from_skipped(const BinaryOutline& outline, const ScriptState& state) {
  for (const std::string& from : outline.imported_modules)
    if (auto found = state.skipped_registered.find(from); found != state.skipped_registered.end()) return found->second;
  return std::nullopt;
}

// A skipped module that would have run (instantiated) could have changed what it imports (a
// memory's or table's contents): the modules it imports from are skipped from then on.
void taint_imported(const BinaryOutline& outline, Feature feature, ScriptState& state) {
  for (const std::string& from : outline.imported_modules) {
    auto source = state.registered_from.find(from);
    if (source == state.registered_from.end()) continue;
    state.skipped_modules[source->second] = feature;
    if (state.current_name == source->second) state.current_skipped = feature;
  }
}

}  // namespace

std::optional<Feature> skip_for_feature(const Command& command, ScriptState& state) {
  using K = text::WastCommandKind;
  if (command.kind == K::AssertException) return Feature::Exceptions;
  for (const text::WastValue& value : command.action.args)
    if (auto feature = value.feature()) return feature;
  for (const text::WastValue& value : command.expected)
    if (auto feature = value.feature()) return feature;
  if (has_action(command.kind)) {
    if (!command.action.module) return state.current_skipped;
    auto found = state.skipped_modules.find(*command.action.module);
    return found == state.skipped_modules.end() ? std::nullopt : std::optional(found->second);
  }
  if (command.kind == K::Register) {
    std::optional<Feature> feature = state.current_skipped;
    if (command.registered_module) {
      auto found = state.skipped_modules.find(*command.registered_module);
      feature = found == state.skipped_modules.end() ? std::nullopt : std::optional(found->second);
    }
    if (feature) state.skipped_registered[command.text] = *feature;
    else state.skipped_registered.erase(command.text);
    if (std::optional<std::string> from = command.registered_module ? command.registered_module : state.current_name)
      state.registered_from[command.text] = *from;
    else
      state.registered_from.erase(command.text);
    return feature;
  }
  const text::WastModule* module = &command.module;
  if (command.kind == K::ModuleInstance) {
    module = state.last_definition ? &*state.last_definition : nullptr;
    if (command.registered_module) {
      auto found = state.definitions.find(*command.registered_module);
      module = found == state.definitions.end() ? nullptr : &found->second;
    }
    if (!module) return std::nullopt;  // the handler reports it
  }
  const BinaryOutline outline = module->error ? BinaryOutline{} : outline_binary(module->bytes);
  const Features features{module->features.bits | outline.features.bits};
  std::optional<Feature> feature;
  if (features.any()) feature = features.first();
  else feature = imported_from_skipped(outline, state);
  const bool instantiates =
      command.kind == K::ModuleInstance || command.kind == K::AssertUninstantiable || (command.kind == K::Module && !module->definition);
  if (feature && instantiates) taint_imported(outline, *feature, state);
  // A module that becomes the current one (or a named one) passes its state on to the actions.
  if (command.kind == K::ModuleInstance || (command.kind == K::Module && !module->definition)) {
    state.current_skipped = feature;
    state.current_name = command.module.name;
    if (command.module.name) {
      if (feature) state.skipped_modules[*command.module.name] = *feature;
      else state.skipped_modules.erase(*command.module.name);
    }
  }
  if (command.kind == K::Module && module->definition) {  // kept, skipped or not, for its instances
    if (command.module.name) state.definitions[*command.module.name] = *module;
    state.last_definition = *module;
  }
  return feature;
}

std::span<const std::string_view> all_command_types() { return kCommandTypes; }

bool is_execution_type(std::string_view type) {
  return type != "module" && type != "assert_malformed" && type != "assert_invalid";
}

bool is_command_type(std::string_view type) {
  return std::find(kCommandTypes.begin(), kCommandTypes.end(), type) != kCommandTypes.end();
}

CommandHandler find_handler(std::string_view type) {
  auto found = handlers().find(type);
  return found == handlers().end() ? nullptr : found->second;
}

}  // namespace wasmprof::spectest
