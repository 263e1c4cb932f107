#include "wasi/test_support.hh"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace wasmprof::wasi::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "wasi-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, std::string_view contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void WasiTest::SetUp() {
  std::filesystem::create_directories(sandbox() / "dir" / "sub");
  std::filesystem::create_directories(outside());
  write_file(outside() / "secret.txt", "secret");
  write_file(sandbox() / "hello.txt", "hello, world");
  write_file(sandbox() / "dir" / "a.txt", "A");
  WasiConfig config;
  config.args = {"guest.wasm"};
  config.preopens = {{sandbox().string(), "/sandbox"}};
  make_context(std::move(config));
}

void WasiTest::make_context(WasiConfig config) {
  auto created = WasiContext::create(std::move(config));
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  context_ = std::move(created).value();
}

Errno WasiTest::open(std::string_view path, uint32_t oflags, uint64_t rights, uint32_t& fd, uint32_t fdflags,
                     uint32_t lookup, uint32_t dir) {
  memory_.write_bytes(kPath, path);
  Errno error = calls::path_open(*context_, memory_.view(), dir, lookup, kPath, uint32_t(path.size()), oflags, rights,
                                 abi::kAllRights, fdflags, kOut);
  fd = memory_.read<uint32_t>(kOut);
  return error;
}

Errno WasiTest::write(uint32_t fd, std::string_view data, uint32_t* written) {
  memory_.write_bytes(kBuf, data);
  memory_.write_iovec(kIovs, kBuf, uint32_t(data.size()));
  Errno error = calls::fd_write(*context_, memory_.view(), fd, kIovs, 1, kOut);
  if (written) *written = memory_.read<uint32_t>(kOut);
  return error;
}

Errno WasiTest::read(uint32_t fd, uint32_t max, std::string& data) {
  memory_.write_iovec(kIovs, kBuf, max);
  Errno error = calls::fd_read(*context_, memory_.view(), fd, kIovs, 1, kOut);
  data = error == Errno::Success ? memory_.read_bytes(kBuf, memory_.read<uint32_t>(kOut)) : "";
  return error;
}

Errno WasiTest::stat_path(std::string_view path, uint32_t lookup) {
  memory_.write_bytes(kPath, path);
  return calls::path_filestat_get(*context_, memory_.view(), kSandboxFd, lookup, kPath, uint32_t(path.size()), kOut);
}

Errno WasiTest::mkdir(std::string_view path) {
  memory_.write_bytes(kPath, path);
  return calls::path_create_directory(*context_, memory_.view(), kSandboxFd, kPath, uint32_t(path.size()));
}

Errno WasiTest::symlink(std::string_view target, std::string_view path) {
  memory_.write_bytes(kPath, target);
  memory_.write_bytes(kPath2, path);
  return calls::path_symlink(*context_, memory_.view(), kPath, uint32_t(target.size()), kSandboxFd, kPath2,
                             uint32_t(path.size()));
}

}  // namespace wasmprof::wasi::testing
