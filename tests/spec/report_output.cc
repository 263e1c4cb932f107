#include "report_output.hh"

namespace wasmprof::spectest {

namespace {

const char* outcome_word(Outcome outcome) {
  switch (outcome) {
    case Outcome::Passed: return "passed";
    case Outcome::Failed: return "failed";
    case Outcome::Skipped: return "skipped";
  }
  return "?";
}

}  // namespace

void print_script_report(std::ostream& out, const Script& script, const ScriptReport& report) {
  const Tally& tally = report.tally;
  out << script.name << ": " << tally.passed << " passed, " << tally.failed << " failed, " << tally.skipped
      << " skipped";
  if (tally.unsupported != 0) out << ", " << tally.unsupported << " unsupported";
  out << '\n';

  for (const CommandReport& command : report.listed) {
    out << "  " << script.name << ':' << command.line << ": " << command.type;
    out << ": " << outcome_word(command.outcome);
    if (!command.detail.empty()) out << ": " << command.detail;
    out << '\n';
  }
}

void print_script_error(std::ostream& out, const std::string& script_name, const std::string& message) {
  out << script_name << ": error: " << message << '\n';
}

void print_totals(std::ostream& out, const Tally& total, size_t script_count) {
  out << script_count << (script_count == 1 ? " script" : " scripts") << ": " << total.skipped << " skipped";
  if (!total.skipped_by_feature.empty()) {  // "skipped 12 (tail calls 4, gc 8)"
    const char* separator = " (";
    for (const auto& [feature, count] : total.skipped_by_feature) {
      out << separator << feature << ' ' << count;
      separator = ", ";
    }
    out << ')';
  }
  out << ", " << total.unsupported << " unsupported (not run yet)\n";
  out << "functions entered: " << total.machine_code_functions << " ran machine code, " << total.interpreted_functions
      << " interpreted\n";
  out << total.passed << " passed, " << total.failed << " failed\n";
}

}  // namespace wasmprof::spectest
