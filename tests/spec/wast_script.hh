// A spec test script: a .wast file, read by the text layer's WAST reader (text/wast.hh) into the
// commands the runner acts on, each module already parsed to its binary (or kept with its error).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "text/wast.hh"
#include "wasmprof/result.hh"

namespace wasmprof::spectest {

using Command = text::WastCommand;

struct Script {
  std::string name;  // file name, e.g. "binary.wast"; Command::line refers to it
  std::string text;  // the whole script, for placing a module's parse error
  std::vector<Command> commands;
};

// Reads and parses one script. The error message names what is wrong (unreadable, or the
// script's own syntax at line:column); the caller prints the script's name in front of it.
Result<Script> load_script(const std::filesystem::path& wast_path);
// The same from the script's text; `name` is the file name the messages use.
Result<Script> read_script(std::string name, std::string text);

// A text module's parse error as a compiler prints it ("binary.wast:12:5: error: ..."), placed
// in the script for a module written as text, at the module for a `module quote`.
std::string module_error_text(const Script& script, const text::WastModule& module);

}  // namespace wasmprof::spectest
