// A realistic ProfileData built by hand, as the guest profiler would fill it: two modules,
// nested and recursive stacks, an inlined frame, samples with and without CPU deltas and host
// call markers (closed, and one still open). Used by the writer's tests, by the program that
// feeds the Firefox Profiler checks, and to time the writer on large profiles.
#pragma once

#include <cstddef>

#include "profile/data/profile_data.hh"

namespace wasmprof::profile::testing {

// `sample_count` samples 1 ms apart; deterministic for a given count.
ProfileData make_sample_profile(size_t sample_count);

}  // namespace wasmprof::profile::testing
