// `wasmprof report` and `wasmprof convert`: a written profile viewed without a browser.
#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace wasmprof::cli {

struct ReportCommand {
  std::string profile;
  size_t top = 20;
  bool tree = false;
};

struct ConvertCommand {
  std::string profile;
  std::string to;                     // "collapsed"
  std::optional<std::string> output;  // default: stdout
};

int report_command(const ReportCommand& command, std::ostream& out, std::ostream& err);
int convert_command(const ConvertCommand& command, std::ostream& out, std::ostream& err);

}  // namespace wasmprof::cli
