// Writing the guest profile at the end of a run, whatever ended it, and the one-line summary.
#pragma once

#include <ostream>
#include <string>

#include "wasmprof/profiler.hh"

namespace wasmprof::cli {

// Writes the profile to `path` through a temporary file in the same directory and a rename,
// so a reader never sees half a profile; a write, flush or rename failure is an error.
Result<Ok> write_profile_atomically(GuestProfiler profiler, const std::string& path, size_t& samples_out,
                                    std::string& top_functions_out);

// The `top` functions by self time (share of samples whose innermost frame is theirs), one
// per line: "   41.3%  leaf".
std::string top_self_functions(const profile::ProfileData& data, size_t top);

}  // namespace wasmprof::cli
