// Shared fixtures for the WASI unit tests: a fake linear memory and a temporary directory tree
// with a preopen, so each call can be made exactly as a guest would make it.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/wasi.hh"

namespace wasmprof::wasi::testing {

// Prints an Errno by its number in failure messages.
inline std::ostream& operator<<(std::ostream& out, Errno error) { return out << "errno " << int(error); }

// A 64 KiB linear memory with helpers to place and read guest data.
class FakeMemory {
 public:
  explicit FakeMemory(size_t size = 65536) : bytes_(size, 0) {}
  GuestMemory view() { return {bytes_.data(), bytes_.size()}; }
  uint8_t* data() { return bytes_.data(); }
  uint64_t size() const { return bytes_.size(); }

  void write_bytes(uint32_t at, std::string_view text) { std::memcpy(bytes_.data() + at, text.data(), text.size()); }
  std::string read_bytes(uint32_t at, uint32_t length) const {
    return std::string(reinterpret_cast<const char*>(bytes_.data() + at), length);
  }
  template <class T>
  T read(uint32_t at) const {
    T value;
    std::memcpy(&value, bytes_.data() + at, sizeof value);
    return value;
  }
  template <class T>
  void write(uint32_t at, T value) {
    std::memcpy(bytes_.data() + at, &value, sizeof value);
  }
  // An iovec at `at` pointing at [buf, buf + len).
  void write_iovec(uint32_t at, uint32_t buf, uint32_t len) {
    write<uint32_t>(at, buf);
    write<uint32_t>(at + 4, len);
  }

 private:
  std::vector<uint8_t> bytes_;
};

// A fresh directory removed with everything in it afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, std::string_view contents);
std::string read_file(const std::filesystem::path& path);

// A context whose fd 3 is the preopen "/sandbox" of `sandbox()`, a directory inside `root()`
// next to `outside()`, which holds secret.txt: what every escape attempt aims at.
class WasiTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kSandboxFd = 3;
  // Fixed places in the fake memory for the tests' arguments and results.
  static constexpr uint32_t kPath = 1024, kPath2 = 2048, kOut = 4096, kIovs = 8192, kBuf = 12288;

  void SetUp() override;
  void make_context(WasiConfig config);

  std::filesystem::path sandbox() const { return root_.path() / "sandbox"; }
  std::filesystem::path outside() const { return root_.path() / "outside"; }

  // Calls made with the fake memory, paths placed at kPath (and kPath2).
  Errno open(std::string_view path, uint32_t oflags, uint64_t rights, uint32_t& fd, uint32_t fdflags = 0,
             uint32_t lookup = abi::kLookupSymlinkFollow, uint32_t dir = kSandboxFd);
  Errno write(uint32_t fd, std::string_view data, uint32_t* written = nullptr);
  // Reads up to `max` bytes; the data read lands in `data`.
  Errno read(uint32_t fd, uint32_t max, std::string& data);
  Errno stat_path(std::string_view path, uint32_t lookup = abi::kLookupSymlinkFollow);  // filestat at kOut
  Errno mkdir(std::string_view path);
  Errno symlink(std::string_view target, std::string_view path);

  TempDir root_;
  FakeMemory memory_;
  std::unique_ptr<WasiContext> context_;
  static constexpr uint64_t kReadWrite = abi::kRightFdRead | abi::kRightFdWrite | abi::kRightFdSeek |
                                         abi::kRightFdTell | abi::kRightFdFilestatGet | abi::kRightFdReaddir;
};

}  // namespace wasmprof::wasi::testing
