#include <gtest/gtest.h>

#include "text/lexer.hh"
#include "text/literals.hh"

namespace wasmprof::text {
namespace {

std::vector<TokenKind> kinds_of(std::string_view text) {
  Result<TokenList> list = tokenize(text);
  EXPECT_TRUE(list.ok()) << (list.ok() ? "" : list.error().message);
  std::vector<TokenKind> kinds;
  if (list)
    for (const Token& token : list->tokens) kinds.push_back(token.kind);
  return kinds;
}

Error lex_error(std::string_view text) {
  Result<TokenList> list = tokenize(text);
  EXPECT_FALSE(list.ok()) << "accepted: " << text;
  return list.ok() ? Error{} : list.error();
}

using K = TokenKind;

TEST(Lexer, SplitsTokensAndSkipsCommentsAndAnnotations) {
  EXPECT_EQ(kinds_of("(module $m ;; line\n (; block (; nested ;) ;) (@custom \"x\" (a (b))) i32.const -1 \"s\")"),
            (std::vector<K>{K::LeftParen, K::Keyword, K::Id, K::Keyword, K::Atom, K::String, K::RightParen, K::End}));
}

TEST(Lexer, MatchesParentheses) {
  Result<TokenList> list = tokenize("(a (b) c)");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->tokens[0].value, 6u);  // the outer ')'
  EXPECT_EQ(list->tokens[2].value, 4u);
}

TEST(Lexer, DecodesEveryStringEscape) {
  Result<TokenList> list = tokenize(R"("\t\n\r\"\'\\\00\ff\u{41}\u{10FFFF}\u{1_F600}é")");
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list->strings[0], std::string("\t\n\r\"'\\") + std::string(1, '\0') +
                                  "\xff" "A\xF4\x8F\xBF\xBF\xF0\x9F\x98\x80\xC3\xA9");
}

TEST(Lexer, RejectsBadStrings) {
  EXPECT_EQ(lex_error("\"abc").message, "unterminated string");
  EXPECT_EQ(lex_error("\"\\q\"").offset, 1u);
  EXPECT_NE(lex_error("\"\\u{D800}\"").message.find("surrogate"), std::string::npos);
  EXPECT_NE(lex_error("\"\\u{110000}\"").message.find("out of range"), std::string::npos);
  EXPECT_NE(lex_error("\"\\u{}\"").message.find("malformed"), std::string::npos);
  EXPECT_NE(lex_error("\"\\u{_1}\"").message.find("malformed"), std::string::npos);
  EXPECT_NE(lex_error("\"a\nb\"").message.find("control character"), std::string::npos);
  EXPECT_EQ(lex_error("\"\xC0\x80\"").message, "malformed UTF-8 encoding");  // overlong
  EXPECT_EQ(lex_error(";; \xFF\n").message, "malformed UTF-8 encoding");    // in a comment too
}

TEST(Lexer, RejectsUnbalancedAndUnterminatedForms) {
  EXPECT_EQ(lex_error("(a").offset, 0u);
  EXPECT_EQ(lex_error("a)").offset, 1u);
  EXPECT_EQ(lex_error("(; (; ;)").message, "unterminated block comment");
  EXPECT_EQ(lex_error("(@a (b)").offset, 0u);
  EXPECT_EQ(lex_error("$").message, "empty identifier: expected a name after '$'");
  EXPECT_EQ(lex_error("{").offset, 0u);
}

TEST(Lexer, TokensMustBeSeparated) {
  EXPECT_EQ(lex_error("(data $l\"a\")").offset, 6u);
  EXPECT_EQ(lex_error("(data \"a\"\"b\")").offset, 6u);
  EXPECT_EQ(lex_error("(func \"a\"x)").offset, 6u);
  EXPECT_EQ(lex_error("(func 0\"a\")").offset, 6u);
  // Parentheses and comments separate as well as whitespace does.
  EXPECT_EQ(kinds_of("(data \"a\";;c\n)(func(nop)nop)").size(), 12u);
}

TEST(Lexer, BoundsNesting) {
  const std::string deep = std::string(kMaxNesting, '(') + std::string(kMaxNesting, ')');
  EXPECT_TRUE(tokenize(deep).ok());
  const std::string deeper = std::string(kMaxNesting + 1, '(') + std::string(kMaxNesting + 1, ')');
  EXPECT_EQ(lex_error(deeper).kind, ErrorKind::Limit);
  // Block comments and annotations nest by counting, without that bound.
  std::string nested_comment;
  for (int i = 0; i < 100000; ++i) nested_comment += "(;";
  for (int i = 0; i < 100000; ++i) nested_comment += ";)";
  EXPECT_TRUE(tokenize(nested_comment).ok());
}

TEST(Literals, UnsignedWithUnderscoresAndHex) {
  EXPECT_EQ(parse_unsigned("1_000", UINT32_MAX), 1000u);
  EXPECT_EQ(parse_unsigned("0xFF_ff", UINT32_MAX), 0xFFFFu);
  EXPECT_EQ(parse_unsigned("4294967295", UINT32_MAX), 4294967295u);
  EXPECT_FALSE(parse_unsigned("4294967296", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("+1", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("1__0", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("_1", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("1_", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("0x", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("0x_1", UINT32_MAX));
  EXPECT_FALSE(parse_unsigned("18446744073709551616", UINT64_MAX));
}

TEST(Literals, IntegersTakeBothSignednesses) {
  EXPECT_EQ(parse_integer("-1", 32), 0xFFFFFFFFu);
  EXPECT_EQ(parse_integer("4294967295", 32), 0xFFFFFFFFu);
  EXPECT_EQ(parse_integer("-2147483648", 32), 0x80000000u);
  EXPECT_FALSE(parse_integer("-2147483649", 32));
  EXPECT_FALSE(parse_integer("4294967296", 32));
  EXPECT_EQ(parse_integer("-0x8000_0000_0000_0000", 64), 0x8000000000000000u);
  EXPECT_EQ(parse_integer("0xffffffffffffffff", 64), UINT64_MAX);
  EXPECT_FALSE(parse_integer("-0x8000000000000001", 64));
  EXPECT_EQ(parse_integer("255", 8), 255u);
  EXPECT_EQ(parse_integer("-128", 8), 0x80u);
  EXPECT_FALSE(parse_integer("256", 8));
  EXPECT_FALSE(parse_integer("-129", 8));
  EXPECT_FALSE(parse_integer("1.0", 32));
}

TEST(Literals, FloatsRoundToNearestAndCheckRange) {
  EXPECT_EQ(parse_f32("1"), 0x3F800000u);
  EXPECT_EQ(parse_f32("-0"), 0x80000000u);
  EXPECT_EQ(parse_f32("0x1p-149"), 0x00000001u);             // the smallest subnormal
  EXPECT_EQ(parse_f32("0x1.fffffep127"), 0x7F7FFFFFu);        // the largest finite
  EXPECT_FALSE(parse_f32("0x1p128"));                         // rounds to infinity
  EXPECT_FALSE(parse_f32("1e39"));
  EXPECT_EQ(parse_f32("1e-50"), 0x00000000u);                 // rounds to zero: allowed
  EXPECT_EQ(parse_f32("-1e-50"), 0x80000000u);
  EXPECT_EQ(parse_f32("0x1.00000100000000000p-50"), 0x26800000u);  // a tie: to even
  EXPECT_EQ(parse_f32("0x1.000001fffffffffffp-50"), 0x26800001u);  // above the tie: up
  EXPECT_EQ(parse_f32("1_000.5e1_0"), parse_f32("1000.5e10"));
  EXPECT_EQ(parse_f32("1."), 0x3F800000u);
  EXPECT_EQ(parse_f32("0x1.8"), 0x3FC00000u);
  EXPECT_EQ(parse_f32("inf"), 0x7F800000u);
  EXPECT_EQ(parse_f32("-inf"), 0xFF800000u);
  EXPECT_EQ(parse_f32("nan"), 0x7FC00000u);
  EXPECT_EQ(parse_f32("-nan:0x1"), 0xFF800001u);
  EXPECT_EQ(parse_f32("nan:0x7f_ffff"), 0x7FFFFFFFu);
  EXPECT_FALSE(parse_f32("nan:0x800000"));  // does not fit the payload
  EXPECT_FALSE(parse_f32("nan:0x0"));       // that would be infinity
  EXPECT_FALSE(parse_f32(".5"));
  EXPECT_FALSE(parse_f32("1e"));
  EXPECT_FALSE(parse_f32("0x1p"));
  EXPECT_FALSE(parse_f32("1_.5"));
  EXPECT_FALSE(parse_f32("infinity"));
  EXPECT_EQ(parse_f64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_FALSE(parse_f64("1e309"));
  EXPECT_FALSE(parse_f64("1e99999999999999999999"));
  EXPECT_EQ(parse_f64("1e-99999999999999999999"), 0u);
  EXPECT_EQ(parse_f64("nan:0xf_ffff_ffff_ffff"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(parse_f64("-nan"), 0xFFF8000000000000u);
  EXPECT_EQ(parse_f64("0.1"), 0x3FB999999999999Au);
}

}  // namespace
}  // namespace wasmprof::text
