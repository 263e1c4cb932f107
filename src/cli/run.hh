// `wasmprof run`: runs a WASI command (or invokes an export), optionally under the guest
// profiler, shaped like `wasmtime run`.
#pragma once

#include <ostream>

#include "cli/run_options.hh"

namespace wasmprof::cli {

// Exit statuses of `wasmprof run` (also listed in --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;      // the file, module, link or profile could not be handled
inline constexpr int kExitUsage = 2;      // bad options
inline constexpr int kExitTrap = 134;     // the guest trapped (as Wasmtime: 128 + SIGABRT)
inline constexpr int kExitSigint = 130;   // stopped by SIGINT (128 + 2, as a shell reports it)
inline constexpr int kExitSigterm = 143;  // stopped by SIGTERM (128 + 15)

// Returns the exit status: the guest's proc_exit code if it called proc_exit, else one above.
int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

// Flushes `out`, where the commands print what they were asked for: a full disk or a closed pipe
// is an error too (reported on `err`). Returns `status`, or kExitError if it was kExitOk and
// `out` failed.
int finish_output(int status, std::ostream& out, std::ostream& err);

}  // namespace wasmprof::cli
