// Writing the guest profile (and the views' output files), and the one-line summary.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "cli/run_options.hh"
#include "wasmprof/profiler.hh"

namespace wasmprof::cli {

// Whether `write_output_file(path, ...)` can work, checked before the guest runs so a typo in
// the profile's path costs no run: the directory exists and is writable, or the path is a
// writable file or device. `what` names the output in the message ("the profile").
Result<Ok> check_output_path(const std::string& path, const std::string& what);

// Writes `bytes` to `path`. A regular file, or a new path, is replaced atomically: the bytes go
// to a new file of an unpredictable name in the same directory (created with O_EXCL, so a
// planted symlink is never followed), which takes the old file's mode and is renamed over it;
// a reader never sees half a file. A symlink is followed and its target written. Anything else
// (/dev/null, a FIFO, a terminal) is written straight into, never replaced. Every open, write,
// sync, close or rename failure is an error naming the path and errno's reason.
Result<Ok> write_output_file(const std::string& path, std::string_view bytes, const std::string& what);

// What `run --profile` checks before the guest runs: the profile's path can be written
// (check_output_path), and the module's name there, the guest file's base name, is UTF-8, as
// the profile's JSON must be (rather than a name with U+FFFD in it): else EILSEQ.
Result<Ok> check_profile_request(const RunOptions& options);

// Stops sampling, writes the profile to `path` (gzipped if it ends in .gz) with
// write_output_file, and hands back the sample count and the top functions for the summary.
// With `embed_sources` (a folder), the source files the profile names that are found under it
// (as `view`'s /source/v1 finds them) go into the profile first; `embedded_out` then says how
// many and how many bytes that added.
Result<Ok> write_profile(GuestProfiler profiler, const std::string& path, size_t& samples_out,
                         std::string& top_functions_out, const std::optional<std::string>& embed_sources = std::nullopt,
                         std::string* embedded_out = nullptr);

// The `top` functions by self time (share of samples whose innermost frame is theirs), one
// per line: "   41.3%  leaf".
std::string top_self_functions(const profile::ProfileData& data, size_t top);

}  // namespace wasmprof::cli
