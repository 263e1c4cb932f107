// Reading a whole input file (a module, a profile) with errors that say why, never exceptions.
#pragma once

#include <filesystem>
#include <string>

#include "wasmprof/result.hh"

namespace wasmprof {

// The bytes of a regular file or of a pipe (so `<(...)` and /dev/stdin work). A directory, a
// device or an unreadable file is an ErrorKind::Io error whose message names the path and the
// reason: "cannot open x.wasm: No such file or directory", "cannot read dir: Is a directory".
// A FIFO nobody writes to reads as empty rather than blocking.
Result<std::string> read_file(const std::filesystem::path& path);

// "cannot open PATH: REASON" for errno `code`, as an ErrorKind::Io error.
Error io_error(const std::string& what, const std::filesystem::path& path, int code);

}  // namespace wasmprof
