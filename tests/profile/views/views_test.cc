// Reading a written profile back, and the views of it: the report table, the call tree and
// collapsed stacks.
#include "profile/views/views.hh"

#include <gtest/gtest.h>

#include <sstream>

#include "profile/format/firefox_reader.hh"
#include "profile/format/firefox_writer.hh"
#include "profile/sample_profile.hh"

namespace wasmprof::profile {
namespace {

// main -> work -> leaf (3 samples), main -> work (1), main -> other (2), and one sample outside.
ProfileData small_profile() {
  ProfileData data;
  data.name = "app";
  data.modules.push_back(ProfileModule{"app.wasm", 1000, "00"});
  const uint32_t main_fn = data.intern_function(0, 1, "main");
  const uint32_t work_fn = data.intern_function(0, 2, "work;with;semicolons");
  const uint32_t leaf_fn = data.intern_function(0, 3, "leaf");
  const uint32_t other_fn = data.intern_function(0, 4, "other");
  auto frame = [&](uint32_t function, uint32_t address) { return data.intern_frame({function, address, 0, 0, 0}); };
  const uint32_t main_stack = data.intern_stack(kNoIndex, frame(main_fn, 10));
  const uint32_t work_stack = data.intern_stack(main_stack, frame(work_fn, 20));
  const uint32_t leaf_stack = data.intern_stack(work_stack, frame(leaf_fn, 30));
  const uint32_t other_stack = data.intern_stack(main_stack, frame(other_fn, 40));
  double time = 0;
  for (uint32_t stack : {leaf_stack, leaf_stack, leaf_stack, work_stack, other_stack, other_stack, kNoIndex})
    data.samples.push_back(ProfileSample{time += 1, stack, 1000, 1});
  data.end_time_ms = time + 1;
  return data;
}

TEST(FirefoxReader, ReadsBackWhatTheWriterWrote) {
  const ProfileData original = testing::make_sample_profile(400);
  std::ostringstream json;
  ASSERT_TRUE(write_firefox_profile(original, json).ok());
  Result<ProfileData> read = read_firefox_profile(json.str());
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  ASSERT_EQ(read->samples.size(), original.samples.size());
  ASSERT_EQ(read->stacks.size(), original.stacks.size());
  ASSERT_EQ(read->functions.size(), original.functions.size());
  for (size_t i = 0; i < original.samples.size(); ++i) {
    EXPECT_EQ(read->samples[i].stack, original.samples[i].stack) << i;
    EXPECT_EQ(read->samples[i].time_ms, original.samples[i].time_ms) << i;  // every bit: shortest form, read exactly
    EXPECT_NEAR(double(read->samples[i].cpu_delta_ns), double(original.samples[i].cpu_delta_ns), 1.0) << i;
  }
  for (size_t i = 0; i < original.stacks.size(); ++i) {
    EXPECT_EQ(read->stacks[i].prefix, original.stacks[i].prefix) << i;
    EXPECT_EQ(read->frames[read->stacks[i].frame].function, original.frames[original.stacks[i].frame].function);
  }
  bool some_file = false;
  for (size_t i = 0; i < original.functions.size(); ++i) {
    EXPECT_EQ(read->functions[i].name, original.functions[i].name);
    EXPECT_EQ(read->functions[i].file, original.functions[i].file) << i;
    EXPECT_EQ(read->functions[i].line, original.functions[i].line) << i;
    some_file = some_file || !original.functions[i].file.empty();
  }
  EXPECT_TRUE(some_file);  // the sample profile has source positions to carry
  // The views agree whether they read the data or the file.
  EXPECT_EQ(collapsed_stacks(read.value()), collapsed_stacks(original));
}

TEST(FirefoxReader, RefusesWhatItCannotRead) {
  EXPECT_EQ(read_firefox_profile("not json").error().kind, ErrorKind::Invalid);
  EXPECT_EQ(read_firefox_profile(R"({"meta":{"preprocessedProfileVersion":55},"shared":{},"threads":[]})").error().kind,
            ErrorKind::Invalid);
  // Tables missing or of the wrong kind (found by fuzzing: a missing funcTable threw).
  EXPECT_EQ(read_firefox_profile(R"({"meta":{"preprocessedProfileVersion":70},"shared":{},"threads":[{}]})").error().kind,
            ErrorKind::Invalid);
  EXPECT_EQ(read_firefox_profile(R"({"meta":{"preprocessedProfileVersion":70},"shared":[],"threads":[1]})").error().kind,
            ErrorKind::Invalid);
  // Nesting deeper than a recursive parser's stack could take, and text that is not UTF-8.
  EXPECT_EQ(read_firefox_profile(std::string(1'000'000, '[')).error().kind, ErrorKind::Invalid);
  EXPECT_EQ(read_firefox_profile("{\"meta\":\"\xFF\",\"shared\":{},\"threads\":[]}").error().kind, ErrorKind::Invalid);
  // Values of the wrong kind where the reader looks for a string, a number or a count.
  for (const char* wrong : {R"({"meta":{"preprocessedProfileVersion":70,"interval":"1"},"shared":{},"threads":[{}]})",
                            R"({"meta":{"preprocessedProfileVersion":70},"shared":{},"threads":[{"name":3}]})",
                            R"({"meta":{"preprocessedProfileVersion":70},"shared":{"stringArray":[],"funcTable":{"length":-1}},"threads":[{}]})",
                            R"({"meta":{"preprocessedProfileVersion":"70"},"shared":{},"threads":[{}]})"})
    EXPECT_EQ(read_firefox_profile(wrong).error().kind, ErrorKind::Invalid) << wrong;
  EXPECT_EQ(read_firefox_profile_file("/nonexistent/profile.json").error().kind, ErrorKind::Io);
  EXPECT_EQ(read_firefox_profile_file("/tmp").error().kind, ErrorKind::Io);  // a directory
}

TEST(Views, ReportCountsSelfAndTotalPerFunction) {
  const std::string report = format_report(small_profile(), ReportOptions{});
  EXPECT_NE(report.find("# app: 7 samples (1 outside the profiled modules)"), std::string::npos) << report;
  // leaf: self 3 of 7; main: self 0, total 6 of 7.
  EXPECT_NE(report.find("  42.9%   42.9%         3  leaf  [app.wasm]"), std::string::npos) << report;
  EXPECT_NE(report.find("   0.0%   85.7%         0  main  [app.wasm]"), std::string::npos) << report;
  EXPECT_NE(report.find("  14.3%   57.1%         1  work;with;semicolons"), std::string::npos) << report;
  // Sorted by self: leaf, other, work, main.
  EXPECT_LT(report.find("leaf"), report.find("other"));
  EXPECT_LT(report.find("other"), report.find("work;"));
  EXPECT_LT(report.find("work;"), report.find("main"));
}

TEST(Views, TheTreeNestsCallees) {
  ReportOptions options;
  options.tree = true;
  const std::string tree = format_report(small_profile(), options);
  EXPECT_NE(tree.find("  85.7%    0.0%  main  [app.wasm]\n"), std::string::npos) << tree;
  EXPECT_NE(tree.find("  57.1%   14.3%    work;with;semicolons  [app.wasm]\n"), std::string::npos) << tree;
  EXPECT_NE(tree.find("  42.9%   42.9%      leaf  [app.wasm]\n"), std::string::npos) << tree;
  EXPECT_NE(tree.find("  28.6%   28.6%    other  [app.wasm]\n"), std::string::npos) << tree;
}

TEST(Views, CollapsedStacksAreFoldedAndEscaped) {
  EXPECT_EQ(collapsed_stacks(small_profile()),
            "main;other 2\n"
            "main;work:with:semicolons 1\n"
            "main;work:with:semicolons;leaf 3\n");
}

// main (lines 30, 31) -> hot (line 22) with `mix` inlined into it at line 23 (mix's own line 10),
// as the guest profiler records a -g guest: 4 samples on hot:22, 2 in mix, 1 on main:31.
ProfileData profile_with_lines() {
  ProfileData data;
  data.name = "lines";
  data.modules.push_back(ProfileModule{"app.wasm", 1000, "00"});
  const uint32_t main_fn = data.intern_function(0, 1, "main");
  const uint32_t hot_fn = data.intern_function(0, 2, "hot");
  const uint32_t mix_fn = uint32_t(data.functions.size());  // inlined: no wasm function index
  data.functions.push_back(ProfileFunction{0, kNoIndex, "mix", "/src/util/mix.h", 9, 0, 0, 0});
  data.functions[main_fn].file = data.functions[hot_fn].file = "/src/app.c";
  const uint32_t main_30 = data.intern_stack(kNoIndex, data.intern_frame({main_fn, 10, 30, 0, 0}));
  const uint32_t main_31 = data.intern_stack(kNoIndex, data.intern_frame({main_fn, 12, 31, 0, 0}));
  const uint32_t hot_22 = data.intern_stack(main_30, data.intern_frame({hot_fn, 20, 22, 0, 0}));
  const uint32_t hot_23 = data.intern_stack(main_30, data.intern_frame({hot_fn, 24, 23, 0, 0}));
  const uint32_t mix_10 = data.intern_stack(hot_23, data.intern_frame({mix_fn, 24, 10, 0, 1}));
  double time = 0;
  for (uint32_t stack : {hot_22, hot_22, hot_22, hot_22, mix_10, mix_10, main_31})
    data.samples.push_back(ProfileSample{time += 1, stack, 1000, 1});
  data.end_time_ms = time + 1;
  return data;
}

TEST(Views, ReportPerSourceLineReadBackFromTheWrittenProfile) {
  std::ostringstream json;
  ASSERT_TRUE(write_firefox_profile(profile_with_lines(), json).ok());
  Result<ProfileData> read = read_firefox_profile(json.str());
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  ReportOptions options;
  options.lines = true;
  EXPECT_EQ(format_report(*read, options),
            "# lines: 7 samples\n"
            "#  Self%  Total%   Samples  Line  Function\n"
            "  57.1%   57.1%         4  app.c:22  hot  [app.wasm]\n"
            "  28.6%   28.6%         2  mix.h:10  mix  [app.wasm]\n"
            "  14.3%   14.3%         1  app.c:31  main  [app.wasm]\n"
            "   0.0%   85.7%         0  app.c:30  main  [app.wasm]\n"
            "   0.0%   28.6%         0  app.c:23  hot  [app.wasm]\n");
  // The call tree per line: the inlined call is a node of its own under its call site.
  options.tree = true;
  const std::string tree = format_report(*read, options);
  EXPECT_NE(tree.find("  85.7%    0.0%  app.c:30  main  [app.wasm]\n"
                      "  57.1%   57.1%    app.c:22  hot  [app.wasm]\n"
                      "  28.6%    0.0%    app.c:23  hot  [app.wasm]\n"
                      "  28.6%   28.6%      mix.h:10  mix  [app.wasm]\n"),
            std::string::npos)
      << tree;
  // Per function, the inlined function is still a row of its own.
  options = ReportOptions{};
  EXPECT_NE(format_report(*read, options).find("  28.6%   28.6%         2  mix  [app.wasm]\n"), std::string::npos);
}

}  // namespace
}  // namespace wasmprof::profile
