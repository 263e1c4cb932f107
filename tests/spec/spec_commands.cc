#include "spec_commands.hh"

#include <algorithm>
#include <array>
#include <map>

#include "binary/decoder.hh"
#include "file_bytes.hh"
#include "spec_values.hh"
#include <stdexcept>
#include "valid/validator.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::spectest {

namespace {

constexpr std::array<std::string_view, 10> kCommandTypes = {
    "module",           "register",         "action",          "assert_return",
    "assert_trap",      "assert_exhaustion", "assert_malformed", "assert_invalid",
    "assert_unlinkable", "assert_uninstantiable",
};

// Reading the file is the runner's business, not the module's: a missing file must fail the
// command even where a rejected module would pass it.
struct ModuleFile {
  std::vector<uint8_t> bytes;
  std::string problem;  // why the bytes could not be had; empty on success
  bool rejected_as_text = false;  // a text module the text parser rejected (problem says why)
};

// A text module (wast2json writes a `module quote`'s text to a .wat file) is parsed to binary
// here, so everything after sees bytes as for any other module.
ModuleFile read_module_file(const Command& command, const ScriptState& state) {
  if (command.filename.empty()) return {{}, "the command names no module file"};
  auto bytes = read_file_bytes(state.directory / command.filename);
  if (!bytes.ok()) return {{}, bytes.error().to_string()};
  if (!command.is_text_module()) return {std::move(bytes.value()), {}};
  const std::string text(bytes->begin(), bytes->end());
  auto binary = wat_to_binary(text);
  if (!binary.ok()) return {{}, format_text_error(command.filename, text, binary.error()), true};
  return {std::move(binary.value()), {}};
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
  ModuleFile file = read_module_file(command, state);
  if (!file.problem.empty()) return {Outcome::Failed, file.problem};
  if (state.execution) {
    auto instance = state.execution->instantiate(file.bytes, command.name);
    if (!instance.ok()) return {Outcome::Failed, instance.error().to_string()};
    return {Outcome::Passed, {}};
  }
  auto module = decode_and_validate(file.bytes);
  if (!module.ok()) return {Outcome::Failed, module.error().to_string()};
  return {Outcome::Passed, {}};
}

std::string member_string(const rapidjson::Value& object, const char* name) {
  auto found = object.FindMember(name);
  if (found == object.MemberEnd() || !found->value.IsString()) return {};
  return {found->value.GetString(), found->value.GetStringLength()};
}

const rapidjson::Value& action_of(const Command& command) {
  auto found = command.json->FindMember("action");
  if (found == command.json->MemberEnd() || !found->value.IsObject()) throw std::runtime_error("command without an action");
  return found->value;
}

// Runs the command's action; on success compares results with "expected" when asked to.
CommandResult run_action_command(const Command& command, ScriptState& state, bool check_results) {
  ActionResult result = state.execution->perform(action_of(command));
  if (!result.ran) return {Outcome::Failed, result.problem};
  if (result.trap != exec::TrapKind::None)
    return {Outcome::Failed, std::string("trapped: ") + exec::trap_message(result.trap)};
  if (!check_results) return {Outcome::Passed, {}};
  auto expected = command.json->FindMember("expected");
  if (expected == command.json->MemberEnd() || !expected->value.IsArray())
    return {Outcome::Failed, "assert_return without \"expected\""};
  size_t index = 0;
  std::string detail;
  for (rapidjson::SizeType i = 0; i < expected->value.Size(); ++i)
    if (!result_matches(expected->value[i], result.results, index, detail))
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
  ActionResult result = state.execution->perform(action_of(command));
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
  if (!state.execution->register_module(member_string(*command.json, "as"), command.name, problem))
    return {Outcome::Failed, problem};
  return {Outcome::Passed, {}};
}

// assert_unlinkable and assert_uninstantiable: instantiation must fail, for the right reason.
CommandResult run_assert_instantiation_fails(const Command& command, ScriptState& state) {
  ModuleFile file = read_module_file(command, state);
  if (!file.problem.empty()) return {Outcome::Failed, file.problem};
  auto instance = state.execution->instantiate(file.bytes, {});
  if (instance.ok()) return {Outcome::Failed, "instantiated, expected failure: " + command.text};
  const ErrorKind wanted = command.type == "assert_unlinkable" ? ErrorKind::Link : ErrorKind::Trap;
  if (instance.error().kind != wanted)
    return {Outcome::Failed, "failed for another reason (" + instance.error().to_string() + "), expected: " + command.text};
  return {Outcome::Passed, instance.error().to_string()};
}

// `assert_malformed` and `assert_invalid`: the module must be rejected. Which of decoding or
// validation rejects it is not checked: where the line between them falls is partly an
// implementation choice, and the error texts are not standardised.
CommandResult run_assert_rejected(const Command& command, ScriptState& state) {
  ModuleFile file = read_module_file(command, state);
  if (file.rejected_as_text) return {Outcome::Passed, "rejected (" + file.problem + "), expected: " + command.text};
  if (!file.problem.empty()) return {Outcome::Failed, file.problem};
  auto module = decode_and_validate(file.bytes);
  if (module.ok()) {
    return {Outcome::Failed, "module was accepted but should be rejected: " + command.text};
  }
  return {Outcome::Passed, "rejected (" + module.error().to_string() + "), expected: " + command.text};
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
  };
  return by_type;
}

}  // namespace

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
