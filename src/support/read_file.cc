#include "support/read_file.hh"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace wasmprof {
namespace {

// Closes the descriptor on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Error io_error(const std::string& what, const std::filesystem::path& path, int code) {
  Error error;
  error.kind = ErrorKind::Io;
  error.message = what + " " + path.string() + ": " + std::strerror(code);
  return error;
}

Result<std::string> read_file(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (file.get() < 0) return io_error("cannot open", path, errno);
  struct stat status{};
  if (::fstat(file.get(), &status) != 0) return io_error("cannot read", path, errno);
  if (S_ISDIR(status.st_mode)) return io_error("cannot read", path, EISDIR);
  // A device could be endless (/dev/zero) or a terminal; only files and pipes are inputs.
  if (!S_ISREG(status.st_mode) && !S_ISFIFO(status.st_mode) && !S_ISSOCK(status.st_mode)) {
    Error error;
    error.kind = ErrorKind::Io;
    error.message = "cannot read " + path.string() + ": not a regular file or a pipe";
    return error;
  }
  // Reads wait for a pipe's writer again; with none connected they return end of file at once.
  const int flags = ::fcntl(file.get(), F_GETFL);
  if (flags < 0 || ::fcntl(file.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) return io_error("cannot read", path, errno);

  std::string bytes;
  if (S_ISREG(status.st_mode) && status.st_size > 0) bytes.reserve(size_t(status.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(file.get(), buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot read", path, errno);
    }
    bytes.append(buffer, size_t(got));
  }
  return bytes;
}

}  // namespace wasmprof
