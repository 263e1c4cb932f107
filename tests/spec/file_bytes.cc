#include "file_bytes.hh"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace wasmprof::spectest {

namespace {

Error io_error(const std::filesystem::path& path, const char* what) {
  Error error;
  error.kind = ErrorKind::Io;
  error.message = "cannot " + std::string(what) + " " + path.string() + ": " + std::strerror(errno);
  return error;
}

}  // namespace

Result<std::vector<uint8_t>> read_file_bytes(const std::filesystem::path& path) {
  // stdio rather than iostreams: it keeps errno, so the message can say why the read failed.
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return io_error(path, "open");

  std::vector<uint8_t> bytes;
  uint8_t chunk[64 * 1024];
  while (size_t count = std::fread(chunk, 1, sizeof chunk, file.get())) {
    bytes.insert(bytes.end(), chunk, chunk + count);
  }
  // A directory opens fine on Linux and only fails here (EISDIR).
  if (std::ferror(file.get())) return io_error(path, "read");
  return bytes;
}

}  // namespace wasmprof::spectest
