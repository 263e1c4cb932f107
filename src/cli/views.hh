// `wasmprof report`, `convert` and `flamegraph`: a written profile viewed without a browser.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "profile/data/profile_data.hh"

namespace wasmprof::cli {

struct ReportCommand {
  std::string profile;
  size_t top = 20;
  bool tree = false;
  bool lines = false;  // per source line rather than per function
  // An annotated listing of one function instead of the table: its wasm instructions (read from
  // `module`, which must be the profiled module) or its source (read from under `source_roots`,
  // or where the DWARF says when none is given), with the samples of each.
  std::optional<std::string> asm_function;
  std::optional<std::string> source_function;
  std::optional<std::string> module;
  std::vector<std::string> source_roots;
};

struct ConvertCommand {
  std::string profile;
  std::string to;                     // one of kConvertFormats
  std::optional<std::string> output;  // default: stdout
};

// The formats `convert --to` knows, for the help text and the error message.
inline constexpr const char* kConvertFormats = "collapsed, pprof, cpuprofile, speedscope";

struct FlamegraphCommand {
  std::string profile;
  std::string output;  // the .svg to write
  std::string title;   // empty: "Flame graph of <profile name>"
  uint32_t width = 1200;
};

// A written profile (gzipped or not) as read, and what it holds. Anything else is refused on
// `err` with the reason: "cannot open P: No such file or directory", "P: not a processed
// profile ...".
struct LoadedProfile {
  std::string bytes;
  profile::ProfileData data;
};
std::optional<LoadedProfile> load_profile(const std::string& path, std::ostream& err);

int report_command(const ReportCommand& command, std::ostream& out, std::ostream& err);
int convert_command(const ConvertCommand& command, std::ostream& out, std::ostream& err);
int flamegraph_command(const FlamegraphCommand& command, std::ostream& err);

}  // namespace wasmprof::cli
