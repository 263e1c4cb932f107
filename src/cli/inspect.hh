// `wasmprof inspect FILE`: decode and validate a module and summarise what it contains.
#pragma once

#include <ostream>
#include <string>

namespace wasmprof::cli {

// Returns the process exit status: 0 for a valid module, 1 for a rejected one, 2 if unreadable.
int inspect_file(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace wasmprof::cli
