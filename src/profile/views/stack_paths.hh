// What every conversion of a profile needs first: the tables checked to hold together (so a
// malformed profile is an error, not an out-of-range read), and stacks walked into call paths.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// The name shown for samples taken while no profiled frame was active.
inline constexpr const char* kOutsideName = "(outside the profiled modules)";

// Every stack's frame and prefix, every frame's function and every sample's stack in range, and
// every prefix pointing to an earlier stack (so walks end). ErrorKind::Invalid names the entry.
Result<Ok> check_stack_tables(const ProfileData& data);

// The frames of a stack, outermost first; `stack` must be valid in checked data.
std::vector<uint32_t> frames_outermost_first(const ProfileData& data, uint32_t stack);

// The same path as function indices.
std::vector<uint32_t> functions_outermost_first(const ProfileData& data, uint32_t stack);

}  // namespace wasmprof::profile
