// DwarfLines against real guests compiled with -g (tests/guests/dwarf_lines.c), against modules
// without or with foreign DWARF, and against corrupted DWARF.
#include "profile/dwarf/dwarf_lines.hh"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>

#include "binary/decoder.hh"
#include "profile/dwarf/dwarf_section_guard.hh"
#include "profile/dwarf_test_support.hh"
#include "wasmprof/engine.hh"

namespace wasmprof::profile {
namespace {

using dwarf_test::append_custom_section;
using dwarf_test::find_markers;
using dwarf_test::read_bytes;

const std::filesystem::path kGuestDir = WASMPROF_TEST_GUEST_DIR;
const std::filesystem::path kGuestSource = WASMPROF_DWARF_GUEST_SOURCE;

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Every module offset of the code section with what lookup says of it.
struct Attribution {
  uint32_t offset;
  std::vector<SourceLocation> frames;
};

std::vector<Attribution> attribute_all(const DecodedModule& module, const DwarfLines& lines) {
  std::vector<Attribution> all;
  for (const FunctionBody& body : module.bodies) {
    for (uint32_t offset = body.code.offset; offset < body.code.end(); ++offset) {
      all.push_back({offset, lines.lookup(offset)});
    }
  }
  return all;
}

std::optional<ByteRange> body_of(const DecodedModule& module, std::string_view name) {
  for (const auto& [index, function_name] : module.names.functions) {
    if (function_name == name && index >= module.imported_function_count) {
      return module.bodies[index - module.imported_function_count].entry;
    }
  }
  return std::nullopt;
}

class DwarfGuestTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    bytes_ = read_bytes(kGuestDir / (std::string(GetParam()) + ".wasm"));
    auto decoded = decode_module(bytes_);
    ASSERT_TRUE(decoded) << decoded.error().to_string();
    module_ = std::move(decoded.value());
    auto built = DwarfLines::build(bytes_);
    ASSERT_TRUE(built) << built.error().to_string();
    lines_ = std::move(built.value());
    markers_ = find_markers(kGuestSource);
  }

  uint32_t marker(const std::string& name) const {
    auto it = markers_.find(name);
    return it == markers_.end() ? 0 : it->second;
  }

  std::vector<uint8_t> bytes_;
  DecodedModule module_;
  DwarfLines lines_;
  std::map<std::string, uint32_t> markers_;
};

TEST_P(DwarfGuestTest, MatchingDwarfGivesNoWarnings) {
  EXPECT_TRUE(lines_.has_debug_info());
  EXPECT_TRUE(lines_.warnings().empty()) << lines_.warnings().front();
  EXPECT_GT(lines_.line_row_count(), 100u);
  EXPECT_GT(lines_.scope_count(), 10u);
}

TEST_P(DwarfGuestTest, MarkedLinesAreAttributedToTheirFunctions) {
  auto all = attribute_all(module_, lines_);
  auto seen = [&](std::string_view function, uint32_t line, size_t depth) {
    return std::any_of(all.begin(), all.end(), [&](const Attribution& a) {
      return a.frames.size() == depth && a.frames[0].function == function && a.frames[0].line == line &&
             ends_with(a.frames[0].file, "dwarf_lines.c");
    });
  };
  ASSERT_NE(marker("count_bits_loop"), 0u);
  EXPECT_TRUE(seen("count_bits", marker("count_bits_loop"), 1));
  EXPECT_TRUE(seen("main", marker("main_calls"), 1));
  // And nothing is attributed to a line of one function from inside another's body.
  auto count_bits = body_of(module_, "count_bits");
  ASSERT_TRUE(count_bits);
  for (const Attribution& a : all) {
    if (!a.frames.empty() && a.frames[0].line == marker("count_bits_loop") &&
        ends_with(a.frames[0].file, "dwarf_lines.c")) {
      EXPECT_GE(a.offset, count_bits->offset);
      EXPECT_LT(a.offset, count_bits->end());
    }
  }
}

TEST_P(DwarfGuestTest, InlinedHelperShowsItsLineThenTheCallersCallLine) {
  auto mix = body_of(module_, "mix");
  ASSERT_TRUE(mix);
  std::optional<Attribution> inlined;
  for (const Attribution& a : attribute_all(module_, lines_)) {
    if (a.frames.size() == 2 && a.frames[0].function == "scramble" && a.frames[0].line == marker("scramble_body")) {
      inlined = a;
      break;
    }
  }
  ASSERT_TRUE(inlined) << "no address inside the inlined scramble() on its marked line";
  EXPECT_GE(inlined->offset, mix->offset);
  EXPECT_LT(inlined->offset, mix->end());
  EXPECT_TRUE(ends_with(inlined->frames[0].file, "dwarf_lines.c"));
  const SourceLocation& caller = inlined->frames[1];
  EXPECT_EQ(caller.function, "mix");
  EXPECT_TRUE(ends_with(caller.file, "dwarf_lines.c")) << caller.file;
  EXPECT_EQ(caller.line, marker("mix_calls_scramble"));
  EXPECT_GT(caller.column, 0u);
  // Each frame also says where its function is defined, for ProfileFunction.
  EXPECT_EQ(inlined->frames[0].definition_line, marker("scramble_definition"));
  EXPECT_TRUE(ends_with(inlined->frames[0].definition_file, "dwarf_lines.c"));
  EXPECT_EQ(caller.definition_line, marker("mix_definition"));
}

TEST_P(DwarfGuestTest, OffsetsOutsideTheCodeAreUnknown) {
  EXPECT_TRUE(lines_.lookup(0).empty());
  EXPECT_TRUE(lines_.lookup(module_.code_section_offset).empty());  // the function count
  EXPECT_TRUE(lines_.lookup(uint32_t(bytes_.size()) + 100).empty());
}

TEST_P(DwarfGuestTest, BuildingFromACompiledModuleGivesTheSameIndex) {
  Engine engine;
  auto module = Module::compile(engine, bytes_);
  ASSERT_TRUE(module) << module.error().to_string();
  auto from_module = DwarfLines::build(*module);
  ASSERT_TRUE(from_module) << from_module.error().to_string();
  EXPECT_TRUE(from_module->warnings().empty()) << from_module->warnings().front();
  EXPECT_EQ(from_module->line_row_count(), lines_.line_row_count());
  for (const FunctionBody& body : module_.bodies) {
    for (uint32_t offset = body.code.offset; offset < body.code.end(); offset += 7) {
      ASSERT_EQ(from_module->lookup(offset), lines_.lookup(offset)) << offset;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(DwarfVersions, DwarfGuestTest, testing::Values("dwarf_lines", "dwarf_lines_v5"));

TEST(DwarfLinesTest, ModuleWithoutDwarfGivesAnEmptyIndex) {
  auto bytes = read_bytes(kGuestDir / "example.wasm");
  auto lines = DwarfLines::build(bytes);
  ASSERT_TRUE(lines) << lines.error().to_string();
  EXPECT_FALSE(lines->has_debug_info());
  EXPECT_TRUE(lines->warnings().empty());
  auto decoded = decode_module(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(lines->lookup(decoded->bodies.front().code.offset).empty());
}

TEST(DwarfLinesTest, ModuleThatIsNotWasmIsAnError) {
  std::vector<uint8_t> junk = {1, 2, 3, 4};
  EXPECT_FALSE(DwarfLines::build(junk));
}

// Sections of one module carried by another: what a tool that rewrote the code but kept the
// old DWARF produces.
std::vector<uint8_t> with_debug_sections_of(std::vector<uint8_t> module, const std::vector<uint8_t>& donor) {
  auto decoded = decode_module(donor);
  if (!decoded) throw std::runtime_error(decoded.error().to_string());
  for (const CustomSection& custom : decoded->customs) {
    if (custom.name.starts_with(".debug_")) {
      auto payload = decoded->span(custom.payload);
      append_custom_section(module, custom.name, {payload.begin(), payload.end()});
    }
  }
  return module;
}

TEST(DwarfLinesTest, DwarfOfOtherCodeGivesAMismatchWarning) {
  auto mismatched = with_debug_sections_of(read_bytes(kGuestDir / "cli_guest.wasm"),
                                           read_bytes(kGuestDir / "dwarf_lines.wasm"));
  auto lines = DwarfLines::build(mismatched);
  ASSERT_TRUE(lines) << lines.error().to_string();
  EXPECT_TRUE(lines->has_debug_info());
  ASSERT_FALSE(lines->warnings().empty());
  EXPECT_TRUE(std::any_of(lines->warnings().begin(), lines->warnings().end(), [](const std::string& w) {
    return w.starts_with("DWARF does not match the code: ");
  })) << lines->warnings().front();
}

// Real DWARF can be wrong in one place and right everywhere else (a 49 MB debug build had one
// subprogram range of 9,810 ending past the code): the bad range is left out, with one warning,
// and every other line, name and inlined frame is used.
TEST(DwarfLinesTest, OneFunctionRangeOffTheCodeIsLeftOutAndTheRestIsUsed) {
  auto bytes = dwarf_test::with_subprogram_length(read_bytes(kGuestDir / "dwarf_lines.wasm"), "count_bits", 0x7fff0000);
  auto decoded = decode_module(bytes);
  ASSERT_TRUE(decoded);
  auto lines = DwarfLines::build(bytes);
  ASSERT_TRUE(lines) << lines.error().to_string();
  EXPECT_TRUE(lines->describes_code());
  ASSERT_EQ(lines->warnings().size(), 1u);
  EXPECT_TRUE(lines->warnings()[0].starts_with("DWARF: 1 of ")) << lines->warnings()[0];
  EXPECT_NE(lines->warnings()[0].find("function ranges lie off the code"), std::string::npos) << lines->warnings()[0];

  const std::map<std::string, uint32_t> markers = find_markers(kGuestSource);
  bool inlined_scramble = false, count_bits_line = false;
  for (const Attribution& a : attribute_all(*decoded, *lines)) {
    if (a.frames.empty()) continue;
    EXPECT_NE(a.frames.back().function, "count_bits") << "the bad range is used at " << a.offset;
    if (a.frames.size() == 2 && a.frames[0].function == "scramble" && a.frames[1].function == "mix")
      inlined_scramble = true;
    // The line table of count_bits is right and still used; only its scope is gone.
    if (a.frames[0].line == markers.at("count_bits_loop") && ends_with(a.frames[0].file, "dwarf_lines.c")) {
      count_bits_line = true;
      EXPECT_EQ(a.frames.size(), 1u);
      EXPECT_EQ(a.frames[0].function, "");
    }
  }
  EXPECT_TRUE(inlined_scramble);
  EXPECT_TRUE(count_bits_line);
}

TEST(DwarfLinesTest, LineTableWithoutUnitsGivesAWarning) {
  // .debug_info stripped, the line table kept: libdwarf reaches line tables only from units.
  auto donor = read_bytes(kGuestDir / "dwarf_lines.wasm");
  auto only_lines = dwarf_test::without_custom_sections(donor, [](const std::string& name) {
    return name.starts_with(".debug_") && name != ".debug_line";
  });
  auto lines = DwarfLines::build(only_lines);
  ASSERT_TRUE(lines) << lines.error().to_string();
  EXPECT_TRUE(lines->has_debug_info());
  ASSERT_EQ(lines->warnings().size(), 1u);
  EXPECT_NE(lines->warnings()[0].find(".debug_line without .debug_info"), std::string::npos);
  EXPECT_EQ(lines->line_row_count(), 0u);
}

TEST(DwarfLinesTest, StrippedDebugSectionsGiveAnEmptyIndex) {
  auto donor = read_bytes(kGuestDir / "dwarf_lines.wasm");
  auto stripped = dwarf_test::without_custom_sections(donor, [](const std::string& name) {
    return name.starts_with(".debug_");
  });
  auto lines = DwarfLines::build(stripped);
  ASSERT_TRUE(lines) << lines.error().to_string();
  EXPECT_FALSE(lines->has_debug_info());
  EXPECT_EQ(lines->line_row_count(), 0u);
}

TEST(DwarfLinesTest, CorruptedDwarfGivesAnErrorOrWarningsNeverACrash) {
  auto donor = read_bytes(kGuestDir / "dwarf_lines.wasm");
  auto decoded = decode_module(donor);
  ASSERT_TRUE(decoded);
  std::mt19937 random(7);
  size_t reported = 0, runs = 0;
  for (const CustomSection& target : decoded->customs) {
    if (!target.name.starts_with(".debug_")) continue;
    for (int variant = 0; variant < 12; ++variant, ++runs) {
      std::vector<uint8_t> corrupted = donor;
      auto begin = corrupted.begin() + target.payload.offset;
      if (variant == 0) {
        std::fill(begin, begin + std::min<uint32_t>(target.payload.size, 64), 0xff);
      } else {
        for (int flip = 0; flip < 8; ++flip) begin[random() % target.payload.size] ^= uint8_t(1 + random() % 255);
      }
      auto lines = DwarfLines::build(corrupted);
      if (!lines || !lines->warnings().empty()) ++reported;
      if (lines) {
        for (uint32_t offset = decoded->code_section_offset; offset < donor.size(); offset += 97) (void)lines->lookup(offset);
      }
    }
  }
  // Not every flip lands on something that matters (a string, an unused attribute), but
  // headers overwritten with 0xff always do.
  EXPECT_GT(reported, 0u);
  EXPECT_GT(runs, 40u);
}

}  // namespace
}  // namespace wasmprof::profile

namespace wasmprof::profile {
namespace {

// Found by fuzz_dwarf_lines: a .debug_rnglists table header libdwarf 20210528 fails to read
// and then frees twice. It must be turned away before libdwarf sees it.
// The second: an offset array entry pointing past its table, which libdwarf reads blindly.
TEST(DwarfLinesTest, BadRangeListTablesAreIgnoredWithAWarning) {
  for (const char* reproducer : {"rnglists-double-free.wasm", "rnglists-offset-beyond-table.wasm"}) {
    auto bytes = read_bytes(std::filesystem::path(WASMPROF_DWARF_FUZZ_REGRESSIONS) / reproducer);
    auto lines = DwarfLines::build(bytes);
    ASSERT_TRUE(lines) << reproducer << ": " << lines.error().to_string();
    EXPECT_TRUE(std::any_of(lines->warnings().begin(), lines->warnings().end(), [](const std::string& w) {
      return w.starts_with("DWARF: .debug_rnglists ignored");
    })) << reproducer;
  }
}

TEST(DwarfLinesTest, RangeListHeadersOfTheV5GuestPassTheGuard) {
  auto bytes = read_bytes(kGuestDir / "dwarf_lines_v5.wasm");
  auto decoded = decode_module(bytes);
  ASSERT_TRUE(decoded);
  const CustomSection* rnglists = decoded->find_custom(".debug_rnglists");
  ASSERT_NE(rnglists, nullptr);
  EXPECT_EQ(check_rnglists_headers(decoded->span(rnglists->payload)), std::nullopt);
  std::vector<uint8_t> header = {8, 0, 0, 0, 4, 0, 4, 0, 0, 0, 0, 0};  // version 4
  EXPECT_NE(check_rnglists_headers(header), std::nullopt);
  header = {8, 0, 0, 0, 5, 0, 4, 0, 0, 0, 0, 0};
  EXPECT_EQ(check_rnglists_headers(header), std::nullopt);
  header.resize(11);
  EXPECT_NE(check_rnglists_headers(header), std::nullopt);
}

}  // namespace
}  // namespace wasmprof::profile
