// Reads a Firefox Profiler processed profile (format 70, as write_firefox_profile writes it)
// back into ProfileData, for the views that need no browser (report, conversions).
#pragma once

#include <string_view>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// The first thread's samples, stacks, frames and functions, and the libs as modules. Other
// versions, or tables that do not hold together, are an error (ErrorKind::Invalid).
Result<ProfileData> read_firefox_profile(std::string_view json);

// The same from the bytes of a file, gunzipping them if they are gzip-compressed.
Result<ProfileData> read_firefox_profile_bytes(const std::string& bytes);

// Reads a file, gunzipping it if it is gzip-compressed; a file that cannot be read is an
// ErrorKind::Io error with the reason.
Result<ProfileData> read_firefox_profile_file(const std::string& path);

}  // namespace wasmprof::profile
