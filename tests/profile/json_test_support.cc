#include "profile/json_test_support.hh"

#include <gtest/gtest.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace wasmprof::profile::testing {

rapidjson::Document parse_json(std::string_view text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (document.HasParseError()) {
    ADD_FAILURE() << "not JSON: " << rapidjson::GetParseError_En(document.GetParseError()) << " at byte "
                  << document.GetErrorOffset();
    document.SetNull();
  }
  return document;
}

}  // namespace wasmprof::profile::testing

namespace rapidjson {

void PrintTo(const Value& value, std::ostream* out) {
  StringBuffer text;
  Writer<StringBuffer> writer(text);
  value.Accept(writer);
  *out << text.GetString();
}

}  // namespace rapidjson
