#include "profile/data/profile_data.hh"

namespace wasmprof::profile {
namespace {

uint64_t pack(uint32_t high, uint32_t low) { return (uint64_t(high) << 32) | low; }

}  // namespace

uint32_t ProfileData::intern_function(uint32_t module, uint32_t function_index, const std::string& function_name) {
  auto [it, inserted] = function_ids_.try_emplace(pack(module, function_index), uint32_t(functions.size()));
  if (inserted) functions.push_back(ProfileFunction{module, function_index, function_name, {}, 0, 0, 0, 0});
  return it->second;
}

uint32_t ProfileData::intern_frame(const ProfileFrame& frame) {
  const uint64_t key = pack(frame.function, frame.address) ^ (uint64_t(frame.inline_depth) << 56) ^
                       (uint64_t(frame.line) * 0x9E3779B97F4A7C15ull) ^ frame.column;
  std::vector<uint32_t>& candidates = frame_ids_[key];
  for (uint32_t id : candidates)
    if (frames[id] == frame) return id;
  candidates.push_back(uint32_t(frames.size()));
  frames.push_back(frame);
  return candidates.back();
}

uint32_t ProfileData::intern_stack(uint32_t prefix, uint32_t frame) {
  auto [it, inserted] = stack_ids_.try_emplace(pack(prefix, frame), uint32_t(stacks.size()));
  if (inserted) stacks.push_back(ProfileStack{prefix, frame});
  return it->second;
}

uint32_t ProfileData::intern_marker_kind(const MarkerKind& kind) {
  // Kinds are few (one per host function the guest calls) and interned once each by the
  // profiler, so a search is enough.
  for (uint32_t i = 0; i < marker_kinds.size(); ++i)
    if (marker_kinds[i] == kind) return i;
  marker_kinds.push_back(kind);
  return uint32_t(marker_kinds.size() - 1);
}

}  // namespace wasmprof::profile
