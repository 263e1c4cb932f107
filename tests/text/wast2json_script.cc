#include "wast2json_script.hh"

#include <string>
#include <utility>

#include <rapidjson/error/en.h>

#include "spec/file_bytes.hh"

namespace wasmprof::spectest {

namespace {

// The caller prints the script's name in front of the message, so it is not repeated here.
Error script_error(std::string what) {
  Error error;
  error.kind = ErrorKind::Io;
  error.message = std::move(what);
  return error;
}

// The member's value, or null if absent. (Comparing rapidjson's member iterators is ambiguous
// under C++20's reversed operators, so lookups go through here.)
const rapidjson::Value* find_member(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  return member == object.MemberEnd() ? nullptr : &member->value;
}

// Copies member `key` into `out` if present. Returns false only when it is present but not a
// string: absent optional members are normal.
bool read_optional_string(const rapidjson::Value& object, const char* key, std::string& out) {
  const rapidjson::Value* value = find_member(object, key);
  if (value == nullptr) return true;
  if (!value->IsString()) return false;
  out.assign(value->GetString(), value->GetStringLength());
  return true;
}

// Reads the members every handler relies on; returns what is wrong, or an empty string.
std::string read_command(const rapidjson::Value& json, Command& command) {
  if (!json.IsObject()) return "is not an object";
  const rapidjson::Value* type = find_member(json, "type");
  if (type == nullptr || !type->IsString()) return "has no string \"type\"";
  command.type.assign(type->GetString(), type->GetStringLength());
  const rapidjson::Value* line = find_member(json, "line");
  if (line == nullptr || !line->IsUint()) return "has no numeric \"line\"";
  command.line = line->GetUint();
  for (auto [key, field] : {std::pair{"filename", &command.filename},
                            std::pair{"module_type", &command.module_type},
                            std::pair{"name", &command.name},
                            std::pair{"text", &command.text}}) {
    if (!read_optional_string(json, key, *field)) return std::string("has a non-string \"") + key + "\"";
  }
  command.json = &json;
  return {};
}

}  // namespace

bool Command::is_text_module() const {
  if (module_type == "text") return true;
  if (!module_type.empty()) return false;
  return filename.size() >= 4 && filename.compare(filename.size() - 4, 4, ".wat") == 0;
}

Result<Script> load_script(const std::filesystem::path& json_path) {
  Script script;
  script.name = json_path.filename().string();
  script.directory = json_path.parent_path();

  auto bytes = read_file_bytes(json_path);
  if (!bytes.ok()) return bytes.error();

  script.document = std::make_unique<rapidjson::Document>();
  rapidjson::Document& document = *script.document;
  document.Parse(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (document.HasParseError()) {
    return script_error("not valid JSON at byte " + std::to_string(document.GetErrorOffset()) + ": " +
                        rapidjson::GetParseError_En(document.GetParseError()));
  }
  if (!document.IsObject()) return script_error("the top level is not a JSON object");
  if (!read_optional_string(document, "source_filename", script.source_filename)) {
    return script_error("\"source_filename\" is not a string");
  }
  const rapidjson::Value* list = find_member(document, "commands");
  if (list == nullptr || !list->IsArray()) return script_error("no \"commands\" array");

  script.commands.reserve(list->Size());
  for (rapidjson::SizeType index = 0; index < list->Size(); ++index) {
    Command command;
    std::string problem = read_command((*list)[index], command);
    if (!problem.empty()) {
      return script_error("command #" + std::to_string(index) + " " + problem);
    }
    script.commands.push_back(std::move(command));
  }
  return script;
}

}  // namespace wasmprof::spectest
