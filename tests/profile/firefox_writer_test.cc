#include "profile/format/firefox_writer.hh"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "profile/json_test_support.hh"
#include "profile/format/profile_check.hh"
#include "profile/sample_profile.hh"

namespace wasmprof::profile {
namespace {

using rapidjson::Document;
using rapidjson::Value;
using testing::parse_json;

std::string write_text(const ProfileData& data) {
  std::ostringstream out;
  const Result<Ok> written = write_firefox_profile(data, out);
  EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().to_string());
  return out.str();
}

Document write_json(const ProfileData& data) { return parse_json(write_text(data)); }

// Two modules; main calls work, which calls helper in the other module; a sample in the host.
struct SmallProfile {
  ProfileData data;
  uint32_t start_stack, main_stack, work_stack, helper_stack;

  SmallProfile() {
    data.name = "small";
    data.interval_ms = 2;
    data.start_time_ms = 1700000000000.5;
    data.end_time_ms = 10;
    data.pid = 7;
    data.modules = {{"app.wasm", 1000, "AAAA"}, {"lib.wasm", 500, "BBBB"}};
    const uint32_t start = data.intern_function(0, 0, "_start");
    const uint32_t main = data.intern_function(0, 1, "main");
    const uint32_t work = data.intern_function(0, 2, "work");
    const uint32_t helper = data.intern_function(1, 0, "helper");
    start_stack = data.intern_stack(kNoIndex, data.intern_frame({start, 0x10}));
    main_stack = data.intern_stack(start_stack, data.intern_frame({main, 0x30}));
    work_stack = data.intern_stack(main_stack, data.intern_frame({work, 0x50}));
    helper_stack = data.intern_stack(work_stack, data.intern_frame({helper, 0x20}));
    data.samples = {{0, helper_stack, 0, 1}, {2, work_stack, 1500000, 1}, {4, kNoIndex, 2000, 1}, {6, main_stack, 0, 1}};
  }
};

std::string string_at(const Value& profile, const Value& index) {
  const Value& strings = profile["shared"]["stringArray"];
  if (!index.IsUint() || index.GetUint() >= strings.Size() || !strings[index.GetUint()].IsString()) {
    ADD_FAILURE() << "no string at index " << ::testing::PrintToString(index);
    return "";
  }
  return strings[index.GetUint()].GetString();
}

// The function names from root to leaf of a stack, following prefixOffset.
std::vector<std::string> frames_of_stack(const Value& profile, size_t stack) {
  const Value& shared = profile["shared"];
  std::vector<std::string> names;
  while (true) {
    const size_t frame = shared["stackTable"]["frame"][stack].GetUint64();
    const size_t func = shared["frameTable"]["func"][frame].GetUint64();
    names.insert(names.begin(), string_at(profile, shared["funcTable"]["name"][func]));
    const size_t offset = shared["stackTable"]["prefixOffset"][stack].GetUint64();
    if (offset == 0) break;
    EXPECT_LE(offset, stack);
    stack -= offset;
  }
  return names;
}

TEST(FirefoxWriter, MetaDeclaresVersion70AndWhatTheFrontendRequires) {
  const Document profile = write_json(SmallProfile().data);
  const Value& meta = profile["meta"];
  EXPECT_EQ(meta["preprocessedProfileVersion"], 70);
  EXPECT_TRUE(meta["version"].IsNumber());
  EXPECT_EQ(meta["interval"], 2.0);
  EXPECT_EQ(meta["startTime"], 1700000000000.5);
  EXPECT_EQ(meta["processType"], 0);
  EXPECT_EQ(meta["product"], "small");
  EXPECT_EQ(meta["stackwalk"], 1);
  EXPECT_EQ(meta["symbolicated"], true);
  EXPECT_EQ(meta["profilingStartTime"], 0.0);
  EXPECT_EQ(meta["sampleUnits"], parse_json(R"({"time":"ms","eventDelay":"ms","threadCPUDelta":"µs"})"));
  // The first category is the grey default; every category has the "Other" subcategory.
  ASSERT_GE(meta["categories"].Size(), 2u);
  EXPECT_EQ(meta["categories"][0]["color"], "grey");
  for (const Value& category : meta["categories"].GetArray()) EXPECT_EQ(category["subcategories"][0], "Other");
  ASSERT_TRUE(meta["markerSchema"].IsArray());
  EXPECT_EQ(meta["markerSchema"][0]["name"], "HostCall");
  for (const Value& field : meta["markerSchema"][0]["fields"].GetArray()) EXPECT_TRUE(field.HasMember("key") && field.HasMember("format"));
  EXPECT_TRUE(profile["shared"].HasMember("stringArray"));
  EXPECT_FALSE(profile["threads"][0].HasMember("stringArray"));  // shared since version 56
}

TEST(FirefoxWriter, EveryColumnHasItsTablesLength) {
  const Document profile = write_json(testing::make_sample_profile(300));
  const auto check_table = [](const Value& table, const std::string& name) {
    ASSERT_TRUE(table.HasMember("length")) << name;
    const size_t length = table["length"].GetUint64();
    for (const auto& [key, column] : table.GetObject()) {
      if (key == "length" || !column.IsArray()) continue;
      EXPECT_EQ(column.Size(), length) << name << "." << key.GetString();
    }
  };
  for (const char* table : {"stackTable", "frameTable", "funcTable", "resourceTable", "nativeSymbols", "sources",
                            "sourceLocationTable"})
    check_table(profile["shared"][table], table);
  check_table(profile["threads"][0]["samples"], "samples");
  check_table(profile["threads"][0]["markers"], "markers");
  EXPECT_EQ(profile["threads"][0]["samples"]["length"], 300);
  // v70: the frame table has the lib column, the resource table has none.
  EXPECT_TRUE(profile["shared"]["frameTable"].HasMember("lib"));
  EXPECT_FALSE(profile["shared"]["resourceTable"].HasMember("lib"));
  EXPECT_TRUE(profile["shared"]["stackTable"].HasMember("prefixOffset"));
  EXPECT_FALSE(profile["shared"]["stackTable"].HasMember("prefix"));
}

TEST(FirefoxWriter, EveryStringIndexIsInRange) {
  const Document profile = write_json(testing::make_sample_profile(300));
  const size_t strings = profile["shared"]["stringArray"].Size();
  const Value& shared = profile["shared"];
  for (const Value* column : {&shared["funcTable"]["name"], &shared["resourceTable"]["name"],
                             &shared["nativeSymbols"]["name"], &shared["sources"]["filename"],
                             &profile["threads"][0]["markers"]["name"]})
    for (const Value& index : column->GetArray()) EXPECT_LT(index.GetUint64(), strings);
  for (const Value& data : profile["threads"][0]["markers"]["data"].GetArray()) {
    if (data["type"] != "HostCall") continue;
    EXPECT_LT(data["module"].GetUint64(), strings);
    EXPECT_LT(data["function"].GetUint64(), strings);
  }
}

TEST(FirefoxWriter, OneLibAndOneResourcePerModule) {
  const SmallProfile small;
  const Document profile = write_json(small.data);
  ASSERT_EQ(profile["libs"].Size(), 2u);
  EXPECT_EQ(profile["libs"][0]["name"], "app.wasm");
  EXPECT_EQ(profile["libs"][0]["debugName"], "app.wasm");
  EXPECT_EQ(profile["libs"][0]["path"], "app.wasm");  // never a host path
  EXPECT_EQ(profile["libs"][0]["breakpadId"], "AAAA");
  EXPECT_EQ(profile["libs"][1]["name"], "lib.wasm");
  const Value& shared = profile["shared"];
  ASSERT_EQ(shared["resourceTable"]["length"], 2);
  EXPECT_EQ(string_at(profile, shared["resourceTable"]["name"][1]), "lib.wasm");
  EXPECT_EQ(shared["resourceTable"]["type"][1], 1);  // library
  // helper (module 1): its func's resource, its frame's lib and its symbol's lib are module 1.
  const Value& frames = shared["frameTable"];
  for (size_t frame = 0; frame < frames["length"].GetUint64(); ++frame) {
    const size_t func = frames["func"][frame].GetUint64();
    const size_t module = small.data.functions[func].module;
    EXPECT_EQ(frames["lib"][frame], module);
    EXPECT_EQ(shared["funcTable"]["resource"][func], module);
    EXPECT_EQ(shared["nativeSymbols"]["libIndex"][frames["nativeSymbol"][frame].GetUint64()], module);
    EXPECT_EQ(frames["address"][frame], small.data.frames[frame].address);
  }
}

TEST(FirefoxWriter, PrefixChainsResolveToTheRecordedStacks) {
  const SmallProfile small;
  const Document profile = write_json(small.data);
  const Value& stacks = profile["threads"][0]["samples"]["stack"];
  EXPECT_EQ(frames_of_stack(profile, stacks[0].GetUint64()), (std::vector<std::string>{"_start", "main", "work", "helper"}));
  EXPECT_EQ(frames_of_stack(profile, stacks[1].GetUint64()), (std::vector<std::string>{"_start", "main", "work"}));
  EXPECT_TRUE(stacks[2].IsNull());  // no guest frame was active
  EXPECT_EQ(frames_of_stack(profile, stacks[3].GetUint64()), (std::vector<std::string>{"_start", "main"}));
  EXPECT_EQ(profile["shared"]["stackTable"]["prefixOffset"][0], 0);  // the root
}

TEST(FirefoxWriter, SamplesCarryTimesWeightsAndCpuDeltasInMicroseconds) {
  SmallProfile small;
  const Document profile = write_json(small.data);
  const Value& samples = profile["threads"][0]["samples"];
  EXPECT_EQ(samples["time"], parse_json("[0, 2, 4, 6]"));
  EXPECT_TRUE(samples["weight"].IsNull());  // all 1
  EXPECT_EQ(samples["weightType"], "samples");
  // 0 ns means unknown: null, which the frontend reads as "no CPU data for this sample".
  EXPECT_EQ(samples["threadCPUDelta"], parse_json("[null, 1500, 2, null]"));

  small.data.samples[1].weight = 3;
  small.data.samples[2].cpu_delta_ns = 2500;
  const Document weighted = write_json(small.data);
  EXPECT_EQ(weighted["threads"][0]["samples"]["weight"], parse_json("[1, 3, 1, 1]"));
  EXPECT_EQ(weighted["threads"][0]["samples"]["threadCPUDelta"][2], 2.5);

  for (ProfileSample& sample : small.data.samples) sample.cpu_delta_ns = 0;
  const Document without_cpu = write_json(small.data);
  EXPECT_FALSE(without_cpu["threads"][0]["samples"].HasMember("threadCPUDelta"));  // nothing known: no column
}

TEST(FirefoxWriter, ProfilingEndTimeLiesBeyondEverySample) {
  SmallProfile small;
  small.data.end_time_ms = 6;  // the last sample is at 6: the frontend would drop it at end == 6
  const Document profile = write_json(small.data);
  const Value& meta = profile["meta"];
  EXPECT_GT(meta["profilingEndTime"].GetDouble(), 6.0);
  EXPECT_EQ(meta["endTime"].GetDouble(), meta["startTime"].GetDouble() + meta["profilingEndTime"].GetDouble());
}

TEST(FirefoxWriter, HostCallMarkersOpenAndClosed) {
  SmallProfile small;
  ProfileMarker closed;
  closed.kind = small.data.intern_marker_kind({"hostcall", "Host", "wasi_snapshot_preview1", "fd_write"});
  closed.start_ms = 1;
  closed.end_ms = 1.5;
  closed.stack = small.work_stack;
  ProfileMarker open = closed;
  open.kind = small.data.intern_marker_kind({"hostcall", "Host", "env", "wait"});
  open.start_ms = 5;
  open.end_ms.reset();
  open.stack = kNoIndex;
  small.data.markers = {closed, open};
  const Document profile = write_json(small.data);
  const Value& markers = profile["threads"][0]["markers"];
  ASSERT_EQ(markers["length"], 2);
  EXPECT_EQ(string_at(profile, markers["name"][0]), "hostcall");
  EXPECT_EQ(markers["phase"], parse_json("[1, 2]"));  // Interval, IntervalStart (still open)
  EXPECT_EQ(markers["startTime"], parse_json("[1, 5]"));
  EXPECT_EQ(markers["endTime"], parse_json("[1.5, null]"));
  const Value& categories = profile["meta"]["categories"];
  EXPECT_EQ(categories[markers["category"][0].GetUint64()]["name"], "Host");

  const Value& data = markers["data"][0];
  EXPECT_EQ(data["type"], "HostCall");
  EXPECT_EQ(string_at(profile, data["module"]), "wasi_snapshot_preview1");
  EXPECT_EQ(string_at(profile, data["function"]), "fd_write");
  EXPECT_EQ(data["cause"]["stack"], small.work_stack);
  EXPECT_EQ(data["cause"]["time"], 1.0);
  EXPECT_EQ(frames_of_stack(profile, data["cause"]["stack"].GetUint64()), (std::vector<std::string>{"_start", "main", "work"}));
  EXPECT_FALSE(markers["data"][1].HasMember("cause"));  // no guest stack
  EXPECT_EQ(string_at(profile, markers["data"][1]["function"]), "wait");
  // Its schema shows the import's module and name.
  const Value& schema = profile["meta"]["markerSchema"][0];
  EXPECT_EQ(schema["chartLabel"], "{marker.data.module}.{marker.data.function}");
  EXPECT_EQ(schema["fields"][0]["key"], "module");
  EXPECT_EQ(schema["fields"][1]["key"], "function");
}

TEST(FirefoxWriter, EmptyProfileIsComplete) {
  ProfileData empty;
  const Document profile = write_json(empty);
  EXPECT_EQ(profile["meta"]["preprocessedProfileVersion"], 70);
  EXPECT_GT(profile["meta"]["profilingEndTime"].GetDouble(), 0.0);  // a range the UI can show
  EXPECT_EQ(profile["libs"].Size(), 0u);
  EXPECT_EQ(profile["threads"].Size(), 1u);
  EXPECT_EQ(profile["threads"][0]["samples"]["length"], 0);
  EXPECT_EQ(profile["threads"][0]["markers"]["length"], 0);
  for (const char* table : {"stackTable", "frameTable", "funcTable", "resourceTable", "nativeSymbols", "sources"})
    EXPECT_EQ(profile["shared"][table]["length"], 0) << table;
  EXPECT_TRUE(profile["shared"]["stringArray"].IsArray());
}

TEST(FirefoxWriter, NamesNeedingEscapesAndNonAsciiSurvive) {
  SmallProfile small;
  const std::string tricky = "quote\" back\\slash new\nline tab\t nul\x01 g\xC3\xB6" "del::\xE9\x93\x81\xE9\x94\x88 \xF0\x9F\xA4\xA6";
  small.data.functions[2].name = tricky;
  small.data.modules[1].name = "m\xC3\xB6\"d.wasm";
  const Document profile = write_json(small.data);
  const Value& shared = profile["shared"];
  EXPECT_EQ(string_at(profile, shared["funcTable"]["name"][2]), tricky);
  EXPECT_EQ(string_at(profile, shared["resourceTable"]["name"][1]), "m\xC3\xB6\"d.wasm");
  EXPECT_EQ(profile["libs"][1]["name"], "m\xC3\xB6\"d.wasm");
}

TEST(FirefoxWriter, InlinedFramesShareTheOuterFramesAddressAndSymbol) {
  SmallProfile small;
  ProfileData& data = small.data;
  const uint32_t inlined = data.intern_function(0, 3, "inlined_callee");
  const uint32_t outer_frame = data.intern_frame({2, 0x58});  // work
  const uint32_t inner_frame = data.intern_frame({inlined, 0x58, 0, 0, 1});
  const uint32_t outer = data.intern_stack(small.main_stack, outer_frame);
  const uint32_t inner = data.intern_stack(outer, inner_frame);
  data.functions[2].code_offset = 0x40;
  data.functions[2].code_size = 0x30;
  data.samples.push_back({8, inner, 0, 1});
  const Document profile = write_json(data);
  const Value& frames = profile["shared"]["frameTable"];
  EXPECT_EQ(frames["inlineDepth"][inner_frame], 1);
  EXPECT_EQ(frames["address"][inner_frame], 0x58);
  EXPECT_EQ(frames["nativeSymbol"][inner_frame], frames["nativeSymbol"][outer_frame]);
  const size_t symbol = frames["nativeSymbol"][outer_frame].GetUint64();
  const Value& symbols = profile["shared"]["nativeSymbols"];
  EXPECT_EQ(string_at(profile, symbols["name"][symbol]), "work");
  EXPECT_EQ(symbols["address"][symbol], 0x40);  // the function's start, when known
  EXPECT_EQ(symbols["functionSize"][symbol], 0x30);
  EXPECT_EQ(frames_of_stack(profile, inner), (std::vector<std::string>{"_start", "main", "work", "inlined_callee"}));
}

TEST(FirefoxWriter, SourcePositionsWhenKnown) {
  SmallProfile small;
  small.data.functions[1].file = "src/main.rs";
  small.data.functions[1].line = 3;
  small.data.functions[1].column = 1;
  small.data.functions[2].file = "src/main.rs";
  small.data.frames[1].line = 9;
  small.data.frames[1].column = 5;
  const Document profile = write_json(small.data);
  const Value& shared = profile["shared"];
  ASSERT_EQ(shared["sources"]["length"], 1);  // one entry per file
  EXPECT_EQ(string_at(profile, shared["sources"]["filename"][0]), "src/main.rs");
  EXPECT_TRUE(shared["sources"]["id"][0].IsNull());
  EXPECT_EQ(shared["funcTable"]["source"], parse_json("[null, 0, 0, null]"));
  EXPECT_EQ(shared["funcTable"]["lineNumber"], parse_json("[null, 3, null, null]"));
  EXPECT_EQ(shared["funcTable"]["columnNumber"], parse_json("[null, 1, null, null]"));
  EXPECT_EQ(shared["frameTable"]["line"], parse_json("[null, 9, null, null]"));
  EXPECT_EQ(shared["frameTable"]["column"], parse_json("[null, 5, null, null]"));
}

// Every string value in the file is either one ProfileData holds or the format's own
// vocabulary: nothing about the host (paths, hostname, user, pid, configuration) can be in it.
// (Keys are literals of the writer.)
void collect_strings(const Value& value, std::set<std::string>& out) {
  if (value.IsString()) out.insert(value.GetString());
  if (value.IsObject())
    for (const auto& [key, element] : value.GetObject()) collect_strings(element, out);
  if (value.IsArray())
    for (const Value& element : value.GetArray()) collect_strings(element, out);
}

TEST(FirefoxWriter, NothingAboutTheHostLeaks) {
  const ProfileData data = testing::make_sample_profile(200);
  const std::string text = write_text(data);
  std::set<std::string> strings;
  collect_strings(parse_json(text), strings);

  std::set<std::string> from_data = {data.name, std::to_string(data.pid)};
  for (const ProfileModule& module : data.modules) from_data.insert({module.name, module.breakpad_id});
  for (const ProfileFunction& function : data.functions) from_data.insert({function.name, function.file});
  for (const MarkerKind& kind : data.marker_kinds)
    from_data.insert({kind.name, kind.category, kind.import_module, kind.import_name});
  // The format's vocabulary: keys, enumerations and the schema's labels.
  const std::set<std::string> vocabulary = {
      "ms", "µs", "wasm32", "default", "Other", "grey", "WebAssembly", "blue", "orange", "samples",
      "HostCall", "GuestInterval", "marker-chart", "marker-table", "timeline-overview", "unique-string",
      "Import module", "Import name", "module", "function", "{marker.data.module}.{marker.data.function}",
      "A call from the guest to a host function (one of its imports).", "An interval recorded by the guest profiler."};
  for (const std::string& s : strings)
    EXPECT_TRUE(from_data.count(s) || vocabulary.count(s)) << "unexpected string: " << s;

  char hostname[256] = {};
  ASSERT_EQ(gethostname(hostname, sizeof hostname - 1), 0);
  if (std::string(hostname).size() > 3) EXPECT_EQ(text.find(hostname), std::string::npos);
  EXPECT_EQ(text.find(std::filesystem::current_path().string()), std::string::npos);
  EXPECT_EQ(text.find("\"" + std::to_string(getpid()) + "\""), std::string::npos);
}

TEST(FirefoxWriter, InconsistentDataIsRejectedBeforeAnythingIsWritten) {
  const auto rejected = [](const ProfileData& data) {
    std::ostringstream out;
    const Result<Ok> written = write_firefox_profile(data, out);
    EXPECT_TRUE(out.str().empty());
    return !written.ok() && written.error().kind == ErrorKind::Invalid;
  };
  {
    SmallProfile small;
    small.data.samples[1].time_ms = -1;
    EXPECT_TRUE(rejected(small.data));  // negative time
  }
  {
    SmallProfile small;
    small.data.samples[3].time_ms = 1;
    EXPECT_TRUE(rejected(small.data));  // time going backwards
  }
  {
    SmallProfile small;
    small.data.stacks[1].prefix = 2;
    EXPECT_TRUE(rejected(small.data));  // a parent after its child
  }
  {
    SmallProfile small;
    small.data.samples[0].stack = 99;
    EXPECT_TRUE(rejected(small.data));
  }
  {
    SmallProfile small;
    small.data.frames[0].function = 99;
    EXPECT_TRUE(rejected(small.data));
  }
  {
    SmallProfile small;
    small.data.functions[0].module = 5;
    EXPECT_TRUE(rejected(small.data));
  }
  {
    SmallProfile small;
    small.data.interval_ms = 0;
    EXPECT_TRUE(rejected(small.data));
  }
  {
    SmallProfile small;
    ProfileMarker marker;
    marker.kind = small.data.intern_marker_kind({"hostcall", "Host", "env", "f"});
    marker.start_ms = 3;
    marker.end_ms = 2;
    small.data.markers.push_back(marker);
    EXPECT_TRUE(rejected(small.data));  // ends before it starts
    small.data.markers.back().end_ms = 4;
    EXPECT_TRUE(check_profile_data(small.data).ok());
    small.data.markers.back().kind = 1;
    EXPECT_TRUE(rejected(small.data));  // a kind that does not exist
  }
}

TEST(FirefoxWriter, AFailingStreamIsAnIoError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  const Result<Ok> written = write_firefox_profile(SmallProfile().data, out);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::Io);
}

}  // namespace
}  // namespace wasmprof::profile
