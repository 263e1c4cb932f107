#include "profile/format/profile_check.hh"

#include <cmath>
#include <limits>
#include <string>

namespace wasmprof::profile {
namespace {

Error invalid(std::string message) { return Error{ErrorKind::Invalid, "profile data: " + std::move(message), {}, {}, {}, {}}; }

std::string at(const char* table, size_t index) { return std::string(table) + "[" + std::to_string(index) + "]"; }

// Frame addresses become the frontend's address column, which it may hold in an Int32Array.
constexpr uint32_t kMaxAddress = uint32_t(std::numeric_limits<int32_t>::max());

}  // namespace

Result<Ok> check_profile_data(const ProfileData& data) {
  if (!std::isfinite(data.interval_ms) || data.interval_ms <= 0) return invalid("interval_ms must be a positive number");
  if (!std::isfinite(data.start_time_ms)) return invalid("start_time_ms is not finite");
  if (!std::isfinite(data.end_time_ms)) return invalid("end_time_ms is not finite");

  for (size_t i = 0; i < data.functions.size(); ++i)
    if (data.functions[i].module >= data.modules.size() && data.functions[i].module != kNoIndex)
      return invalid(at("functions", i) + ".module out of range");

  for (size_t i = 0; i < data.frames.size(); ++i) {
    const ProfileFrame& frame = data.frames[i];
    if (frame.function >= data.functions.size()) return invalid(at("frames", i) + ".function out of range");
    if (frame.address > kMaxAddress) return invalid(at("frames", i) + ".address beyond 2^31-1");
    if (frame.inline_depth > 255) return invalid(at("frames", i) + ".inline_depth beyond 255");
  }

  for (size_t i = 0; i < data.stacks.size(); ++i) {
    const ProfileStack& stack = data.stacks[i];
    if (stack.frame >= data.frames.size()) return invalid(at("stacks", i) + ".frame out of range");
    // The format stores a parent as a backwards offset, so a parent must come first.
    if (stack.prefix != kNoIndex && stack.prefix >= i) return invalid(at("stacks", i) + ".prefix does not precede it");
  }

  double previous_time = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < data.samples.size(); ++i) {
    const ProfileSample& sample = data.samples[i];
    if (!std::isfinite(sample.time_ms)) return invalid(at("samples", i) + ".time_ms is not finite");
    // The profiled range starts at 0; the frontend drops samples before it.
    if (sample.time_ms < 0) return invalid(at("samples", i) + ".time_ms is negative");
    if (sample.time_ms < previous_time) return invalid(at("samples", i) + ".time_ms goes backwards");
    previous_time = sample.time_ms;
    if (sample.stack != kNoIndex && sample.stack >= data.stacks.size())
      return invalid(at("samples", i) + ".stack out of range");
  }

  for (size_t i = 0; i < data.markers.size(); ++i) {
    const ProfileMarker& marker = data.markers[i];
    if (!std::isfinite(marker.start_ms) || marker.start_ms < 0)
      return invalid(at("markers", i) + ".start_ms is not finite or negative");
    if (marker.end_ms && (!std::isfinite(*marker.end_ms) || *marker.end_ms < marker.start_ms))
      return invalid(at("markers", i) + ".end_ms is not finite or before start_ms");
    if (marker.stack != kNoIndex && marker.stack >= data.stacks.size())
      return invalid(at("markers", i) + ".stack out of range");
    if (marker.kind >= data.marker_kinds.size()) return invalid(at("markers", i) + ".kind out of range");
  }

  previous_time = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < data.allocations.size(); ++i) {
    const ProfileAllocation& allocation = data.allocations[i];
    if (!std::isfinite(allocation.time_ms) || allocation.time_ms < 0)
      return invalid(at("allocations", i) + ".time_ms is not finite or negative");
    if (allocation.time_ms < previous_time) return invalid(at("allocations", i) + ".time_ms goes backwards");
    previous_time = allocation.time_ms;
    if (allocation.stack != kNoIndex && allocation.stack >= data.stacks.size())
      return invalid(at("allocations", i) + ".stack out of range");
    // The frontend reads both as JavaScript numbers: exact up to 2^53.
    if (allocation.address > (uint64_t(1) << 53)) return invalid(at("allocations", i) + ".address beyond 2^53");
  }
  return Ok{};
}

}  // namespace wasmprof::profile
