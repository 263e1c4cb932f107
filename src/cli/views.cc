#include "cli/views.hh"

#include <filesystem>
#include <fstream>

#include "cli/run.hh"
#include "profile/convert_cpuprofile.hh"
#include "profile/convert_pprof.hh"
#include "profile/convert_speedscope.hh"
#include "profile/firefox_reader.hh"
#include "profile/flamegraph.hh"
#include "profile/views.hh"

namespace wasmprof::cli {
namespace {

std::optional<profile::ProfileData> read_profile(const std::string& path, std::ostream& err) {
  // A directory opens as a stream whose first read throws; refuse anything but a file first.
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    err << "wasmprof: error: " << path << ": not a regular file\n";
    return std::nullopt;
  }
  Result<profile::ProfileData> data = profile::read_firefox_profile_file(path);
  if (!data) {
    err << "wasmprof: error: " << path << ": " << data.error().to_string() << "\n";
    return std::nullopt;
  }
  return std::move(data).value();
}

bool write_file(const std::string& path, const std::string& bytes, std::ostream& err) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) {
    err << "wasmprof: error: cannot write " << path << "\n";
    return false;
  }
  return true;
}

Result<std::string> convert(const profile::ProfileData& data, const std::string& format) {
  if (format == "collapsed") return profile::collapsed_stacks(data);
  if (format == "pprof") return profile::to_pprof(data);
  if (format == "cpuprofile") return profile::to_cpuprofile(data);
  return profile::to_speedscope(data);
}

}  // namespace

int report_command(const ReportCommand& command, std::ostream& out, std::ostream& err) {
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
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
