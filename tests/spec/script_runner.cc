#include "script_runner.hh"

#include <exception>

namespace wasmprof::spectest {

namespace {

// A bug in the library under test must cost one failed command, not the whole run.
CommandResult run_guarded(CommandHandler handler, const Command& command, ScriptState& state) {
  try {
    return handler(command, state);
  } catch (const std::exception& exception) {
    return {Outcome::Failed, std::string("exception thrown: ") + exception.what()};
  } catch (...) {
    return {Outcome::Failed, "unknown exception thrown"};
  }
}

void record(ScriptReport& report, const Command& command, CommandResult result, bool list_every_command) {
  switch (result.outcome) {
    case Outcome::Passed: ++report.tally.passed; break;
    case Outcome::Failed: ++report.tally.failed; break;
    case Outcome::Skipped: ++report.tally.skipped; break;
  }
  if (result.outcome == Outcome::Failed || list_every_command) {
    report.listed.push_back({command.line, std::string(text::command_name(command.kind)), result.outcome, std::move(result.detail)});
  }
}

}  // namespace

Tally& Tally::operator+=(const Tally& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  for (const auto& [feature, count] : other.skipped_by_feature) skipped_by_feature[feature] += count;
  unsupported += other.unsupported;
  machine_code_functions += other.machine_code_functions;
  interpreted_functions += other.interpreted_functions;
  return *this;
}

ScriptReport run_script(const Script& script, const RunOptions& options) {
  ScriptReport report;
  ScriptState state;  // assigned member by member: execution support will add more of them
  state.script = &script;
  bool execute = options.only_types.empty();
  for (const std::string& type : options.only_types) execute = execute || is_execution_type(type);
  if (execute) state.execution = std::make_unique<Execution>(options.instrument, options.compiled ? Strategy::Compiled : options.tiered ? Strategy::Tiered : Strategy::Interpreter);
  for (const Command& command : script.commands) {
    const std::string_view type = text::command_name(command.kind);
    if (!options.only_types.empty() && !options.only_types.contains(type)) continue;
    if (std::optional<Feature> feature = options.spec_3_0 ? skip_for_feature(command, state) : std::nullopt) {
      const std::string name(feature_name(*feature));
      ++report.tally.skipped_by_feature[name];
      record(report, command, {Outcome::Skipped, "uses " + name}, options.list_every_command);
      continue;
    }
    CommandHandler handler = find_handler(type);
    if (handler == nullptr) {
      ++report.tally.unsupported;
      continue;
    }
    record(report, command, run_guarded(handler, command, state), options.list_every_command);
  }
  if (state.execution) state.execution->count_entered_functions(report.tally.machine_code_functions, report.tally.interpreted_functions);
  return report;
}

}  // namespace wasmprof::spectest
