// The wasmprof command line.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/inspect.hh"

int main(int argc, char** argv) {
  CLI::App app{"wasmprof: a WebAssembly runtime and guest profiler"};
  app.set_version_flag("--version", "wasmprof 0.1.0");
  app.require_subcommand(1);

  std::string inspect_path;
  CLI::App* inspect = app.add_subcommand("inspect", "Decode and validate a module and summarise it");
  inspect->add_option("FILE", inspect_path, "the .wasm file")->required();

  CLI11_PARSE(app, argc, argv);
  if (inspect->parsed()) return wasmprof::cli::inspect_file(inspect_path, std::cout, std::cerr);
  return 2;
}
