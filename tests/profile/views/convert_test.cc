// The conversions to pprof, .cpuprofile and speedscope, each checked by decoding its output
// (protobuf's generated classes, a JSON parser) and comparing, stack by stack, with the
// ProfileData it came from.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "pprof_profile.pb.h"
#include "profile/views/convert_cpuprofile.hh"
#include "profile/views/convert_pprof.hh"
#include "profile/views/convert_speedscope.hh"
#include "profile/json_test_support.hh"
#include "profile/sample_profile.hh"
#include "profile/views/stack_paths.hh"

namespace wasmprof::profile {
namespace {

using rapidjson::Document;
using rapidjson::Value;
using testing::parse_json;
using PathTotals = std::map<std::string, uint64_t>;  // "outer;...;leaf" -> samples

std::string path_of(const ProfileData& data, uint32_t stack) {
  if (stack == kNoIndex) return kOutsideName;
  std::string path;
  for (uint32_t function : functions_outermost_first(data, stack)) path += (path.empty() ? "" : ";") + data.functions[function].name;
  return path;
}

// Per path, the samples' weights (or CPU nanoseconds). The outputs carry names as UTF-8, so the
// invalid byte of the small profile's leaf is expected as U+FFFD.
PathTotals expected_totals(const ProfileData& data, bool cpu = false) {
  PathTotals totals;
  for (const ProfileSample& sample : data.samples) {
    std::string path = path_of(data, sample.stack);
    if (size_t at = path.find('\xFF'); at != std::string::npos) path.replace(at, 1, "\xEF\xBF\xBD");
    totals[path] += cpu ? sample.cpu_delta_ns : sample.weight;
  }
  return totals;
}

// main -> work -> leaf (3 samples, one of weight 2), main -> host_log (1), one outside; names
// that need escaping and one that is not UTF-8.
ProfileData small_profile() {
  ProfileData data;
  data.name = "app";
  data.interval_ms = 1;
  data.start_time_ms = 1000;
  data.modules.push_back(ProfileModule{"app.wasm", 1000, "AB"});
  const uint32_t main_fn = data.intern_function(0, 1, "main");
  const uint32_t work_fn = data.intern_function(0, 2, "work<a & b>");
  const uint32_t leaf_fn = data.intern_function(0, 3, "le\xFF" "af");
  const uint32_t host_fn = data.intern_function(kNoIndex, 0, "host_log");
  auto frame = [&](uint32_t function, uint32_t address) { return data.intern_frame({function, address, 0, 0, 0}); };
  const uint32_t main_stack = data.intern_stack(kNoIndex, frame(main_fn, 10));
  const uint32_t work_stack = data.intern_stack(main_stack, frame(work_fn, 20));
  const uint32_t leaf_stack = data.intern_stack(work_stack, frame(leaf_fn, 30));
  const uint32_t host_stack = data.intern_stack(main_stack, frame(host_fn, 0));
  data.samples = {{1, leaf_stack, 1000, 1}, {2, leaf_stack, 2000, 2}, {4, host_stack, 500, 1}, {5, kNoIndex, 0, 1}};
  data.end_time_ms = 6;
  return data;
}

std::vector<ProfileData> profiles() { return {small_profile(), testing::make_sample_profile(500)}; }

std::string gunzip(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 16, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = uInt(bytes.size());
  int status = Z_OK;
  size_t used = 0;
  while (status == Z_OK) {
    if (used == out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = uInt(out.size() - used);
    status = inflate(&stream, Z_NO_FLUSH);
    used = out.size() - stream.avail_out;
  }
  inflateEnd(&stream);
  EXPECT_EQ(status, Z_STREAM_END);
  out.resize(used);
  return out;
}

ProfileData broken_prefix() {
  ProfileData data = small_profile();
  data.stacks[0].prefix = 2;  // a cycle: 0 -> 2 -> 1 -> 0
  return data;
}

ProfileData broken_sample() {
  ProfileData data = small_profile();
  data.samples[0].stack = 99;
  return data;
}

TEST(Pprof, DecodesToTheSameStacksCountsAndCpuTime) {
  for (const ProfileData& data : profiles()) {
    Result<std::string> gzipped = to_pprof(data);
    ASSERT_TRUE(gzipped.ok()) << gzipped.error().to_string();
    ASSERT_GE(gzipped->size(), 2u);
    EXPECT_EQ(uint8_t((*gzipped)[0]), 0x1f);  // gzip, as pprof expects
    perftools::profiles::Profile profile;
    ASSERT_TRUE(profile.ParseFromString(gunzip(gzipped.value())));

    const auto& strings = profile.string_table();
    ASSERT_GT(strings.size(), 0);
    EXPECT_EQ(strings[0], "");
    ASSERT_EQ(profile.sample_type_size(), 2);
    EXPECT_EQ(strings[int(profile.sample_type(0).type())], "samples");
    EXPECT_EQ(strings[int(profile.sample_type(0).unit())], "count");
    EXPECT_EQ(strings[int(profile.sample_type(1).type())], "cpu");
    EXPECT_EQ(strings[int(profile.sample_type(1).unit())], "nanoseconds");
    EXPECT_EQ(strings[int(profile.default_sample_type())], "cpu");  // both profiles have CPU deltas
    EXPECT_EQ(profile.period(), int64_t(data.interval_ms * 1e6));
    EXPECT_EQ(profile.time_nanos(), int64_t(data.start_time_ms * 1e6));

    ASSERT_EQ(profile.mapping_size(), int(data.modules.size()));
    for (int i = 0; i < profile.mapping_size(); ++i) {
      EXPECT_EQ(profile.mapping(i).id(), uint64_t(i + 1));
      EXPECT_EQ(strings[int(profile.mapping(i).filename())], data.modules[size_t(i)].name);
    }
    std::map<uint64_t, std::string> function_names;
    for (const auto& function : profile.function()) function_names[function.id()] = strings[int(function.name())];
    std::map<uint64_t, const perftools::profiles::Location*> locations;
    for (const auto& location : profile.location()) {
      ASSERT_NE(location.id(), 0u);
      locations[location.id()] = &location;
      if (location.id() <= data.frames.size()) {
        // A location per frame: its function and its module-relative address in its module's mapping.
        const ProfileFrame& frame = data.frames[location.id() - 1];
        const ProfileFunction& function = data.functions[frame.function];
        ASSERT_EQ(location.line_size(), 1);
        EXPECT_EQ(location.line(0).function_id(), frame.function + 1ull);
        if (function.module != kNoIndex) {
          EXPECT_EQ(location.address(), frame.address);
          EXPECT_EQ(location.mapping_id(), function.module + 1ull);
          const auto& mapping = profile.mapping(int(function.module));
          EXPECT_LT(location.address(), mapping.memory_limit());
        } else {
          EXPECT_EQ(location.mapping_id(), 0u);  // host code belongs to no module
        }
      }
    }

    // An inlined call sampled (the sample profile's crc32 in inflate) is one Location at its
    // address with a Line per inline level, innermost first, each with its own line number.
    size_t inlined_locations = 0;
    for (const auto& [id, location] : locations) {
      if (location->line_size() < 2) continue;
      ++inlined_locations;
      EXPECT_GT(id, data.frames.size());
      const uint32_t outer_function = uint32_t(location->line(location->line_size() - 1).function_id() - 1);
      const uint32_t inner_function = uint32_t(location->line(0).function_id() - 1);
      bool matches_a_frame = false;
      for (const ProfileFrame& frame : data.frames)
        matches_a_frame |= frame.function == inner_function && frame.inline_depth == uint32_t(location->line_size() - 1) &&
                           frame.address == location->address() && int64_t(frame.line) == location->line(0).line();
      EXPECT_TRUE(matches_a_frame) << "location " << id;
      EXPECT_EQ(data.functions[outer_function].module + 1ull, location->mapping_id());
    }
    const bool any_inlined = std::any_of(data.frames.begin(), data.frames.end(),
                                         [](const ProfileFrame& frame) { return frame.inline_depth > 0; });
    EXPECT_EQ(inlined_locations > 0, any_inlined);

    PathTotals counts, cpu;
    for (const auto& sample : profile.sample()) {
      std::string path;
      for (auto id = sample.location_id().rbegin(); id != sample.location_id().rend(); ++id) {
        ASSERT_TRUE(locations.contains(*id));
        const auto* location = locations.at(*id);
        // Inlined frames are Lines of one Location: the function they were inlined into last.
        for (int line = location->line_size() - 1; line >= 0; --line)
          path += (path.empty() ? "" : ";") + function_names.at(location->line(line).function_id());
      }
      ASSERT_EQ(sample.value_size(), 2);
      counts[path] += uint64_t(sample.value(0));
      cpu[path] += uint64_t(sample.value(1));
    }
    EXPECT_EQ(counts, expected_totals(data));
    EXPECT_EQ(cpu, expected_totals(data, true));
  }
}

TEST(Cpuprofile, NodesSamplesAndHitCountsMatchTheStacks) {
  for (const ProfileData& data : profiles()) {
    Result<std::string> text = to_cpuprofile(data);
    ASSERT_TRUE(text.ok()) << text.error().to_string();
    const Document profile = parse_json(text.value());
    struct NodeInfo {
      std::string name;
      int64_t parent = 0;
      uint64_t hits = 0;
    };
    std::map<int64_t, NodeInfo> nodes;
    size_t nodes_with_lines = 0;
    for (const Value& node : profile["nodes"].GetArray()) {
      const Value& frame = node["callFrame"];
      for (const char* key : {"functionName", "scriptId", "url"}) EXPECT_TRUE(frame[key].IsString()) << key;
      for (const char* key : {"lineNumber", "columnNumber"}) EXPECT_TRUE(frame[key].IsInt64()) << key;
      nodes[node["id"].GetInt64()].name = frame["functionName"].GetString();
      nodes[node["id"].GetInt64()].hits = node["hitCount"].GetUint64();
      // Per-line hits, where the sampled frames had lines, never more than the node's hits.
      if (node.HasMember("positionTicks")) {
        uint64_t ticks = 0;
        for (const Value& tick : node["positionTicks"].GetArray()) {
          EXPECT_GE(tick["line"].GetInt64(), 1);
          ticks += tick["ticks"].GetUint64();
        }
        EXPECT_GT(ticks, 0u);
        EXPECT_LE(ticks, node["hitCount"].GetUint64());
        ++nodes_with_lines;
      }
    }
    for (const Value& node : profile["nodes"].GetArray())
      for (const Value& child : node["children"].GetArray()) nodes.at(child.GetInt64()).parent = node["id"].GetInt64();
    ASSERT_EQ(nodes.at(1).name, "(root)");

    auto path_to = [&](int64_t id) {
      std::vector<std::string> names;
      for (; id != 1; id = nodes.at(id).parent) names.push_back(nodes.at(id).name);
      std::string path;
      for (auto it = names.rbegin(); it != names.rend(); ++it) path += (path.empty() ? "" : ";") + *it;
      return path == "(program)" ? std::string(kOutsideName) : path;
    };
    const Value& samples = profile["samples"];
    const Value& deltas = profile["timeDeltas"];
    ASSERT_EQ(samples.Size(), deltas.Size());
    PathTotals totals, hits;
    int64_t elapsed = 0;
    for (rapidjson::SizeType i = 0; i < samples.Size(); ++i) {
      totals[path_to(samples[i].GetInt64())] += 1;
      EXPECT_GE(deltas[i].GetInt64(), 0);
      elapsed += deltas[i].GetInt64();
    }
    for (const auto& [id, node] : nodes)
      if (node.hits > 0) hits[path_to(id)] += node.hits;
    const PathTotals expected = expected_totals(data);
    EXPECT_EQ(totals, expected);
    EXPECT_EQ(hits, expected);
    const bool any_line = std::any_of(data.frames.begin(), data.frames.end(),
                                      [](const ProfileFrame& frame) { return frame.line != 0; });
    EXPECT_EQ(nodes_with_lines > 0, any_line);
    EXPECT_EQ(elapsed, std::llround(data.samples.back().time_ms * 1000));
    EXPECT_LE(profile["startTime"].GetInt64() + elapsed, profile["endTime"].GetInt64());
  }
}

TEST(Speedscope, SampledProfileMatchesTheStacks) {
  for (const ProfileData& data : profiles()) {
    Result<std::string> text = to_speedscope(data);
    ASSERT_TRUE(text.ok()) << text.error().to_string();
    const Document file = parse_json(text.value());
    EXPECT_EQ(file["$schema"], "https://www.speedscope.app/file-format-schema.json");
    const Value& frames = file["shared"]["frames"];
    ASSERT_EQ(file["profiles"].Size(), 1u);
    const Value& profile = file["profiles"][0];
    EXPECT_EQ(profile["type"], "sampled");
    EXPECT_EQ(profile["unit"], "none");
    const Value& samples = profile["samples"];
    const Value& weights = profile["weights"];
    ASSERT_EQ(samples.Size(), data.samples.size());  // every sample, in order
    ASSERT_EQ(weights.Size(), samples.Size());
    PathTotals totals;
    uint64_t sum = 0;
    for (rapidjson::SizeType i = 0; i < samples.Size(); ++i) {
      std::string path;
      for (const Value& index : samples[i].GetArray()) path += (path.empty() ? "" : ";") + std::string(frames[index.GetUint()]["name"].GetString());
      totals[path] += weights[i].GetUint64();
      sum += weights[i].GetUint64();
    }
    const PathTotals expected = expected_totals(data);
    EXPECT_EQ(totals, expected);
    EXPECT_EQ(profile["endValue"].GetUint64(), sum);
  }
  // Source positions carry over to the frames.
  const Document file = parse_json(to_speedscope(testing::make_sample_profile(10)).value());
  bool found = false;
  for (const Value& frame : file["shared"]["frames"].GetArray())
    if (frame["name"] == "fib") found = frame["file"] == "src/fib.c" && frame["line"] == 12;
  EXPECT_TRUE(found);
}

TEST(Conversions, RefuseTablesThatDoNotHoldTogether) {
  for (const ProfileData& data : {broken_prefix(), broken_sample()}) {
    EXPECT_EQ(to_pprof(data).error().kind, ErrorKind::Invalid);
    EXPECT_EQ(to_cpuprofile(data).error().kind, ErrorKind::Invalid);
    EXPECT_EQ(to_speedscope(data).error().kind, ErrorKind::Invalid);
  }
  ProfileData bad_frame = small_profile();
  bad_frame.frames[1].function = 1000;
  EXPECT_FALSE(to_speedscope(bad_frame).ok());
}

TEST(Cpuprofile, RefusesAnUnboundedExpansionOfWeights) {
  ProfileData data = small_profile();
  for (int i = 0; i < 20; ++i) data.samples.push_back({7, 0, 0, UINT32_MAX});
  Result<std::string> text = to_cpuprofile(data);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().kind, ErrorKind::Limit);
}

TEST(Conversions, AnEmptyProfileConverts) {
  ProfileData data;
  data.name = "empty";
  Result<std::string> bytes = to_pprof_uncompressed(data);
  ASSERT_TRUE(bytes.ok());
  perftools::profiles::Profile profile;
  ASSERT_TRUE(profile.ParseFromString(bytes.value()));
  EXPECT_EQ(profile.sample_size(), 0);
  // Without CPU deltas pprof opens on the sample counts.
  EXPECT_EQ(profile.string_table(int(profile.default_sample_type())), "samples");
  EXPECT_EQ(parse_json(to_cpuprofile(data).value())["samples"].Size(), 0u);
  EXPECT_EQ(parse_json(to_speedscope(data).value())["profiles"][0]["samples"].Size(), 0u);
}

}  // namespace
}  // namespace wasmprof::profile
