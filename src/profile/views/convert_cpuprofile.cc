#include "profile/views/convert_cpuprofile.hh"

#include <cmath>
#include <map>
#include <sstream>
#include <vector>

#include "profile/format/json_writer.hh"
#include "profile/views/stack_paths.hh"

namespace wasmprof::profile {
namespace {

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

// Keys in alphabetical order, in every object: the order this file has always had.
void write_call_frame(JsonWriter& json, const ProfileData& data, uint32_t function) {
  std::string name, script_id = "0", url;
  int64_t line = -1, column = -1;
  if (function == kNoIndex) {
    name = "(root)";
  } else if (function == kProgramFunction) {
    name = "(program)";
  } else {
    const ProfileFunction& entry = data.functions[function];
    const bool guest = entry.module != kNoIndex && entry.module < data.modules.size();
    // scriptId: one per module ("0" for host functions); line and column are 0-based here.
    name = entry.name;
    script_id = std::to_string(guest ? entry.module + 1 : 0);
    url = entry.file;
    if (url.empty() && guest) url = "wasm://wasm/" + data.modules[entry.module].name;
    if (entry.line != 0) line = int64_t(entry.line) - 1;
    if (entry.column != 0) column = int64_t(entry.column) - 1;
  }
  json.begin_object();
  json.key("columnNumber");
  json.number(column);
  json.key("functionName");
  json.string(name);
  json.key("lineNumber");
  json.number(line);
  json.key("scriptId");
  json.string(script_id);
  json.key("url");
  json.string(url);
  json.end_object();
}

void write_node(JsonWriter& json, const ProfileData& data, const Node& node, size_t id) {
  json.begin_object();
  json.key("callFrame");
  write_call_frame(json, data, node.function);
  json.key("children");
  json.begin_array();
  for (uint32_t child : node.children) json.number(child + 1);
  json.end_array();
  json.key("hitCount");
  json.number(node.hits);
  json.key("id");
  json.number(uint64_t(id));
  // DevTools' per-line hits of a node (1-based lines), which its Sources panel shows beside the code.
  if (!node.line_hits.empty()) {
    json.key("positionTicks");
    json.begin_array();
    for (const auto& [line, hits] : node.line_hits) {
      json.begin_object();
      json.key("line");
      json.number(line);
      json.key("ticks");
      json.number(hits);
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
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

  std::vector<uint32_t> sample_ids;  // node ids
  std::vector<int64_t> deltas;
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

  const int64_t start = microseconds(data.start_time_ms);
  const double end_ms = std::isfinite(data.end_time_ms) && data.end_time_ms > last_time ? data.end_time_ms : last_time;
  std::ostringstream out;
  {
    JsonWriter json(out);
    json.begin_object();
    json.key("endTime");
    json.number(start + microseconds(end_ms));
    json.key("nodes");
    json.begin_array();
    for (size_t i = 0; i < nodes.size(); ++i) write_node(json, data, nodes[i], i + 1);
    json.end_array();
    json.key("samples");
    json.begin_array();
    for (uint32_t id : sample_ids) json.number(id);
    json.end_array();
    json.key("startTime");
    json.number(start);
    json.key("timeDeltas");
    json.begin_array();
    for (int64_t delta : deltas) json.number(delta);
    json.end_array();
    json.end_object();
  }
  return out.str();
}

}  // namespace wasmprof::profile
