// Checks that a ProfileData is self-consistent before a writer turns it into a file: every
// index in range, stack prefixes before their children, times finite and in order. A writer
// that checks first never leaves a half-written, unloadable profile behind.
#pragma once

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

Result<Ok> check_profile_data(const ProfileData& data);

}  // namespace wasmprof::profile
