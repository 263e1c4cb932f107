#include "cli_options.hh"

#include <string_view>

#include "spec_commands.hh"

namespace wasmprof::spectest {

namespace {

// "--only=module,assert_invalid": rejects unknown names so a typo cannot silently select nothing.
void add_only_types(std::string_view list, Options& options) {
  if (list.empty()) throw UsageError("--only needs at least one command type");
  while (true) {
    size_t comma = list.find(',');
    std::string_view type = list.substr(0, comma);
    if (!is_command_type(type)) throw UsageError("unknown command type in --only: '" + std::string(type) + "'");
    options.only_types.emplace(type);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

Options parse_options(std::span<const char* const> arguments) {
  Options options;
  std::vector<std::string_view> positional;
  bool options_ended = false;
  for (std::string_view argument : arguments) {
    if (options_ended || !argument.starts_with("-") || argument == "-") {
      positional.push_back(argument);
    } else if (argument == "--") {
      options_ended = true;
    } else if (argument == "--help" || argument == "-h") {
      options.help = true;
    } else if (argument == "--verbose" || argument == "-v") {
      options.verbose = true;
    } else if (argument == "--instrument") {
      options.instrument = true;
    } else if (argument == "--compiled") {
      options.compiled = true;
    } else if (argument == "--tiered") {
      options.tiered = true;
    } else if (argument == "--parse-only") {
      options.parse_only = true;
    } else if (argument == "--spec=3.0") {
      options.spec_3_0 = true;
    } else if (argument == "--spec=2.0") {
      options.spec_3_0 = false;
    } else if (argument.starts_with("--only=")) {
      add_only_types(argument.substr(7), options);
    } else {
      throw UsageError("unknown option '" + std::string(argument) + "'");
    }
  }
  if (options.help) return options;
  if (positional.empty()) throw UsageError("missing DIR, the folder of the suite's .wast scripts");
  options.suite_dir = positional.front();
  options.scripts.assign(positional.begin() + 1, positional.end());
  return options;
}

std::string usage_line() { return "usage: wasmprof-spectest [--only=TYPE,TYPE...] [--verbose] [--instrument] [--compiled|--tiered] [--parse-only] [--spec=2.0|3.0] DIR [NAME...] | FILE.wast...\n"; }

std::string help_text() {
  std::string text = usage_line() +
      "Runs the spec test scripts in DIR (its NAME.wast files, sorted by name), or only the ones\n"
      "NAMEd (\"binary.wast\" or \"binary\"), or the .wast FILEs given by their paths.\n"
      "  --only=TYPES  run only these command types; the others are not counted\n"
      "  --verbose     list every command run, not only the failures\n"
      "  --instrument  compile with epoch checks and fuel metering (neither ever fires), to\n"
      "                show the instrumentation does not change what code computes\n"
      "  --compiled    run every function the compiling tier handles as machine code (the\n"
      "                rest in the interpreter)\n"
      "  --tiered      start every function in the interpreter and compile it on a background\n"
      "                thread after its first call: both tiers, switching while tests run\n"
      "  --spec=3.0    the scripts are WebAssembly 3.0's: a command about a module that uses a\n"
      "                proposal 3.0 adds (tail calls, gc, ...) is skipped, counted by proposal;\n"
      "                with 2.0 (the default) it runs, and 2.0 rejects such modules\n"
      "  --parse-only  only read the scripts (the WAST reader, every module parsed to binary)\n"
      "                and print how fast, in MB of script text per second\n"
      "Scripts are read by the text layer's WAST reader (text/wast.hh), every module parsed to\n"
      "binary first; command types not supported yet are counted, not run.\n"
      "Command types:";
  for (std::string_view type : all_command_types()) {
    text += ' ';
    text += type;
  }
  return text + "\nExit status: 0 if nothing failed and something passed, 1 otherwise, 2 for usage errors.\n";
}

}  // namespace wasmprof::spectest
