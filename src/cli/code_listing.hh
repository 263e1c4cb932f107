// What `report --asm`/`--source` and `view`'s symbol server list: a profiled module's functions
// as wasm instructions, found by a code address, and a guest's source files, read only from
// inside the source roots the user gave.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasmprof/result.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::cli {

// A module file the user named, checked against a profile's lib: its bytes and where each
// function's body lies.
struct ModuleCode {
  std::string path;
  std::vector<uint8_t> bytes;
  std::string id;  // profile::module_id of the bytes
  struct Body {
    uint32_t function_index = 0;
    uint32_t offset = 0;  // module offset of the body (its local declarations first)
    uint32_t size = 0;
  };
  std::vector<Body> bodies;  // defined functions, by offset

  // The function whose body holds `address` (a module offset).
  std::optional<Body> body_at(uint32_t address) const;
};

// Reads (binary or text, as `run` does), decodes and validates a module. Errors say why, with the path.
Result<ModuleCode> load_module_code(const std::string& path);

// The instructions of the body, one per line with its module offset.
Result<std::vector<PrintedInstruction>> body_instructions(const ModuleCode& module, const ModuleCode::Body& body);

// Source files larger than this are not read (a guest's source file is far smaller).
inline constexpr size_t kMaxSourceFileBytes = 16 * 1024 * 1024;

// The text of `file` (a path as the guest's DWARF names it) read from inside one of `roots`:
// a relative path under a root; an absolute one where it is, if inside a root, else each of its
// tails under a root (/build/app/src/a.c as ROOT/build/app/src/a.c, ROOT/app/src/a.c, ...), so
// sources moved since the build are found. A path with a ".." component is refused, and so is
// a file that resolves (through symlinks) outside every root: the error says so, with kind
// Usage for a refusal and Io for a file not found.
Result<std::string> read_source_under_roots(const std::vector<std::string>& roots, const std::string& file);

}  // namespace wasmprof::cli
