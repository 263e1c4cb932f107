#include "cli/views.hh"

#include <fstream>

#include "cli/run.hh"
#include "profile/firefox_reader.hh"
#include "profile/views.hh"

namespace wasmprof::cli {

int report_command(const ReportCommand& command, std::ostream& out, std::ostream& err) {
  Result<profile::ProfileData> data = profile::read_firefox_profile_file(command.profile);
  if (!data) {
    err << "wasmprof: error: " << command.profile << ": " << data.error().to_string() << "\n";
    return kExitError;
  }
  profile::ReportOptions options;
  options.top = command.top;
  options.tree = command.tree;
  out << profile::format_report(data.value(), options);
  return kExitOk;
}

int convert_command(const ConvertCommand& command, std::ostream& out, std::ostream& err) {
  if (command.to != "collapsed") {
    err << "wasmprof: error: unknown format '" << command.to << "' (wasmprof converts to: collapsed)\n";
    return kExitUsage;
  }
  Result<profile::ProfileData> data = profile::read_firefox_profile_file(command.profile);
  if (!data) {
    err << "wasmprof: error: " << command.profile << ": " << data.error().to_string() << "\n";
    return kExitError;
  }
  const std::string text = profile::collapsed_stacks(data.value());
  if (!command.output) {
    out << text;
    return kExitOk;
  }
  std::ofstream file(*command.output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    err << "wasmprof: error: cannot write " << *command.output << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace wasmprof::cli
