#include "cli/views.hh"

#include <algorithm>

#include "cli/profile_output.hh"
#include "cli/run.hh"
#include "profile/views/convert_cpuprofile.hh"
#include "profile/views/convert_pprof.hh"
#include "profile/views/convert_speedscope.hh"
#include "profile/format/firefox_reader.hh"
#include "profile/views/flamegraph.hh"
#include "profile/views/views.hh"
#include "support/read_file.hh"

namespace wasmprof::cli {
namespace {

std::optional<profile::ProfileData> read_profile(const std::string& path, std::ostream& err) {
  std::optional<LoadedProfile> loaded = load_profile(path, err);
  if (!loaded) return std::nullopt;
  return std::move(loaded->data);
}

bool write_file(const std::string& path, const std::string& bytes, std::ostream& err) {
  Result<Ok> written = write_output_file(path, bytes, "the output");
  if (!written) err << "wasmprof: error: " << written.error().message << "\n";
  return written.ok();
}

// Whether any frame of the profile knows its source line: none do without DWARF.
bool has_source_lines(const profile::ProfileData& data) {
  return std::any_of(data.frames.begin(), data.frames.end(), [](const profile::ProfileFrame& frame) { return frame.line != 0; });
}

Result<std::string> convert(const profile::ProfileData& data, const std::string& format) {
  if (format == "collapsed") return profile::collapsed_stacks(data);
  if (format == "pprof") return profile::to_pprof(data);
  if (format == "cpuprofile") return profile::to_cpuprofile(data);
  return profile::to_speedscope(data);
}

}  // namespace

std::optional<LoadedProfile> load_profile(const std::string& path, std::ostream& err) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) {
    err << "wasmprof: error: " << bytes.error().message << "\n";
    return std::nullopt;
  }
  Result<profile::ProfileData> data = profile::read_firefox_profile_bytes(bytes.value());
  if (!data) {
    // The reader's message says what it is not ("not a processed profile ..."): not a module.
    err << "wasmprof: error: " << path << ": " << data.error().message << "\n";
    return std::nullopt;
  }
  return LoadedProfile{std::move(bytes).value(), std::move(data).value()};
}

int report_command(const ReportCommand& command, std::ostream& out, std::ostream& err) {
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
  if (command.lines && !has_source_lines(*data)) {
    err << "wasmprof: error: " << command.profile << " has no source lines: its guest had no DWARF (build it with -g),\n"
        << "or DWARF that did not describe its code; `report` without --lines shows the functions\n";
    return kExitError;
  }
  profile::ReportOptions options;
  options.top = command.top;
  options.tree = command.tree;
  options.lines = command.lines;
  out << profile::format_report(*data, options);
  return kExitOk;
}

int convert_command(const ConvertCommand& command, std::ostream& out, std::ostream& err) {
  const std::string& to = command.to;
  if (to != "collapsed" && to != "pprof" && to != "cpuprofile" && to != "speedscope") {
    err << "wasmprof: error: unknown format '" << to << "' (wasmprof converts to: " << kConvertFormats << ")\n";
    return kExitUsage;
  }
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
  Result<std::string> bytes = convert(*data, to);
  if (!bytes) {
    err << "wasmprof: error: " << command.profile << ": " << bytes.error().message << "\n";
    return kExitError;
  }
  if (!command.output) {
    out << bytes.value();
    return kExitOk;
  }
  return write_file(*command.output, bytes.value(), err) ? kExitOk : kExitError;
}

int flamegraph_command(const FlamegraphCommand& command, std::ostream& err) {
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
  profile::FlamegraphOptions options;
  options.title = command.title;
  options.width = command.width;
  Result<std::string> svg = profile::flamegraph_svg(*data, options);
  if (!svg) {
    err << "wasmprof: error: " << command.profile << ": " << svg.error().message << "\n";
    return svg.error().kind == ErrorKind::Usage ? kExitUsage : kExitError;
  }
  return write_file(command.output, svg.value(), err) ? kExitOk : kExitError;
}

}  // namespace wasmprof::cli
