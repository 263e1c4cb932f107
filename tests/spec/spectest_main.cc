// wasmprof-spectest: runs the WebAssembly spec test suite's .wast scripts against wasmprof. See README.md in this folder.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <span>
#include <vector>

#include "cli_options.hh"
#include "file_bytes.hh"
#include "wast_script.hh"
#include "report_output.hh"
#include "script_runner.hh"
#include "script_selection.hh"

namespace wasmprof::spectest {
namespace {

constexpr int kExitSuccess = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// --parse-only: the reader's throughput, script by script and in all. Files are read before the
// clock starts, so only parsing is timed (the lexer, the WAST reader, every module to binary).
// Each module that does not parse (where the script does not expect it malformed) is listed:
// the first of each script, or all with --verbose.
int parse_only(const std::vector<std::filesystem::path>& scripts, bool options_verbose) {
  using Clock = std::chrono::steady_clock;
  const auto mb_per_second = [](size_t bytes, Clock::duration time) {
    return double(bytes) / 1e6 / std::max(std::chrono::duration<double>(time).count(), 1e-9);
  };
  size_t total_bytes = 0;
  size_t failed = 0;
  size_t unparsed_modules = 0;
  Clock::duration total_time{};
  for (const std::filesystem::path& path : scripts) {
    auto bytes = read_file_bytes(path);
    if (!bytes.ok()) {
      print_script_error(std::cout, path.filename().string(), bytes.error().message);
      ++failed;
      continue;
    }
    std::string text(bytes->begin(), bytes->end());
    const Clock::time_point start = Clock::now();
    auto script = read_script(path.filename().string(), std::move(text));
    const Clock::duration time = Clock::now() - start;
    if (!script.ok()) {
      print_script_error(std::cout, path.filename().string(), script.error().message);
      ++failed;
      continue;
    }
    total_bytes += script->text.size();
    total_time += time;
    // A module that does not parse is a parser error unless the script expects it malformed.
    size_t module_errors = 0;
    for (const Command& command : script->commands) {
      if (!command.module.error || command.kind == text::WastCommandKind::AssertMalformed) continue;
      if (module_errors++ == 0 || options_verbose) std::cout << "  " << module_error_text(*script, command.module) << '\n';
    }
    unparsed_modules += module_errors;
    std::printf("%s: %zu bytes, %zu commands, %zu modules not parsed, %.2f ms, %.1f MB/s\n", script->name.c_str(),
                script->text.size(), script->commands.size(), module_errors,
                std::chrono::duration<double, std::milli>(time).count(), mb_per_second(script->text.size(), time));
  }
  std::printf("parsed %zu bytes in %.1f ms: %.1f MB/s; %zu scripts not read, %zu modules not parsed\n", total_bytes,
              std::chrono::duration<double, std::milli>(total_time).count(), mb_per_second(total_bytes, total_time), failed,
              unparsed_modules);
  return failed == 0 && unparsed_modules == 0 ? kExitSuccess : kExitFailure;
}

int run(std::span<const char* const> arguments) {
  Options options;
  std::vector<std::filesystem::path> scripts;
  try {
    options = parse_options(arguments);
    if (options.help) {
      std::cout << help_text();
      return kExitSuccess;
    }
    scripts = select_scripts(options);
    if (options.parse_only) return parse_only(scripts, options.verbose);
  } catch (const UsageError& error) {
    std::cerr << "wasmprof-spectest: " << error.what() << '\n' << usage_line() << "(--help explains the options)\n";
    return kExitUsage;
  }

  RunOptions run_options;
  run_options.only_types = options.only_types;
  run_options.list_every_command = options.verbose;
  run_options.instrument = options.instrument;
  run_options.compiled = options.compiled;
  run_options.tiered = options.tiered;
  run_options.spec_3_0 = options.spec_3_0;
  Tally total;
  for (const std::filesystem::path& path : scripts) {
    auto script = load_script(path);
    if (!script.ok()) {
      // Counted as a failure so that a broken suite file can never make the run pass.
      print_script_error(std::cout, path.filename().string(), script.error().message);
      ++total.failed;
      continue;
    }
    ScriptReport report = run_script(script.value(), run_options);
    print_script_report(std::cout, script.value(), report);
    std::cout.flush();  // progress shows while the next script runs
    total += report.tally;
  }
  print_totals(std::cout, total, scripts.size());

  if (total.failed == 0 && total.passed == 0) {
    std::cerr << "wasmprof-spectest: no command passed: every selected command was skipped or unsupported\n";
  }
  return total.failed == 0 && total.passed > 0 ? kExitSuccess : kExitFailure;
}

}  // namespace
}  // namespace wasmprof::spectest

int main(int argc, char** argv) {
  try {
    const char* const* arguments = argv + 1;  // without the program name
    return wasmprof::spectest::run({arguments, static_cast<size_t>(argc > 0 ? argc - 1 : 0)});
  } catch (const std::exception& exception) {
    // Commands are guarded one by one; this is for the runner's own unexpected failures.
    std::cerr << "wasmprof-spectest: internal error: " << exception.what() << '\n';
    return 1;
  } catch (...) {
    std::cerr << "wasmprof-spectest: internal error: unknown exception\n";
    return 1;
  }
}
