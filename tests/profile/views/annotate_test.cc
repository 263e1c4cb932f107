// One function's samples per instruction and per source line (report --asm / --source), and the
// code ranges a written profile carries back to them.
#include "profile/views/annotate.hh"

#include <gtest/gtest.h>

#include <sstream>

#include "profile/format/firefox_reader.hh"
#include "profile/format/firefox_writer.hh"

namespace wasmprof::profile {
namespace {

// main (0x10..0x20) calls work (code 0x100..0x140), into which `helper` is inlined at 0x120;
// work also calls itself. Samples:
//   main@0x12 > work@0x104 (line 5)                          x2
//   main@0x12 > work@0x110 (line 6)                          x1
//   main@0x12 > work@0x120 (line 7) > helper@0x120 (line 30) x3  (inlined: work's code, helper's self)
//   main@0x12 > work@0x130 (line 8) > work@0x104 (line 5)    x1  (recursion)
//   main@0x14                                                 x1
ProfileData profile_with_inlining() {
  ProfileData data;
  data.name = "app";
  data.modules.push_back(ProfileModule{"app.wasm", 0x200, "00"});
  const uint32_t main_fn = data.intern_function(0, 1, "main");
  const uint32_t work_fn = data.intern_function(0, 2, "work");
  const uint32_t helper_fn = data.intern_function(0, kNoIndex, "helper");
  data.functions[work_fn].file = "app.c";
  data.functions[work_fn].line = 4;
  data.functions[work_fn].code_offset = 0x100;
  data.functions[work_fn].code_size = 0x40;
  data.functions[main_fn].code_offset = 0x10;
  data.functions[main_fn].code_size = 0x10;
  auto frame = [&](uint32_t function, uint32_t address, uint32_t line, uint32_t depth = 0) {
    return data.intern_frame({function, address, line, 0, depth});
  };
  const uint32_t main_stack = data.intern_stack(kNoIndex, frame(main_fn, 0x12, 1));
  const uint32_t a = data.intern_stack(main_stack, frame(work_fn, 0x104, 5));
  const uint32_t b = data.intern_stack(main_stack, frame(work_fn, 0x110, 6));
  const uint32_t c = data.intern_stack(data.intern_stack(main_stack, frame(work_fn, 0x120, 7)), frame(helper_fn, 0x120, 30, 1));
  const uint32_t d = data.intern_stack(data.intern_stack(main_stack, frame(work_fn, 0x130, 8)), frame(work_fn, 0x104, 5));
  const uint32_t e = data.intern_stack(kNoIndex, frame(main_fn, 0x14, 2));
  double time = 0;
  for (uint32_t stack : {a, a, b, c, c, c, d, e}) data.samples.push_back(ProfileSample{time += 1, stack, 0, 1});
  data.end_time_ms = time + 1;
  return data;
}

TEST(Annotate, CountsSelfCodeAndLinesOfOneFunction) {
  const ProfileData data = profile_with_inlining();
  const std::vector<uint32_t> found = functions_named(data, "work");
  ASSERT_EQ(found.size(), 1u);
  const FunctionHeat heat = function_heat(data, found[0]);
  EXPECT_EQ(heat.samples, 8u);
  EXPECT_EQ(heat.self, 4u);     // a a b d: helper's samples are helper's own
  EXPECT_EQ(heat.in_code, 7u);  // and helper's 3, inlined into work's code
  EXPECT_EQ(heat.total, 7u);
  EXPECT_EQ(heat.in_code_at_address, (std::map<uint32_t, uint64_t>{{0x104, 3}, {0x110, 1}, {0x120, 3}}));
  EXPECT_EQ(heat.self_at_line, (std::map<uint32_t, uint64_t>{{5, 3}, {6, 1}}));
  // The recursive sample counts once on line 5, and once on line 8 where it called itself.
  EXPECT_EQ(heat.total_at_line, (std::map<uint32_t, uint64_t>{{5, 3}, {6, 1}, {7, 3}, {8, 1}}));
  EXPECT_TRUE(functions_named(data, "nothing").empty());
}

TEST(Annotate, EachAddressCountsOnTheInstructionItLiesIn) {
  const ProfileData data = profile_with_inlining();
  const FunctionHeat heat = function_heat(data, functions_named(data, "work")[0]);
  // 0x104 lies in the instruction at 0x102; 0x110 starts one; 0x120 lies past the listing's end.
  const std::vector<ListedInstruction> listing = {{0x102, 0, "local.get 0"}, {0x106, 1, "i32.add"}, {0x110, 1, "end"}};
  const InstructionSamples counted = samples_per_instruction(heat, listing, 0x111);
  EXPECT_EQ(counted.per_instruction, (std::vector<uint64_t>{3, 0, 1}));
  EXPECT_EQ(counted.outside, 3u);
  const std::string text = format_annotated_instructions(data, heat, listing, 0x111);
  EXPECT_NE(text.find("# work  [app.wasm]: 4 self samples of 8 (50.0%)"), std::string::npos) << text;
  EXPECT_NE(text.find("(4 its own, 3 of functions inlined into it)"), std::string::npos) << text;
  EXPECT_NE(text.find("  42.9%        3  0x000102  local.get 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("               0  0x000106    i32.add\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# 3 samples at addresses outside these instructions"), std::string::npos) << text;
}

TEST(Annotate, SourceListingShowsTheSampledLinesWithTheirText) {
  const ProfileData data = profile_with_inlining();
  const FunctionHeat heat = function_heat(data, functions_named(data, "work")[0]);
  std::string source;
  for (int line = 1; line <= 40; ++line) source += "line " + std::to_string(line) + "\n";
  const std::string text = format_annotated_source(data, heat, &source);
  EXPECT_NE(text.find("# app.c\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  75.0%   37.5%        3      5  line 5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("          12.5%        0      8  line 8\n"), std::string::npos) << text;
  // Two lines of context around the sampled ones (4..8), nothing far from them.
  EXPECT_NE(text.find("     10  line 10\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("     11  line 11\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("      1  line 1\n"), std::string::npos) << text;
  const std::string counts_only = format_annotated_source(data, heat, nullptr);
  EXPECT_NE(counts_only.find("counts only"), std::string::npos) << counts_only;
  EXPECT_NE(counts_only.find("        3      5  \n"), std::string::npos) << counts_only;
}

TEST(Annotate, TheWrittenProfileCarriesEachFunctionsCodeRange) {
  const ProfileData data = profile_with_inlining();
  std::ostringstream json;
  ASSERT_TRUE(write_firefox_profile(data, json).ok());
  Result<ProfileData> read = read_firefox_profile(json.str());
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  const uint32_t work = functions_named(*read, "work")[0];
  EXPECT_EQ(read->functions[work].code_offset, 0x100u);
  EXPECT_EQ(read->functions[work].code_size, 0x40u);
  EXPECT_EQ(read->modules[0].breakpad_id, "00");
  const FunctionHeat heat = function_heat(*read, work);
  EXPECT_EQ(heat.in_code, 7u);
  EXPECT_EQ(heat.self, 4u);
  EXPECT_TRUE(read->source_texts.empty());  // nothing embedded unless asked
}

TEST(Annotate, EmbeddedSourceTextsAreWrittenAndReadBack) {
  ProfileData data = profile_with_inlining();
  data.source_texts["app.c"] = "int work(void) {\n  return \"\\u00e9\";\n}\n";
  std::ostringstream json;
  ASSERT_TRUE(write_firefox_profile(data, json).ok());
  EXPECT_NE(json.str().find("\"content\":[\"int work(void) {\\n"), std::string::npos) << json.str();
  Result<ProfileData> read = read_firefox_profile(json.str());
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read->source_texts, data.source_texts);
}

}  // namespace
}  // namespace wasmprof::profile
