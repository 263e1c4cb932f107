// Reads whole files: the suite's JSON scripts and the module binaries they name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "wasmprof/result.hh"

namespace wasmprof::spectest {

// On failure the error (kind Io) names the file and the system's reason, ready to show.
Result<std::vector<uint8_t>> read_file_bytes(const std::filesystem::path& path);

}  // namespace wasmprof::spectest
