// A flat JSON object as a map: the symbol server's requests (wasmprof view's /source/v1, /asm/v1).
#include "profile/format/json_object.hh"

#include <gtest/gtest.h>

namespace wasmprof::profile {
namespace {

TEST(JsonObject, ReadsStringsAndScalars) {
  Result<std::map<std::string, std::string>> members = read_flat_json_object(
      R"({"debugName":"app.wasm","file":"/src/a\u00e9.c","size":"0x1b","n":12,"big":18446744073709551615,)"
      R"("x":1.5,"yes":true,"no":false,"codeId":null})");
  ASSERT_TRUE(members.ok()) << members.error().to_string();
  const std::map<std::string, std::string> expected = {
      {"debugName", "app.wasm"}, {"file", "/src/a\xc3\xa9.c"}, {"size", "0x1b"}, {"n", "12"},
      {"big", "18446744073709551615"}, {"x", "1.500000"}, {"yes", "true"}, {"no", "false"}, {"codeId", "null"}};
  EXPECT_EQ(members.value(), expected);
}

TEST(JsonObject, RefusesWhatIsNotAFlatObject) {
  for (const char* text : {"", "{", "[1]", "\"a\"", "{\"a\":[1]}", "{\"a\":{}}", "{\"a\":1} x", "{\"a\":\"\xff\"}"}) {
    Result<std::map<std::string, std::string>> members = read_flat_json_object(text);
    ASSERT_FALSE(members.ok()) << text;
    EXPECT_EQ(members.error().kind, ErrorKind::Malformed) << text;
  }
  EXPECT_NE(read_flat_json_object("{\"file\":[1]}").error().message.find("member 'file' is not a string"), std::string::npos);
}

}  // namespace
}  // namespace wasmprof::profile
