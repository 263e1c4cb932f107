// Which script files a run covers.
#pragma once

#include <filesystem>
#include <vector>

#include "cli_options.hh"

namespace wasmprof::spectest {

// Every *.wast in the suite folder sorted by name, or the scripts the command line names, in
// that order. Throws UsageError when the folder or a named script does not exist, so that a
// wrong path is never mistaken for an empty suite.
std::vector<std::filesystem::path> select_scripts(const Options& options);

}  // namespace wasmprof::spectest
