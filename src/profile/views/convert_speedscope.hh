// speedscope's own file format (https://www.speedscope.app/file-format-schema.json): one
// "sampled" profile whose frames are the profile's functions, in sample order, weighted by
// sample count, so speedscope's time-order, left-heavy and sandwich views all work.
#pragma once

#include <string>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// Samples outside the profiled modules appear under a frame "(outside the profiled modules)".
Result<std::string> to_speedscope(const ProfileData& data);

}  // namespace wasmprof::profile
