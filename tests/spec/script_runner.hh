// Runs the commands of one script in order and counts what happened.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "wast_script.hh"
#include "spec_commands.hh"

namespace wasmprof::spectest {

struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;      // commands that need a 3.0 proposal (skipped_by_feature says which)
  std::map<std::string, uint64_t> skipped_by_feature;
  uint64_t unsupported = 0;  // command types without a handler yet; not run
  // Defined functions the script's modules entered, by the code they ran: machine code from the
  // compiling tier (--compiled, --tiered) or the interpreter's.
  uint64_t machine_code_functions = 0;
  uint64_t interpreted_functions = 0;

  Tally& operator+=(const Tally& other);
};

// One command's result, as the report lists it.
struct CommandReport {
  uint32_t line = 0;
  std::string type;
  Outcome outcome = Outcome::Failed;
  std::string detail;
};

struct ScriptReport {
  Tally tally;
  std::vector<CommandReport> listed;  // the failures, or every command run when asked for
};

struct RunOptions {
  std::set<std::string, std::less<>> only_types;  // empty: every type
  bool list_every_command = false;                // also list passes and skips
  bool instrument = false;                        // compile with epoch checks and fuel
  bool compiled = false;                          // the compiling tier (Strategy::Compiled)
  bool tiered = false;                            // Strategy::Tiered, hot after one call
  bool spec_3_0 = false;                          // skip commands that need 3.0's proposals
};

ScriptReport run_script(const Script& script, const RunOptions& options);

}  // namespace wasmprof::spectest
