// The text a run prints. The last line is always "N passed, N failed", so scripts and CI can
// read the result with `tail -n 1`.
#pragma once

#include <ostream>
#include <string>

#include "script_runner.hh"

namespace wasmprof::spectest {

// "binary.wast: 40 passed, 0 failed, 3 skipped", then one line per listed command.
void print_script_report(std::ostream& out, const Script& script, const ScriptReport& report);

// A script that could not be loaded; the run counts it as one failure.
void print_script_error(std::ostream& out, const std::string& script_name, const std::string& message);

// The line on skipped and unsupported commands, the functions entered by the code they ran, then
// the final "N passed, N failed".
void print_totals(std::ostream& out, const Tally& total, size_t script_count);

}  // namespace wasmprof::spectest
