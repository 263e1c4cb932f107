// The command line of wasmprof-spectest.
#pragma once

#include <filesystem>
#include <functional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace wasmprof::spectest {

// A command line that cannot be acted on; main prints it with the usage and exits with 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::filesystem::path suite_dir;                // the folder of NAME.wast scripts, or a first script
  std::vector<std::string> scripts;               // in the folder: "binary.wast" or "binary"; empty: all
                                                  // after a script: more scripts' paths
  std::set<std::string, std::less<>> only_types;  // --only=...; empty: every type
  bool verbose = false;
  bool instrument = false;  // --instrument
  bool compiled = false;    // --compiled
  bool tiered = false;      // --tiered
  bool parse_only = false;  // --parse-only: read the scripts, time the reading, run nothing
  bool spec_3_0 = false;    // --spec=3.0: skip what needs a proposal 3.0 adds, by proposal
  bool help = false;
};

// `arguments` excludes the program name. Throws UsageError.
Options parse_options(std::span<const char* const> arguments);

// The one-line synopsis, shown after a usage error.
std::string usage_line();
// The synopsis and what every option means, for --help.
std::string help_text();

}  // namespace wasmprof::spectest
