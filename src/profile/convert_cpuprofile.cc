#include "profile/convert_cpuprofile.hh"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "profile/stack_paths.hh"

namespace wasmprof::profile {
namespace {

using nlohmann::json;

constexpr uint32_t kProgramFunction = kNoIndex - 1;  // key of the "(program)" node

struct Node {
  uint32_t function = kNoIndex;  // kNoIndex: the root
  uint64_t hits = 0;
  std::vector<uint32_t> children;         // node ids - 1, in first-seen order
  std::map<uint32_t, uint32_t> by_function;
  std::map<uint32_t, uint64_t> line_hits;  // hits by the source line sampled (DWARF guests)
};

// Microseconds as Chrome writes them: integers.
int64_t microseconds(double milliseconds) {
  if (!std::isfinite(milliseconds)) return 0;
  const double value = std::round(milliseconds * 1000.0);
  return value < -9e15 ? int64_t(-9e15) : value > 9e15 ? int64_t(9e15) : int64_t(value);
}

json call_frame(const ProfileData& data, uint32_t function) {
  if (function == kNoIndex) return {{"functionName", "(root)"}, {"scriptId", "0"}, {"url", ""}, {"lineNumber", -1}, {"columnNumber", -1}};
  if (function == kProgramFunction)
    return {{"functionName", "(program)"}, {"scriptId", "0"}, {"url", ""}, {"lineNumber", -1}, {"columnNumber", -1}};
  const ProfileFunction& entry = data.functions[function];
  const bool guest = entry.module != kNoIndex && entry.module < data.modules.size();
  // scriptId: one per module ("0" for host functions); line and column are 0-based here.
  std::string url = entry.file;
  if (url.empty() && guest) url = "wasm://wasm/" + data.modules[entry.module].name;
  return {{"functionName", entry.name},
          {"scriptId", std::to_string(guest ? entry.module + 1 : 0)},
          {"url", url},
          {"lineNumber", entry.line != 0 ? int64_t(entry.line) - 1 : -1},
          {"columnNumber", entry.column != 0 ? int64_t(entry.column) - 1 : -1}};
}

}  // namespace

Result<std::string> to_cpuprofile(const ProfileData& data) {
  if (Result<Ok> checked = check_stack_tables(data); !checked) return checked.error();
  uint64_t total = 0;
  for (const ProfileSample& sample : data.samples) total += sample.weight;
  if (total > kMaxCpuprofileSamples) {
    Error error;
    error.kind = ErrorKind::Limit;
    error.message = "the profile has " + std::to_string(total) + " samples; a .cpuprofile lists each one, up to " +
                    std::to_string(kMaxCpuprofileSamples);
    return error;
  }

  std::vector<Node> nodes(1);  // nodes[0] is the root; a node's id is its index + 1
  auto child = [&](uint32_t parent, uint32_t function) {
    auto [it, inserted] = nodes[parent].by_function.try_emplace(function, uint32_t(nodes.size()));
    if (inserted) {
      nodes[parent].children.push_back(it->second);
      nodes.push_back(Node{function, 0, {}, {}, {}});
    }
    return it->second;
  };

  json sample_ids = json::array(), deltas = json::array();
  int64_t previous = 0;
  double last_time = 0;
  for (const ProfileSample& sample : data.samples) {
    uint32_t node = 0;
    if (sample.stack == kNoIndex) {
      node = child(0, kProgramFunction);
    } else {
      for (uint32_t function : functions_outermost_first(data, sample.stack)) node = child(node, function);
      if (const uint32_t line = data.frames[data.stacks[sample.stack].frame].line; line != 0)
        nodes[node].line_hits[line] += sample.weight;
    }
    nodes[node].hits += sample.weight;
    const int64_t now = microseconds(sample.time_ms);
    for (uint32_t i = 0; i < sample.weight; ++i) {
      sample_ids.push_back(node + 1);
      // Out-of-order times would be negative deltas, which DevTools cannot place.
      deltas.push_back(i == 0 && now > previous ? now - previous : 0);
    }
    if (now > previous) previous = now;
    if (std::isfinite(sample.time_ms) && sample.time_ms > last_time) last_time = sample.time_ms;
  }

  json node_list = json::array();
  for (size_t i = 0; i < nodes.size(); ++i) {
    json entry = {{"id", i + 1}, {"callFrame", call_frame(data, nodes[i].function)}, {"hitCount", nodes[i].hits}};
    json children = json::array();
    for (uint32_t id : nodes[i].children) children.push_back(id + 1);
    entry["children"] = std::move(children);
    // DevTools' per-line hits of a node (1-based lines), which its Sources panel shows beside the code.
    if (!nodes[i].line_hits.empty()) {
      json ticks = json::array();
      for (const auto& [line, hits] : nodes[i].line_hits) ticks.push_back({{"line", line}, {"ticks", hits}});
      entry["positionTicks"] = std::move(ticks);
    }
    node_list.push_back(std::move(entry));
  }
  const int64_t start = microseconds(data.start_time_ms);
  const double end_ms = std::isfinite(data.end_time_ms) && data.end_time_ms > last_time ? data.end_time_ms : last_time;
  json profile = {{"nodes", std::move(node_list)},
                  {"startTime", start},
                  {"endTime", start + microseconds(end_ms)},
                  {"samples", std::move(sample_ids)},
                  {"timeDeltas", std::move(deltas)}};
  return profile.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace wasmprof::profile
