// The function table: every preview1 import with the signature the witx lowers to, and the
// call convention the linker relies on (errno in results[0], proc_exit as an exit outcome).
#include <map>
#include <set>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

// Written out from wasi_snapshot_preview1.witx by hand, independently of the table: 'i' is an
// i32 parameter, 'I' an i64.
const std::map<std::string, std::string> kWitxParams = {
    {"args_get", "ii"}, {"args_sizes_get", "ii"}, {"environ_get", "ii"}, {"environ_sizes_get", "ii"},
    {"clock_res_get", "ii"}, {"clock_time_get", "iIi"}, {"fd_advise", "iIIi"}, {"fd_allocate", "iII"},
    {"fd_close", "i"}, {"fd_datasync", "i"}, {"fd_fdstat_get", "ii"}, {"fd_fdstat_set_flags", "ii"},
    {"fd_fdstat_set_rights", "iII"}, {"fd_filestat_get", "ii"}, {"fd_filestat_set_size", "iI"},
    {"fd_filestat_set_times", "iIIi"}, {"fd_pread", "iiiIi"}, {"fd_prestat_get", "ii"},
    {"fd_prestat_dir_name", "iii"}, {"fd_pwrite", "iiiIi"}, {"fd_read", "iiii"}, {"fd_readdir", "iiiIi"},
    {"fd_renumber", "ii"}, {"fd_seek", "iIii"}, {"fd_sync", "i"}, {"fd_tell", "ii"}, {"fd_write", "iiii"},
    {"path_create_directory", "iii"}, {"path_filestat_get", "iiiii"}, {"path_filestat_set_times", "iiiiIIi"},
    {"path_link", "iiiiiii"}, {"path_open", "iiiiiIIii"}, {"path_readlink", "iiiiii"},
    {"path_remove_directory", "iii"}, {"path_rename", "iiiiii"}, {"path_symlink", "iiiii"},
    {"path_unlink_file", "iii"}, {"poll_oneoff", "iiii"}, {"proc_exit", "i"}, {"proc_raise", "i"},
    {"sched_yield", ""}, {"random_get", "ii"}, {"sock_accept", "iii"}, {"sock_recv", "iiiiii"},
    {"sock_send", "iiiii"}, {"sock_shutdown", "ii"},
};

std::string letters(const std::vector<ValueType>& types) {
  std::string out;
  for (ValueType type : types) out += type == ValueType::I32 ? 'i' : type == ValueType::I64 ? 'I' : '?';
  return out;
}

TEST(FunctionTable, HasEveryPreview1FunctionOnceWithTheWitxSignature) {
  std::set<std::string> seen;
  for (const WasiFunction& function : preview1_functions()) {
    const std::string name(function.name);
    EXPECT_TRUE(seen.insert(name).second) << name << " listed twice";
    auto expected = kWitxParams.find(name);
    ASSERT_NE(expected, kWitxParams.end()) << name << " is not a preview1 function";
    EXPECT_EQ(letters(function.params), expected->second) << name;
    EXPECT_EQ(letters(function.results), name == "proc_exit" ? "" : "i") << name;
    EXPECT_NE(function.call, nullptr) << name;
  }
  EXPECT_EQ(seen.size(), kWitxParams.size());
}

const WasiFunction& lookup(std::string_view name) {
  for (const WasiFunction& function : preview1_functions())
    if (function.name == name) return function;
  throw std::runtime_error("no such function");
}

class FunctionTableCall : public WasiTest {};

TEST_F(FunctionTableCall, ReturnsTheErrnoInTheResultAndTheOutcome) {
  // fd_close of an fd that is not open: Badf both ways.
  uint64_t args[1] = {77}, results[1] = {12345};
  WasiOutcome outcome = lookup("fd_close").call(*context_, memory_.view(), args, results);
  EXPECT_FALSE(outcome.exited);
  EXPECT_EQ(outcome.value, uint32_t(Errno::Badf));
  EXPECT_EQ(results[0], uint64_t(Errno::Badf));
}

TEST_F(FunctionTableCall, UsesOnlyTheLow32BitsOfAnI32Argument) {
  // fd 3 with garbage above bit 31 is still fd 3 (the sandbox preopen): its prestat succeeds.
  uint64_t args[2] = {0xdeadbeef00000003ull, kOut}, results[1] = {};
  WasiOutcome outcome = lookup("fd_prestat_get").call(*context_, memory_.view(), args, results);
  EXPECT_EQ(outcome.value, 0u);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), std::string("/sandbox").size());
}

TEST_F(FunctionTableCall, ProcExitEndsTheRunWithItsCode) {
  EXPECT_FALSE(context_->exit_code().has_value());
  uint64_t args[1] = {3};
  WasiOutcome outcome = lookup("proc_exit").call(*context_, memory_.view(), args, nullptr);
  EXPECT_TRUE(outcome.exited);
  EXPECT_EQ(outcome.value, 3u);
  EXPECT_EQ(context_->exit_code(), 3u);
}

TEST_F(FunctionTableCall, PassesI64ArgumentsWhole) {
  uint32_t fd;
  ASSERT_EQ(open("big.bin", abi::kOflagCreat, kReadWrite, fd), Errno::Success);
  const uint64_t size = (1ull << 32) + 5;  // past 4 GiB: an i64 cut to 32 bits would give 5
  uint64_t args[2] = {fd, size}, results[1] = {};
  ASSERT_EQ(lookup("fd_filestat_set_size").call(*context_, memory_.view(), args, results).value, 0u);
  EXPECT_EQ(std::filesystem::file_size(sandbox() / "big.bin"), size);
}

TEST_F(FunctionTableCall, ProcRaiseIsNosysAndSocketCallsOnADirectoryAreNotsock) {
  uint64_t results[1];
  uint64_t raise_args[1] = {6};
  EXPECT_EQ(lookup("proc_raise").call(*context_, memory_.view(), raise_args, results).value, uint32_t(Errno::Nosys));
  // Valid pointers everywhere: an empty iovec array at kIovs, results at kOut.
  uint64_t accept_args[3] = {kSandboxFd, 0, kOut};
  uint64_t recv_args[6] = {kSandboxFd, kIovs, 0, 0, kOut, kOut + 8};
  uint64_t send_args[5] = {kSandboxFd, kIovs, 0, 0, kOut};
  uint64_t shutdown_args[2] = {kSandboxFd, 3};
  EXPECT_EQ(lookup("sock_accept").call(*context_, memory_.view(), accept_args, results).value, uint32_t(Errno::Notsock));
  EXPECT_EQ(lookup("sock_recv").call(*context_, memory_.view(), recv_args, results).value, uint32_t(Errno::Notsock));
  EXPECT_EQ(lookup("sock_send").call(*context_, memory_.view(), send_args, results).value, uint32_t(Errno::Notsock));
  EXPECT_EQ(lookup("sock_shutdown").call(*context_, memory_.view(), shutdown_args, results).value,
            uint32_t(Errno::Notsock));
  EXPECT_EQ(lookup("sched_yield").call(*context_, memory_.view(), nullptr, results).value, 0u);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
