// pprof's profile.proto, gzip-compressed as `go tool pprof` and pprof.dev expect: sample types
// samples/count and cpu/nanoseconds (from the samples' CPU deltas), one location per frame at
// its module-relative address, one function per profiled function, one mapping per module.
// pprof opens on cpu when the samples have CPU deltas, on samples otherwise.
#pragma once

#include <string>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// Samples with the same stack are summed into one pprof Sample; samples outside the profiled
// modules get a location of their own, "(outside the profiled modules)".
Result<std::string> to_pprof(const ProfileData& data);

// The same profile.proto bytes before compression (for tests and for tools that want them raw).
Result<std::string> to_pprof_uncompressed(const ProfileData& data);

}  // namespace wasmprof::profile
