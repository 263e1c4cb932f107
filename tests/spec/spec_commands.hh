// What each spec command type means to wasmprof, one handler per type. Types without a handler
// are not supported yet: the runner counts them but does not run them. Execution support adds a
// handler for assert_return, assert_trap, ... to the dispatch map in spec_commands.cc.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wast_script.hh"
#include "spec_execution.hh"

namespace wasmprof::spectest {

enum class Outcome { Passed, Failed, Skipped };

struct CommandResult {
  Outcome outcome = Outcome::Failed;
  // Why it failed; for passes and skips, what happened (shown with --verbose).
  std::string detail;
};

// What the commands of one script share as they run in order.
struct ScriptState {
  const Script* script = nullptr;  // whose commands run
  // Present when execution commands are run: then module commands also instantiate, so later
  // commands can invoke them. Without it, modules are only decoded and validated.
  std::unique_ptr<Execution> execution;
  // `module definition`s by name (and the last one), for `module instance` to instantiate.
  std::map<std::string, text::WastModule, std::less<>> definitions;
  std::optional<text::WastModule> last_definition;
  // Modules skipped for a 3.0 proposal they use: the commands about them are skipped alike.
  std::optional<Feature> current_skipped;  // the current module's
  std::map<std::string, Feature, std::less<>> skipped_modules;     // by `$name`
  std::map<std::string, Feature, std::less<>> skipped_registered;  // by registered name
  std::optional<std::string> current_name;                              // the current module's `$name`
  std::map<std::string, std::string, std::less<>> registered_from;     // registered name -> `$name`
};

// The 3.0 proposal that keeps a command from running on 2.0's runtime, if any: its module's (or
// that of the module it acts on, or imports from), its values', or its kind's (assert_exception).
// Records what later commands need to know of skipped modules.
std::optional<Feature> skip_for_feature(const Command& command, ScriptState& state);

using CommandHandler = CommandResult (*)(const Command& command, ScriptState& state);

// Every command type of a script, as wast2json names them; --only accepts exactly these.
std::span<const std::string_view> all_command_types();
bool is_command_type(std::string_view type);

// Whether commands of this type need modules to be instantiated.
bool is_execution_type(std::string_view type);

// The handler of `type`, or null when that type is not supported yet.
CommandHandler find_handler(std::string_view type);

}  // namespace wasmprof::spectest
