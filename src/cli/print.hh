// `wasmprof print FILE [--folded] [-o OUT]`: a module as WebAssembly text, as `wasm-tools print`.
#pragma once

#include <ostream>
#include <string>

namespace wasmprof::cli {

struct PrintCommand {
  std::string file;    // a .wasm, or text (parsed, then printed)
  std::string output;  // empty: standard output
  bool folded = false;
};

// Returns the exit status: 0 when printed, 1 when the file cannot be read, parsed, decoded or
// written (said on `err`).
int print_command(const PrintCommand& command, std::ostream& out, std::ostream& err);

}  // namespace wasmprof::cli
