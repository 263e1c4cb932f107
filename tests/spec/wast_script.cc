#include "wast_script.hh"

#include <utility>

#include "file_bytes.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::spectest {

Result<Script> load_script(const std::filesystem::path& wast_path) {
  auto bytes = read_file_bytes(wast_path);
  if (!bytes.ok()) return bytes.error();
  return read_script(wast_path.filename().string(), std::string(bytes->begin(), bytes->end()));
}

Result<Script> read_script(std::string name, std::string text) {
  Script script;
  script.name = std::move(name);
  script.text = std::move(text);
  auto commands = text::read_wast(script.text);
  if (!commands.ok()) {
    Error error = commands.error();
    // The message is printed after the script's name, so it starts at the position.
    std::string placed = format_text_error("", script.text, error);
    error.message = placed.starts_with(":") ? placed.substr(1) : placed;
    return error;
  }
  script.commands = std::move(commands).value();
  return script;
}

std::string module_error_text(const Script& script, const text::WastModule& module) {
  if (!module.error) return {};
  Error error = *module.error;
  // A quoted module's offsets are in the text its strings make up, which the script does not hold.
  if (module.quoted) {
    const TextPosition at = text_position(script.text, module.offset);
    return script.name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
           ": error in a module quote: " + error.message;
  }
  if (error.offset) error.offset = *error.offset + module.offset;
  return format_text_error(script.name, script.text, error);
}

}  // namespace wasmprof::spectest
