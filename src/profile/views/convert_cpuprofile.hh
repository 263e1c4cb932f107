// The Chrome DevTools / VS Code `.cpuprofile` JSON: a call tree of nodes (callFrame, hitCount,
// children), the leaf node of every sample in order, and the time between samples in
// microseconds. Samples outside the profiled modules go to a "(program)" node, as Chrome
// files time spent outside JavaScript.
#pragma once

#include <string>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// A sample of weight N is N entries of `samples` (the later ones 0 µs apart); profiles whose
// total weight exceeds kMaxCpuprofileSamples are refused (ErrorKind::Limit) rather than
// expanded without bound.
inline constexpr uint64_t kMaxCpuprofileSamples = 50'000'000;
Result<std::string> to_cpuprofile(const ProfileData& data);

}  // namespace wasmprof::profile
