#include "support/utf8.hh"

#include <gtest/gtest.h>

#include <string>

namespace wasmprof {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

TEST(Utf8, DecodesEachLengthAtItsBounds) {
  struct Case {
    std::string_view bytes;
    uint32_t code_point;
  };
  const Case cases[] = {
      {std::string_view("\0", 1), 0},  {"\x7F", 0x7F},         {"\xC2\x80", 0x80},         {"\xDF\xBF", 0x7FF},
      {"\xE0\xA0\x80", 0x800},         {"\xED\x9F\xBF", 0xD7FF}, {"\xEE\x80\x80", 0xE000}, {"\xEF\xBF\xBF", 0xFFFF},
      {"\xF0\x90\x80\x80", 0x10000},   {"\xF4\x8F\xBF\xBF", 0x10FFFF},
  };
  for (const Case& c : cases) {
    const Utf8Char decoded = decode_utf8(c.bytes);
    EXPECT_EQ(decoded.code_point, c.code_point) << c.bytes.size() << " bytes";
    EXPECT_EQ(decoded.length, c.bytes.size()) << std::hex << c.code_point;
  }
  // Only the first character is decoded.
  EXPECT_EQ(decode_utf8("\xC3\xA9xyz").length, 2u);
}

// The WebAssembly spec's (and RFC 3629's) rules, each at its edge.
TEST(Utf8, RejectsOverlongSurrogatesOutOfRangeTruncatedAndStray) {
  for (std::string_view bad : {
           std::string_view(""),
           std::string_view("\x80"),              // stray continuation
           std::string_view("\xBF"),
           std::string_view("\xC0\xAF"),          // overlong '/'
           std::string_view("\xC1\xBF"),          // overlong U+7F
           std::string_view("\xE0\x9F\xBF"),      // overlong U+7FF
           std::string_view("\xF0\x8F\xBF\xBF"),  // overlong U+FFFF
           std::string_view("\xED\xA0\x80"),      // surrogate U+D800
           std::string_view("\xED\xBF\xBF"),      // surrogate U+DFFF
           std::string_view("\xF4\x90\x80\x80"),  // U+110000
           std::string_view("\xF5\x80\x80\x80"),  // no lead byte beyond F4
           std::string_view("\xFF"),
           std::string_view("\xE2\x82"),          // truncated
           std::string_view("\xF0\x9F\x98"),
           std::string_view("\xC3\x28"),          // a continuation byte that is not one
           std::string_view("\xE2\x28\xA1"),
       }) {
    EXPECT_EQ(decode_utf8(bad).length, 0u) << testing::PrintToString(std::string(bad));
    if (!bad.empty()) EXPECT_FALSE(is_valid_utf8(bad)) << testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8, ValidatesWholeTexts) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_FALSE(is_valid_utf8("plain\xC3"));                           // truncated at the end
  EXPECT_FALSE(is_valid_utf8("\xE2\x82\xAC\xED\xA0\x80 after"));       // valid, then a surrogate
}

TEST(Utf8, RepairReplacesEachBadByteAndKeepsTheRest) {
  const std::string valid = "g\xC3\xB6" "del \xE9\x93\x81 \xF0\x9F\xA4\xA6";
  EXPECT_EQ(repair_utf8(valid), valid);
  EXPECT_EQ(repair_utf8(""), "");
  EXPECT_EQ(repair_utf8("a\x80" "b"), "a" + std::string(kReplacement) + "b");
  // A truncated sequence is two bad bytes; an overlong form and a surrogate are bad in every byte.
  EXPECT_EQ(repair_utf8("\xE9\x93" "c"), std::string(kReplacement) + std::string(kReplacement) + "c");
  EXPECT_EQ(repair_utf8("\xC0\xAF"), std::string(kReplacement) + std::string(kReplacement));
  EXPECT_EQ(repair_utf8("\xED\xA0\x80!"),
            std::string(kReplacement) + std::string(kReplacement) + std::string(kReplacement) + "!");
  // What follows a bad byte is read afresh: the é after it survives.
  EXPECT_EQ(repair_utf8("\xF0\xC3\xA9"), std::string(kReplacement) + "\xC3\xA9");
  EXPECT_TRUE(is_valid_utf8(repair_utf8("\xFF\xFE\xF4\x90\x80\x80\xE0\x80")));
}

// Every scalar value encodes to a sequence that decodes back to it, in the fewest bytes.
TEST(Utf8, EncodesEveryCharacterSoThatItDecodesBack) {
  std::string text;
  for (uint32_t code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    if (code_point == 0xD800) code_point = 0xE000;
    text.clear();
    ASSERT_TRUE(append_utf8(code_point, text)) << std::hex << code_point;
    const size_t expected_length = code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
    ASSERT_EQ(text.size(), expected_length) << std::hex << code_point;
    const Utf8Char decoded = decode_utf8(text);
    ASSERT_EQ(decoded.code_point, code_point);
    ASSERT_EQ(decoded.length, text.size());
  }
}

TEST(Utf8, EncodesNoSurrogateAndNothingBeyondTheLast) {
  std::string text = "kept";
  EXPECT_FALSE(append_utf8(0xD800, text));
  EXPECT_FALSE(append_utf8(0xDFFF, text));
  EXPECT_FALSE(append_utf8(0x110000, text));
  EXPECT_FALSE(append_utf8(UINT32_MAX, text));
  EXPECT_EQ(text, "kept");
}

}  // namespace
}  // namespace wasmprof
