#include "profile/format/json_object.hh"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

namespace wasmprof::profile {
namespace {

Error malformed(std::string message) {
  Error error;
  error.kind = ErrorKind::Malformed;
  error.message = std::move(message);
  return error;
}

}  // namespace

Result<std::map<std::string, std::string>> read_flat_json_object(std::string_view text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (document.HasParseError())
    return malformed(std::string("not JSON: ") + rapidjson::GetParseError_En(document.GetParseError()) + " at offset " +
                     std::to_string(document.GetErrorOffset()));
  if (!document.IsObject()) return malformed("not a JSON object");
  std::map<std::string, std::string> members;
  // By count rather than by iterator: RapidJSON's member iterators compare ambiguously in C++20.
  const rapidjson::Value::ConstMemberIterator begin = document.MemberBegin();
  for (rapidjson::SizeType i = 0; i < document.MemberCount(); ++i) {
    const auto& member = begin[i];
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    const rapidjson::Value& value = member.value;
    if (value.IsString())
      members[name] = std::string(value.GetString(), value.GetStringLength());
    else if (value.IsBool())
      members[name] = value.GetBool() ? "true" : "false";
    else if (value.IsNull())
      members[name] = "null";
    else if (value.IsInt64())
      members[name] = std::to_string(value.GetInt64());
    else if (value.IsUint64())
      members[name] = std::to_string(value.GetUint64());
    else if (value.IsNumber())
      members[name] = std::to_string(value.GetDouble());
    else
      return malformed("member '" + name + "' is not a string, number, boolean or null");
  }
  return members;
}

}  // namespace wasmprof::profile
