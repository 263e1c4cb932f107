#include "profile/format/json_writer.hh"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "profile/json_test_support.hh"

namespace wasmprof::profile {
namespace {

using testing::parse_json;

template <class Write>
std::string written(Write&& write) {
  std::ostringstream out;
  {
    JsonWriter json(out);
    write(json);
  }
  return out.str();
}

TEST(JsonWriter, SeparatesElementsAndKeys) {
  const std::string text = written([](JsonWriter& json) {
    json.begin_object();
    json.key("a");
    json.begin_array();
    json.number(int64_t(1));
    json.null();
    json.boolean(true);
    json.begin_object();
    json.end_object();
    json.end_array();
    json.key("b");
    json.string("x");
    json.end_object();
  });
  EXPECT_EQ(text, R"({"a":[1,null,true,{}],"b":"x"})");
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  const std::string text = written([](JsonWriter& json) { json.string("q\"b\\n\n\t\x01\x1f/"); });
  EXPECT_EQ(text, "\"q\\\"b\\\\n\\n\\t\\u0001\\u001F/\"");
  EXPECT_STREQ(parse_json(text).GetString(), "q\"b\\n\n\t\x01\x1f/");
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesInvalidBytes) {
  // ö (2 bytes), 铁 (3 bytes), 🤦 (4 bytes) pass through unchanged.
  const std::string valid = "g\xC3\xB6" "del \xE9\x93\x81 \xF0\x9F\xA4\xA6";
  EXPECT_EQ(written([&](JsonWriter& json) { json.string(valid); }), "\"" + valid + "\"");
  // A stray continuation byte, a truncated sequence, an overlong form and a UTF-16 surrogate
  // each become U+FFFD, so the output stays valid UTF-8 (and parseable JSON).
  const std::string text = written([](JsonWriter& json) { json.string("a\x80" "b\xE9\x93" "c\xC0\xAF" "d\xED\xA0\x80"); });
  const std::string parsed = parse_json(text).GetString();
  EXPECT_EQ(parsed.substr(0, 5), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(parsed.find('\x80'), std::string::npos);
  EXPECT_NE(parsed.find("c\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(parsed.find("d\xEF\xBF\xBD"), std::string::npos);
}

// Keys are names too (marker fields, for instance): the same repair applies.
TEST(JsonWriter, RepairsKeysLikeStrings) {
  const std::string text = written([](JsonWriter& json) {
    json.begin_object();
    json.key("k\xFF");
    json.string("v\xC0");
    json.end_object();
  });
  EXPECT_EQ(text, "{\"k\xEF\xBF\xBD\":\"v\xEF\xBF\xBD\"}");
  EXPECT_TRUE(parse_json(text).HasMember("k\xEF\xBF\xBD"));
}

TEST(JsonWriter, NumbersReadBackExactly) {
  const std::string text = written([](JsonWriter& json) {
    json.begin_array();
    json.number(0.1);
    json.number(1764000000000.125);
    json.number(3.0);
    json.number(uint64_t(18446744073709551615ull));
    json.number(int64_t(-7));
    json.number(std::numeric_limits<double>::quiet_NaN());  // never valid JSON: written as null
    json.end_array();
  });
  const auto parsed = parse_json(text);
  ASSERT_TRUE(parsed.IsArray());
  ASSERT_EQ(parsed.Size(), 6u);
  EXPECT_EQ(parsed[0].GetDouble(), 0.1);
  EXPECT_EQ(parsed[1].GetDouble(), 1764000000000.125);
  EXPECT_EQ(parsed[2].GetDouble(), 3.0);
  EXPECT_EQ(parsed[3].GetUint64(), 18446744073709551615ull);
  EXPECT_EQ(parsed[4].GetInt64(), -7);
  EXPECT_TRUE(parsed[5].IsNull());
}

// RapidJSON's shortest round-trip form: a fraction or exponent always, so a double reads back as one.
TEST(JsonWriter, DoublesInShortestFormAndNonFiniteAsNull) {
  const std::string text = written([](JsonWriter& json) {
    json.begin_array();
    for (double value : {0.0, 3.0, 0.5, 1e-7, 1e21, 35.230038, -2.5})
      json.number(value);
    json.number(std::numeric_limits<double>::infinity());
    json.number(-std::numeric_limits<double>::infinity());
    json.end_array();
  });
  EXPECT_EQ(text, "[0.0,3.0,0.5,1e-7,1e21,35.230038,-2.5,null,null]");
}

TEST(JsonWriter, LargeOutputSurvivesFlushes) {
  const std::string text = written([](JsonWriter& json) {
    json.begin_array();
    for (int i = 0; i < 100000; ++i) json.number(int64_t(i));
    json.end_array();
  });
  const auto parsed = parse_json(text);
  ASSERT_TRUE(parsed.IsArray());
  ASSERT_EQ(parsed.Size(), 100000u);
  EXPECT_EQ(parsed[99999].GetInt(), 99999);
}

}  // namespace
}  // namespace wasmprof::profile
