// The SVG flame graph: geometry against the samples, escaping, colours, and refusal of bad input.
// (Well-formedness is checked by an XML parser and the picture by rsvg-convert in the CLI tests.)
#include "profile/views/flamegraph.hh"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "profile/sample_profile.hh"

namespace wasmprof::profile {
namespace {

struct DrawnFrame {
  std::string name;
  uint64_t samples = 0;
  uint32_t depth = 0;
  double x = 0, width = 0;
  std::string fill, label;
};

std::vector<DrawnFrame> frames_of(const std::string& svg) {
  static const std::regex kFrame(
      "<g class=\"frame\" data-name=\"([^\"]*)\" data-start=\"[0-9]+\" data-samples=\"([0-9]+)\" data-depth=\"([0-9]+)\">"
      "<title>[^<]*</title><rect x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\" height=\"15\" rx=\"2\" "
      "fill=\"([^\"]+)\"/><text x=\"[0-9.]+\" y=\"[0-9.]+\">([^<]*)</text></g>");
  std::vector<DrawnFrame> frames;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kFrame); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    frames.push_back({m[1], std::stoull(m[2]), uint32_t(std::stoul(m[3])), std::stod(m[4]), std::stod(m[5]), m[6], m[7]});
  }
  return frames;
}

// main -> work (6), main -> work -> leaf (3), main -> host_call (1 sample), one outside.
ProfileData small_profile() {
  ProfileData data;
  data.name = "app<1>";
  data.modules.push_back(ProfileModule{"app.wasm", 100, ""});
  const uint32_t main_fn = data.intern_function(0, 1, "main");
  const uint32_t work_fn = data.intern_function(0, 2, "work<a & \"b\">");
  const uint32_t leaf_fn = data.intern_function(0, 3, "a_leaf_with_a_name_much_longer_than_its_frame_is_wide_"
                                                      "so_that_the_label_has_to_be_cut_short_to_fit_in_it_xxxxxxxxxx");
  const uint32_t host_fn = data.intern_function(kNoIndex, 0, "host_call");
  auto frame = [&](uint32_t function) { return data.intern_frame({function, function * 10, 0, 0, 0}); };
  const uint32_t main_stack = data.intern_stack(kNoIndex, frame(main_fn));
  const uint32_t work_stack = data.intern_stack(main_stack, frame(work_fn));
  const uint32_t leaf_stack = data.intern_stack(work_stack, frame(leaf_fn));
  const uint32_t host_stack = data.intern_stack(main_stack, frame(host_fn));
  for (uint32_t stack : {work_stack, work_stack, leaf_stack, leaf_stack, leaf_stack, host_stack, kNoIndex})
    data.samples.push_back(ProfileSample{0, stack, 0, 1});
  data.samples[0].weight = 4;  // work: 4 + 1 + its leaf's 3 = 8 of 9 drawn samples
  return data;
}

TEST(Flamegraph, WidthsAreSharesOfTheSamplesAndCallersAreBelow) {
  const ProfileData data = small_profile();
  Result<std::string> svg = flamegraph_svg(data, FlamegraphOptions{});
  ASSERT_TRUE(svg.ok()) << svg.error().to_string();
  const std::vector<DrawnFrame> frames = frames_of(svg.value());
  std::map<std::string, DrawnFrame> by_name;
  for (const DrawnFrame& frame : frames) by_name[frame.name] = frame;
  ASSERT_EQ(frames.size(), 5u) << svg.value();  // all, main, work, leaf, host_call
  const double plot = 1200 - 2 * kFlamegraphSideSpace;
  for (const DrawnFrame& frame : frames) EXPECT_NEAR(frame.width, plot * double(frame.samples) / 9.0, 0.01) << frame.name;
  EXPECT_EQ(by_name.at("all").samples, 9u);
  EXPECT_EQ(by_name.at("main").samples, 9u);
  EXPECT_EQ(by_name.at("work&lt;a &amp; &quot;b&quot;&gt;").samples, 8u);
  EXPECT_EQ(by_name.at("host_call").samples, 1u);
  EXPECT_EQ(by_name.at("work&lt;a &amp; &quot;b&quot;&gt;").depth, 2u);
  // Siblings in name order: host_call left of work.
  EXPECT_LT(by_name.at("host_call").x, by_name.at("work&lt;a &amp; &quot;b&quot;&gt;").x);
  // The picture is as tall as the deepest stack (4 levels with "all").
  EXPECT_NE(svg->find("height=\"" + std::to_string(kFlamegraphTopSpace + 4 * kFlamegraphFrameHeight +
                                                    kFlamegraphBottomSpace) + "\""),
            std::string::npos);
  EXPECT_NE(svg->find("Flame graph of app&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg->find("9 samples"), std::string::npos);
  EXPECT_NE(svg->find("1 more outside the profiled modules"), std::string::npos);
}

TEST(Flamegraph, LabelsAreCutToFitAndColoursSayWhoseCodeItIs) {
  const std::vector<DrawnFrame> frames = frames_of(flamegraph_svg(small_profile(), FlamegraphOptions{}).value());
  for (const DrawnFrame& frame : frames) {
    if (frame.name.starts_with("a_leaf")) {
      ASSERT_TRUE(frame.label.ends_with("..")) << frame.label;
      EXPECT_TRUE(frame.name.starts_with(frame.label.substr(0, frame.label.size() - 2)));
      EXPECT_LE(double(frame.label.size()) * 12 * 0.59, frame.width);
    }
    if (frame.name == "main") EXPECT_EQ(frame.label, "main");
  }
  std::map<std::string, std::string> fills;
  for (const DrawnFrame& frame : frames) fills[frame.name] = frame.fill;
  // Host frames are blue (blue the largest component), guest frames warm (red the largest).
  auto component = [](const std::string& fill, int which) {
    std::smatch m;
    std::regex_match(fill, m, std::regex("rgb\\(([0-9]+),([0-9]+),([0-9]+)\\)"));
    return std::stoi(m[size_t(which + 1)]);
  };
  EXPECT_GT(component(fills.at("host_call"), 2), component(fills.at("host_call"), 0));
  EXPECT_GT(component(fills.at("main"), 0), component(fills.at("main"), 2));
  // Deterministic: the same name, the same colour, in another profile too.
  const std::vector<DrawnFrame> again = frames_of(flamegraph_svg(small_profile(), FlamegraphOptions{}).value());
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i].fill, again[i].fill);
}

TEST(Flamegraph, EscapesEverythingAndStaysValidUtf8) {
  ProfileData data = small_profile();
  data.functions[0].name = std::string("m\xFF\x01<]]>", 7);
  const std::string svg = flamegraph_svg(data, FlamegraphOptions{}).value();
  EXPECT_EQ(svg.find("\xFF"), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_NE(svg.find("m\xEF\xBF\xBD\xEF\xBF\xBD&lt;]]&gt;"), std::string::npos);
  // One CDATA section only: the script's.
  EXPECT_EQ(svg.find("]]>"), svg.rfind("]]>"));
}

TEST(Flamegraph, NarrowFramesAreLeftOut) {
  ProfileData data = small_profile();
  FlamegraphOptions options;
  options.min_frame_width = 200;  // host_call is 1180 / 9 ≈ 131 pixels wide
  const std::vector<DrawnFrame> frames = frames_of(flamegraph_svg(data, options).value());
  for (const DrawnFrame& frame : frames) EXPECT_NE(frame.name, "host_call");
  EXPECT_EQ(frames.size(), 4u);
}

TEST(Flamegraph, RefusesBadInputWithAnError) {
  ProfileData data = small_profile();
  FlamegraphOptions options;
  options.width = 10;
  EXPECT_EQ(flamegraph_svg(data, options).error().kind, ErrorKind::Usage);
  data.stacks[1].prefix = 3;
  EXPECT_EQ(flamegraph_svg(data, FlamegraphOptions{}).error().kind, ErrorKind::Invalid);
  // No samples at all is a picture with only "all", not an error.
  ProfileData empty;
  EXPECT_TRUE(flamegraph_svg(empty, FlamegraphOptions{}).ok());
  // A realistic profile draws.
  EXPECT_GT(frames_of(flamegraph_svg(testing::make_sample_profile(300), FlamegraphOptions{}).value()).size(), 10u);
}

}  // namespace
}  // namespace wasmprof::profile
