// The wasmprof command line.
#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <set>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/inspect.hh"
#include "cli/run.hh"
#include "cli/view_server.hh"
#include "cli/views.hh"

namespace {

constexpr const char* kExitStatuses =
    "Exit status of run: the guest's proc_exit code if it called proc_exit; otherwise 0 when it\n"
    "returned, 1 when the file, module, imports or profile could not be handled, 2 for bad\n"
    "options, 134 when the guest trapped, 130 when SIGINT or SIGTERM stopped it.";

// `wasmprof FILE.wasm ...` means `wasmprof run FILE.wasm ...`, as with wasmtime.
std::vector<std::string> with_implicit_run(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (!arguments.empty()) {
    const std::string_view first = arguments.front();
    const bool subcommand = first == "run" || first == "inspect" || first == "report" || first == "convert" ||
                            first == "flamegraph" || first == "view";
    const bool top_level_flag = first == "-h" || first == "--help" || first == "--version";
    if (!subcommand && !top_level_flag) arguments.insert(arguments.begin(), "run");
  }
  return arguments;
}

// Splits `run ...` at the guest's file: what follows it belongs to the guest, even what looks
// like an option (as with wasmtime run). Options before it that take a separate value are
// known, so their values are not mistaken for the file.
std::vector<std::string> take_guest_arguments(std::vector<std::string>& arguments) {
  static const std::set<std::string_view> kTakesValue = {"--invoke", "--dir", "--env", "--fuel",
                                                         "--max-call-depth", "--max-memory"};
  if (arguments.empty() || arguments.front() != "run") return {};
  for (size_t i = 1; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--") {
      arguments.erase(arguments.begin() + long(i));
      if (i >= arguments.size()) return {};
    } else if (argument.starts_with("-")) {
      if (kTakesValue.contains(argument)) ++i;
      continue;
    }
    // arguments[i] is the file.
    std::vector<std::string> guest(arguments.begin() + long(i) + 1, arguments.end());
    arguments.resize(i + 1);
    return guest;
  }
  return {};
}

}  // namespace

namespace {

int run_main(int argc, char** argv) {
  CLI::App app{"wasmprof: a WebAssembly runtime and guest profiler"};
  app.set_version_flag("--version", "wasmprof 0.1.0");
  app.require_subcommand(1);
  app.footer(kExitStatuses);

  std::string inspect_path;
  CLI::App* inspect = app.add_subcommand("inspect", "Decode and validate a module and summarise it");
  inspect->add_option("FILE", inspect_path, "the .wasm file")->required();

  wasmprof::cli::ReportCommand report_options;
  CLI::App* report = app.add_subcommand("report", "Print where a written profile's time went, like perf report");
  report->add_option("PROFILE", report_options.profile, "a profile written by wasmprof run --profile (.json or .json.gz)")
      ->required();
  report->add_option("--top", report_options.top, "rows of the table (default 20)");
  report->add_flag("--tree", report_options.tree, "print the call tree (total and self share per node)");
  report->add_flag("--lines", report_options.lines,
                   "per source line (file:line and function) rather than per function; needs a guest with DWARF (-g)");

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

  wasmprof::cli::RunOptions options;
  std::string profile_text, fuel_text, memory_text;
  uint32_t max_call_depth = 0;
  CLI::App* run = app.add_subcommand("run",
                                     "Run a WASI program (or --invoke an export), optionally profiling it.\n"
                                     "Usage: wasmprof run [OPTIONS] FILE [ARGS...]; ARGS go to the guest (or to --invoke).");
  run->add_option("FILE", options.wasm_file, "the .wasm file")->required();
  run->add_option("--invoke", options.invoke, "call this export with ARGS instead of _start, and print its results");
  // One value per occurrence, so a list option never swallows the file that follows it.
  run->add_option("--dir", options.dirs, "give the guest a host directory: HOST[::GUEST] (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--env", options.envs,
                  "set a guest environment variable: NAME=VALUE, or NAME to pass the host's (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--fuel", fuel_text, "stop the guest after this many units of fuel (about one per instruction)");
  run->add_flag("--trap-unknown-imports", options.trap_unknown_imports,
                "link imports nothing defines to functions that trap when called");
  run->add_option("--max-call-depth", max_call_depth, "deepest wasm call nesting (default 10000)");
  run->add_option("--max-memory", memory_text, "largest linear memory, e.g. 256MiB");
  run->add_option("--profile", profile_text,
                  "profile the guest: guest[,PATH[,INTERVAL[,precise|epoch]]] (default PATH\n"
                  "wasmprof-guest-profile.json, INTERVAL 10ms, precise sampling)")
      ->expected(0, 1)
      ->default_str("guest");
  bool profile_allocations = false;
  run->add_flag("--profile-alloc", profile_allocations,
                "with --profile: also record every call of the guest's malloc, calloc, realloc, free,\n"
                "aligned_alloc and posix_memalign (size, address, stack) for the profiler's\n"
                "native allocations and retained memory views; slows allocation-heavy guests");

  std::vector<std::string> arguments = with_implicit_run(argc, argv);
  options.guest_args = take_guest_arguments(arguments);
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : wasmprof::cli::kExitUsage;
  }
  if (inspect->parsed()) return wasmprof::cli::inspect_file(inspect_path, std::cout, std::cerr);
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
  if (profile_allocations) {
    if (!options.profile) return usage_error("--profile-alloc needs --profile");
    options.profile->allocations = true;
  }
  if (!fuel_text.empty()) {
    auto fuel = wasmprof::cli::parse_size(fuel_text);
    if (!fuel) return usage_error("invalid --fuel '" + fuel_text + "'");
    options.fuel = fuel.value();
  }
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
  // What the views print goes to standard output: a full disk or a closed pipe is an error too.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "wasmprof: error: cannot write to standard output: " << std::strerror(errno) << "\n";
    if (status == wasmprof::cli::kExitOk) status = wasmprof::cli::kExitError;
  }
  return status;
}
