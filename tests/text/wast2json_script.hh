// A spec test script as wabt's wast2json writes it: NAME.json with a "commands" array, and the
// module files those commands name sitting beside it. Only wat_suite reads these, to hold the
// text parser and the WAST reader to wast2json's reading of the 2.0 suite; wasmprof-spectest runs
// the .wast scripts themselves.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "wasmprof/result.hh"

namespace wasmprof::spectest {

// One entry of the "commands" array. The fields that several command types share are read up
// front; type-specific members ("action", "expected", "as", ...) are left in `json` for the
// handler of that type to interpret.
struct Command {
  std::string type;         // "module", "assert_invalid", "assert_return", ...
  uint32_t line = 0;        // where the command is in the .wast source
  std::string filename;     // module file beside the script; empty for commands without a module
  std::string module_type;  // "binary", "text", or empty when wast2json leaves it out
  std::string name;         // the module's $name, when the script gives one
  std::string text;         // the error text an assert_* command expects
  const rapidjson::Value* json = nullptr;  // the whole command; owned by the Script

  // Text modules (the .wat files of assert_malformed's `module quote`) go through the text
  // parser first. Module commands carry no module_type, so the file name decides for them.
  bool is_text_module() const;
};

struct Script {
  std::string name;                  // file name of the JSON, e.g. "binary.json"
  std::string source_filename;       // the .wast it came from; Command::line refers to it
  std::filesystem::path directory;   // where the module files are
  std::vector<Command> commands;
  // Owns the JSON the commands point into. It lives on the heap so that moving the Script
  // leaves those pointers valid.
  std::unique_ptr<rapidjson::Document> document;
};

// Reads and checks the shape of one script. The error message names the file and what is
// wrong with it (unreadable, not JSON, or a command missing a required member).
Result<Script> load_script(const std::filesystem::path& json_path);

}  // namespace wasmprof::spectest
