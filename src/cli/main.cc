// The wasmprof command line.
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/inspect.hh"
#include "cli/print.hh"
#include "cli/run.hh"
#include "cli/view_server.hh"
#include "cli/views.hh"

namespace {

constexpr std::string_view kSubcommands[] = {"run",     "inspect",    "print", "report",
                                             "convert", "flamegraph", "view",  "help"};

bool is_subcommand(std::string_view word) {
  return std::find(std::begin(kSubcommands), std::end(kSubcommands), word) != std::end(kSubcommands);
}

// Levenshtein distance, for "did you mean".
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The subcommand `word` is probably a typo of: a bare word (no path, no extension) that is no
// file and is at most two edits from a subcommand's name.
std::optional<std::string_view> mistyped_subcommand(const std::string& word) {
  if (word.find_first_of("/.") != std::string::npos || is_subcommand(word) || ::access(word.c_str(), F_OK) == 0) return std::nullopt;
  for (std::string_view name : kSubcommands)
    if (edit_distance(word, name) <= (name.size() > 3 ? 2u : 1u)) return name;
  return std::nullopt;
}

constexpr const char* kExitStatuses =
    "Exit status of run: the guest's proc_exit code if it called proc_exit; otherwise 0 when it\n"
    "returned, 1 when the file, module, imports or profile could not be handled, 2 for bad\n"
    "options, 134 when the guest trapped or -W timeout stopped it, 130 when SIGINT stopped it and\n"
    "143 when SIGTERM did (the profile is still written; a second signal ends wasmprof at once,\n"
    "without it).";

// `wasmprof FILE.wasm ...` means `wasmprof run FILE.wasm ...`, as with wasmtime.
std::vector<std::string> with_implicit_run(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (!arguments.empty()) {
    const std::string_view first = arguments.front();
    const bool top_level_flag = first == "-h" || first == "--help" || first == "--version";
    if (!is_subcommand(first) && !top_level_flag) arguments.insert(arguments.begin(), "run");
  }
  return arguments;
}

// `--profile` may have its value after a space, as in wasmtime (`--profile guest,out.json`), or
// none (guest profiling with the defaults); the value is told from the guest's file by its
// strategy name. Either way it becomes `--profile=VALUE`, which the parser takes unambiguously.
void join_profile_value(std::vector<std::string>& arguments, size_t at) {
  static constexpr std::string_view kStrategies[] = {"guest", "native", "perfmap", "jitdump", "vtune", "pulley"};
  if (at + 1 < arguments.size()) {
    const std::string_view next = arguments[at + 1];
    for (std::string_view strategy : kStrategies) {
      if (next == strategy || next.starts_with(std::string(strategy) + ",")) {
        arguments[at] = "--profile=" + arguments[at + 1];
        arguments.erase(arguments.begin() + long(at) + 1);
        return;
      }
    }
  }
  arguments[at] = "--profile=guest";
}

// One Usage line per help page: run's names the guest's arguments that follow its file.
class Formatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    if (app->get_name() == "run") return "Usage: " + name + " [OPTIONS] FILE [ARGS...]\n";
    return CLI::Formatter::make_usage(app, name);
  }
};

// Splits `run ...` at the guest's file: what follows it belongs to the guest, even what looks
// like an option (as with wasmtime run). Options before it that take a separate value are
// known, so their values are not mistaken for the file.
std::vector<std::string> take_guest_arguments(std::vector<std::string>& arguments) {
  static const std::set<std::string_view> kTakesValue = {"--invoke",         "--dir",        "--env", "--fuel",
                                                         "--max-call-depth", "--max-memory", "--argv0", "-W", "-S", "-C"};
  if (arguments.empty() || arguments.front() != "run") return {};
  for (size_t i = 1; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--") {
      arguments.erase(arguments.begin() + long(i));
      if (i >= arguments.size()) return {};
    } else if (argument.starts_with("-")) {
      if (kTakesValue.contains(argument)) ++i;
      if (argument == "--profile") join_profile_value(arguments, i);
      // Its folder comes only after '=': bare, the next word is the file, not the folder.
      if (argument == "--embed-sources") arguments[i] = "--embed-sources=.";
      continue;
    }
    // arguments[i] is the file.
    std::vector<std::string> guest(arguments.begin() + long(i) + 1, arguments.end());
    arguments.resize(i + 1);
    return guest;
  }
  return {};
}

// `wasmprof help [SUBCOMMAND]`, as `wasmprof [SUBCOMMAND] --help`.
int help_command(const CLI::App& app, const std::vector<std::string>& arguments) {
  if (arguments.size() == 1 || arguments[1] == "-h" || arguments[1] == "--help") {
    std::cout << app.help();
    return 0;
  }
  const std::string& name = arguments[1];
  if (arguments.size() > 2 || name == "help" || !is_subcommand(name)) {
    std::cerr << "wasmprof: error: no help for '" << name << "'; the subcommands are run, inspect, print, report,\n"
              << "convert, flamegraph and view\n";
    return wasmprof::cli::kExitUsage;
  }
  std::cout << app.get_subcommand(name)->help(app.get_name());
  return 0;
}

int run_main(int argc, char** argv) {
  CLI::App app{"wasmprof: a WebAssembly runtime and guest profiler", "wasmprof"};
  app.formatter(std::make_shared<Formatter>());
  app.set_version_flag("--version", "wasmprof 0.1.0");
  app.require_subcommand(1);
  app.footer(kExitStatuses);

  app.add_subcommand("help", "Print this help, or a subcommand's (wasmprof help run)");

  std::string inspect_path;
  CLI::App* inspect = app.add_subcommand("inspect", "Decode and validate a module and summarise it");
  inspect->add_option("FILE", inspect_path, "the module: a .wasm file, or text (.wat)")->required();

  wasmprof::cli::PrintCommand print_options;
  CLI::App* print = app.add_subcommand("print", "Print a module as WebAssembly text (.wat), like wasm-tools print");
  print->add_option("FILE", print_options.file, "the module: a .wasm file, or text (.wat: parsed, then printed)")
      ->required();
  print->add_flag("--folded", print_options.folded,
                  "fold instructions into S-expressions, (i32.add (local.get 0) (i32.const 1)),\n"
                  "rather than one per line");
  print->add_option("-o,--output", print_options.output, "write here instead of to standard output");

  wasmprof::cli::ReportCommand report_options;
  CLI::App* report = app.add_subcommand("report", "Print where a written profile's time went, like perf report");
  report->add_option("PROFILE", report_options.profile, "a profile written by wasmprof run --profile (.json or .json.gz)")
      ->required();
  report->add_option("--top", report_options.top, "rows of the table (default 20)");
  report->add_flag("--tree", report_options.tree, "print the call tree (total and self share per node)");
  report->add_flag("--lines", report_options.lines,
                   "per source line (file:line and function) rather than per function; needs a guest with DWARF (-g)");
  report->add_option("--asm", report_options.asm_function,
                     "FUNCTION's wasm instructions with the samples of each, like perf annotate (needs --module)");
  report->add_option("--source", report_options.source_function,
                     "FUNCTION's source lines with the samples of each (needs a guest with DWARF)");
  report->add_option("--module", report_options.module, "the profiled module, for --asm");
  report->add_option("--source-root", report_options.source_roots,
                     "a folder the guest's sources are read from, for --source (repeatable)");

  wasmprof::cli::ConvertCommand convert_options;
  CLI::App* convert = app.add_subcommand("convert", "Convert a written profile to another tool's format");
  convert->add_option("PROFILE", convert_options.profile, "a profile written by wasmprof run --profile")->required();
  convert->add_option("--to", convert_options.to,
                      "collapsed: folded stacks for flamegraph.pl and inferno; pprof: gzipped profile.proto for\n"
                      "go tool pprof; cpuprofile: Chrome DevTools and VS Code; speedscope: speedscope.app")
      ->required();
  convert->add_option("-o,--output", convert_options.output, "write here instead of to standard output");

  wasmprof::cli::FlamegraphCommand flamegraph_options;
  CLI::App* flamegraph = app.add_subcommand("flamegraph", "Draw a written profile as an SVG flame graph");
  flamegraph->add_option("PROFILE", flamegraph_options.profile, "a profile written by wasmprof run --profile")->required();
  flamegraph->add_option("-o,--output", flamegraph_options.output, "the .svg file to write")->required();
  flamegraph->add_option("--title", flamegraph_options.title, "the title (default: Flame graph of MODULE)");
  flamegraph->add_option("--width", flamegraph_options.width, "width in pixels (default 1200)");

  wasmprof::cli::ViewCommand view_options;
  CLI::App* view = app.add_subcommand("view", "Serve a written profile on 127.0.0.1 and print a Firefox Profiler link");
  view->add_option("PROFILE", view_options.profile, "a profile written by wasmprof run --profile")->required();
  view->add_option("--port", view_options.port, "the port to listen on (default: any free port)");
  view->add_option("--exit-after", view_options.exit_after, "stop after serving the file this many times");
  view->add_option("--module", view_options.modules,
                   "a profiled module file (matched by its name), whose instructions the assembly view shows\n"
                   "(repeatable)");
  view->add_option("--source-root", view_options.source_roots,
                   "a folder the source view may read the guest's sources from; nothing outside it is served\n"
                   "(repeatable)");

  wasmprof::cli::RunOptions options;
  std::string profile_text, fuel_text, memory_text;
  uint32_t max_call_depth = 0;
  CLI::App* run = app.add_subcommand("run",
                                     "Run a WASI program (or --invoke an export), optionally profiling it;\n"
                                     "the ARGS after FILE go to the guest (or to --invoke).");
  run->add_option("FILE", options.wasm_file, "the module: a .wasm file, or text (.wat)")->required();
  run->add_option("--invoke", options.invoke, "call this export with ARGS instead of _start, and print its results");
  // One value per occurrence, so a list option never swallows the file that follows it.
  run->add_option("--dir", options.dirs, "give the guest a host directory: HOST[::GUEST] (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--env", options.envs,
                  "set a guest environment variable: NAME=VALUE, or NAME to pass the host's (repeatable;\n"
                  "the last value of a NAME wins)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--argv0", options.argv0, "the guest's argv[0] (default: FILE's base name)");
  run->add_option("--fuel", fuel_text,
                  "stop the guest after this many units of fuel (about one per instruction); 500k, 2G, 1T");
  run->add_flag("--trap-unknown-imports", options.trap_unknown_imports,
                "link imports nothing defines to functions that trap when called");
  run->add_option("--max-call-depth", max_call_depth, "deepest wasm call nesting (default 10000)");
  run->add_option("--max-memory", memory_text, "largest linear memory, e.g. 256MiB");
  std::vector<std::string> wasm_options, wasi_options, codegen_options;
  run->add_option("-C", codegen_options,
                  "how code runs: compiler=interpreter (the default: every instruction sampled exactly),\n"
                  "compiler=llvm (x86-64 machine code through LLVM, each function at its first call;\n"
                  "a function it cannot compile stays interpreted; samples are read where a signal\n"
                  "stopped the machine code, inlined functions as frames of their own), or\n"
                  "compiler=tiered (interpreted first, hot functions compiled by llvm on a background\n"
                  "thread) (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("-W", wasm_options,
                  "wasmtime's wasm options that wasmprof has: timeout=DURATION (stop the guest after this\n"
                  "wall-clock time: 30 is seconds, or 1.5s, 100ms, 2m), max-memory-size=SIZE,\n"
                  "max-wasm-stack=SIZE, fuel=N, unknown-imports-trap[=y|n]; KEY=VALUE[,...] (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("-S", wasi_options,
                  "wasmtime's WASI options that wasmprof has: inherit-env[=y|n] (pass the host's whole\n"
                  "environment; --env still wins); there are no sockets (inherit-network) (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--profile", profile_text,
                  "profile the guest: guest[,PATH[,INTERVAL[,precise|epoch]]], after = or a space (default\n"
                  "PATH wasmprof-guest-profile.json, INTERVAL 10ms, precise sampling)")
      ->expected(0, 1)
      ->default_str("guest");
  std::string embed_sources_root;
  run->add_option("--embed-sources", embed_sources_root,
                  "with --profile: put the texts of the guest's source files found under DIR (after =; bare:\n"
                  "the current folder) into the profile, so it shows source with no server; off by default")
      ->type_name("[=DIR]");
  bool profile_allocations = false;
  run->add_flag("--profile-alloc", profile_allocations,
                "with --profile: also record every call of the guest's malloc, calloc, realloc, free,\n"
                "aligned_alloc and posix_memalign (size, address, stack) for the profiler's\n"
                "native allocations and retained memory views; slows allocation-heavy guests");

  std::vector<std::string> arguments = with_implicit_run(argc, argv);
  const bool implicit_run = arguments.size() == size_t(argc);  // with_implicit_run added "run"
  if (implicit_run && !arguments[1].starts_with("-")) {
    // `wasmprof reprot x.json` would run the file "reprot": say what was probably meant.
    if (std::optional<std::string_view> meant = mistyped_subcommand(arguments[1])) {
      std::cerr << "wasmprof: error: unknown subcommand '" << arguments[1] << "'; did you mean '" << *meant << "'?\n"
                << "Run 'wasmprof help' for the subcommands.\n";
      return wasmprof::cli::kExitUsage;
    }
  }
  if (!arguments.empty() && arguments.front() == "help") return help_command(app, arguments);
  options.guest_args = take_guest_arguments(arguments);
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : wasmprof::cli::kExitUsage;
  }
  if (inspect->parsed()) return wasmprof::cli::inspect_file(inspect_path, std::cout, std::cerr);
  if (print->parsed()) return wasmprof::cli::print_command(print_options, std::cout, std::cerr);
  if (report->parsed()) return wasmprof::cli::report_command(report_options, std::cout, std::cerr);
  if (convert->parsed()) return wasmprof::cli::convert_command(convert_options, std::cout, std::cerr);
  if (flamegraph->parsed()) return wasmprof::cli::flamegraph_command(flamegraph_options, std::cerr);
  if (view->parsed()) return wasmprof::cli::view_command(view_options, std::cout, std::cerr);

  auto usage_error = [](const std::string& message) {
    std::cerr << "wasmprof: error: " << message << "\n";
    return wasmprof::cli::kExitUsage;
  };
  if (run->count("--profile") > 0) {
    auto request = wasmprof::cli::parse_profile_request(profile_text.empty() ? "guest" : profile_text);
    if (!request) return usage_error(request.error().message);
    options.profile = request.value();
  }
  if (run->count("--embed-sources") > 0) {
    if (!options.profile) return usage_error("--embed-sources needs --profile");
    options.profile->embed_sources = embed_sources_root;
  }
  if (profile_allocations) {
    if (!options.profile) return usage_error("--profile-alloc needs --profile");
    options.profile->allocations = true;
  }
  if (!fuel_text.empty()) {
    auto fuel = wasmprof::cli::parse_count(fuel_text);
    if (!fuel) return usage_error("invalid --fuel '" + fuel_text + "' (try 1000000, 500k, 2G)");
    options.fuel = fuel.value();
  }
  for (const std::string& option : wasm_options)
    if (auto applied = wasmprof::cli::apply_wasmtime_option('W', option, options); !applied)
      return usage_error(applied.error().message);
  for (const std::string& option : wasi_options)
    if (auto applied = wasmprof::cli::apply_wasmtime_option('S', option, options); !applied)
      return usage_error(applied.error().message);
  for (const std::string& option : codegen_options)
    if (auto applied = wasmprof::cli::apply_wasmtime_option('C', option, options); !applied)
      return usage_error(applied.error().message);
  if (!memory_text.empty()) {
    auto memory = wasmprof::cli::parse_size(memory_text);
    if (!memory) return usage_error(memory.error().message);
    options.max_memory = memory.value();
  }
  if (max_call_depth > 0) options.max_call_depth = max_call_depth;
  return wasmprof::cli::run_command(options, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  int status = wasmprof::cli::kExitError;
  try {
    status = run_main(argc, argv);
  } catch (const std::exception& failure) {
    // Inputs are reported as errors where they are read; this is the net under everything else.
    std::cerr << "wasmprof: error: " << failure.what() << "\n";
    return wasmprof::cli::kExitError;
  }
  return wasmprof::cli::finish_output(status, std::cout, std::cerr);
}
