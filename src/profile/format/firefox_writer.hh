// Writes a ProfileData as a Firefox Profiler "processed profile" (format version 70), the JSON
// that profiler.firefox.com loads directly. docs/profile-format.md lists every field and why.
//
// Only what ProfileData holds goes into the file (module names the embedder chose, function
// names, code offsets, times): the profile is handed to tenants, so nothing about the host
// (paths, addresses, real pids, hostname, configuration) may appear in it.
#pragma once

#include <ostream>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// The format version written, the frontend's PROCESSED_PROFILE_VERSION.
constexpr int kFirefoxProcessedProfileVersion = 70;

// Writes `data` as a Firefox Profiler processed profile (format version 70). Checks `data`
// first (check_profile_data) and writes nothing when it is inconsistent; fails with an Io
// error when the stream fails.
Result<Ok> write_firefox_profile(const ProfileData& data, std::ostream& out);

}  // namespace wasmprof::profile
