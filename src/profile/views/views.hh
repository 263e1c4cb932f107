// Views of a profile without a browser: a perf-report-like table, a call tree, and the folded
// ("collapsed") stacks that flamegraph.pl and inferno read.
#pragma once

#include <string>

#include "profile/data/profile_data.hh"

namespace wasmprof::profile {

struct ReportOptions {
  size_t top = 20;    // rows of the table
  bool tree = false;  // a call tree instead of the flat table
  double min_percent = 0.5;  // tree: leave out nodes below this share of all samples
  bool lines = false;  // per source line (file:line and function) instead of per function
};

// Self and total share of samples per function, sorted by self:
//   "  Self%  Total%  Samples  Function"
// With `lines`, per source line: the frame's line in its function's file (an inlined call is a
// line of the function it was inlined into, and its own line is one of the inlined function):
//   "  Self%  Total%  Samples  Line  Function", e.g. "hot.c:22  hot_loop  [app.wasm]"
std::string format_report(const ProfileData& data, const ReportOptions& options);

// One line per distinct stack, outermost first: "main;compute;leaf 42". ';' inside a name
// becomes ':' so the separator stays unambiguous.
std::string collapsed_stacks(const ProfileData& data);

}  // namespace wasmprof::profile
