// Regular files through path_open and the fd_* calls.
#include <sys/stat.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class Files : public WasiTest {
 protected:
  uint32_t create(std::string_view path, std::string_view contents = "") {
    uint32_t fd = 0;
    EXPECT_EQ(open(path, abi::kOflagCreat | abi::kOflagTrunc, kReadWrite, fd), Errno::Success);
    if (!contents.empty()) EXPECT_EQ(write(fd, contents), Errno::Success);
    return fd;
  }
  uint64_t seek(uint32_t fd, int64_t offset, uint8_t whence, Errno expected = Errno::Success) {
    EXPECT_EQ(calls::fd_seek(*context_, memory_.view(), fd, uint64_t(offset), whence, kOut), expected);
    return memory_.read<uint64_t>(kOut);
  }
};

TEST_F(Files, CreateWriteThenReadBack) {
  uint32_t fd = create("new.txt", "some text");
  EXPECT_GT(fd, kSandboxFd);
  EXPECT_EQ(read_file(sandbox() / "new.txt"), "some text");
  seek(fd, 0, abi::kWhenceSet);
  std::string data;
  ASSERT_EQ(read(fd, 4, data), Errno::Success);
  EXPECT_EQ(data, "some");
}

TEST_F(Files, OpenWithoutCreatOfAMissingFileIsNoent) {
  uint32_t fd;
  EXPECT_EQ(open("missing.txt", 0, kReadWrite, fd), Errno::Noent);
}

TEST_F(Files, ExclOnAnExistingFileIsExist) {
  uint32_t fd;
  EXPECT_EQ(open("hello.txt", abi::kOflagCreat | abi::kOflagExcl, kReadWrite, fd), Errno::Exist);
}

TEST_F(Files, TruncEmptiesTheFile) {
  uint32_t fd;
  ASSERT_EQ(open("hello.txt", abi::kOflagTrunc, kReadWrite, fd), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "hello.txt"), "");
}

TEST_F(Files, DirectoryOflagOnAFileIsNotdir) {
  uint32_t fd;
  EXPECT_EQ(open("hello.txt", abi::kOflagDirectory, kReadWrite, fd), Errno::Notdir);
}

TEST_F(Files, UnknownOflagsOrFdflagsAreInval) {
  uint32_t fd;
  EXPECT_EQ(open("hello.txt", 0x10, kReadWrite, fd), Errno::Inval);
  EXPECT_EQ(open("hello.txt", 0, kReadWrite, fd, 0x20), Errno::Inval);
}

TEST_F(Files, ReadRightsOnlyGiveAReadOnlyFd) {
  uint32_t fd;
  ASSERT_EQ(open("hello.txt", 0, abi::kRightFdRead, fd), Errno::Success);
  EXPECT_EQ(write(fd, "x"), Errno::Badf);
  std::string data;
  ASSERT_EQ(read(fd, 5, data), Errno::Success);
  EXPECT_EQ(data, "hello");
}

TEST_F(Files, AppendWritesAtTheEndWhereverTheOffsetIs) {
  uint32_t fd;
  ASSERT_EQ(open("hello.txt", 0, kReadWrite, fd, abi::kFdflagAppend), Errno::Success);
  seek(fd, 0, abi::kWhenceSet);
  ASSERT_EQ(write(fd, "!"), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "hello.txt"), "hello, world!");
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), fd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint16_t>(kOut + 2), abi::kFdflagAppend);
}

TEST_F(Files, SeekAndTellWithEveryWhence) {
  uint32_t fd = create("seek.txt", "0123456789");
  EXPECT_EQ(seek(fd, 3, abi::kWhenceSet), 3u);
  EXPECT_EQ(seek(fd, 2, abi::kWhenceCur), 5u);
  EXPECT_EQ(seek(fd, -4, abi::kWhenceCur), 1u);
  EXPECT_EQ(seek(fd, -1, abi::kWhenceEnd), 9u);
  ASSERT_EQ(calls::fd_tell(*context_, memory_.view(), fd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut), 9u);
  seek(fd, -20, abi::kWhenceSet, Errno::Inval);
  seek(fd, 0, 3, Errno::Inval);
  seek(99, 0, abi::kWhenceSet, Errno::Badf);
}

TEST_F(Files, PreadAndPwriteLeaveTheOffsetAlone) {
  uint32_t fd = create("p.txt", "abcdefgh");
  seek(fd, 1, abi::kWhenceSet);
  memory_.write_bytes(kBuf, "XY");
  memory_.write_iovec(kIovs, kBuf, 2);
  ASSERT_EQ(calls::fd_pwrite(*context_, memory_.view(), fd, kIovs, 1, 4, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 2u);
  EXPECT_EQ(read_file(sandbox() / "p.txt"), "abcdXYgh");
  memory_.write_iovec(kIovs, kBuf, 3);
  ASSERT_EQ(calls::fd_pread(*context_, memory_.view(), fd, kIovs, 1, 3, kOut), Errno::Success);
  EXPECT_EQ(memory_.read_bytes(kBuf, memory_.read<uint32_t>(kOut)), "dXY");
  EXPECT_EQ(seek(fd, 0, abi::kWhenceCur), 1u);
  // Reading past the end is 0 bytes; an offset beyond what off_t holds is Inval.
  ASSERT_EQ(calls::fd_pread(*context_, memory_.view(), fd, kIovs, 1, 1000, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 0u);
  EXPECT_EQ(calls::fd_pread(*context_, memory_.view(), fd, kIovs, 1, 1ull << 63, kOut), Errno::Inval);
}

TEST_F(Files, FdstatReportsTypeAndRights) {
  uint32_t fd = create("f.txt");
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), fd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint8_t>(kOut), abi::kFiletypeRegularFile);
  EXPECT_EQ(memory_.read<uint16_t>(kOut + 2), 0);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 8), kReadWrite);
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), kSandboxFd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint8_t>(kOut), abi::kFiletypeDirectory);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 16), abi::kAllRights) << "a directory passes on every right";
}

TEST_F(Files, RightsCanBeDroppedButNotRegained) {
  uint32_t fd = create("r.txt");
  EXPECT_EQ(calls::fd_fdstat_set_rights(*context_, memory_.view(), fd, abi::kRightFdRead, 0), Errno::Success);
  ASSERT_EQ(calls::fd_fdstat_get(*context_, memory_.view(), fd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 8), abi::kRightFdRead);
  EXPECT_EQ(calls::fd_fdstat_set_rights(*context_, memory_.view(), fd, kReadWrite, 0), Errno::Notcapable);
}

TEST_F(Files, FdstatSetFlagsTogglesAppendAndRefusesSync) {
  uint32_t fd = create("flags.txt", "ab");
  ASSERT_EQ(calls::fd_fdstat_set_flags(*context_, memory_.view(), fd, abi::kFdflagAppend), Errno::Success);
  seek(fd, 0, abi::kWhenceSet);
  ASSERT_EQ(write(fd, "c"), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "flags.txt"), "abc");
  ASSERT_EQ(calls::fd_fdstat_set_flags(*context_, memory_.view(), fd, 0), Errno::Success);
  seek(fd, 0, abi::kWhenceSet);
  ASSERT_EQ(write(fd, "X"), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "flags.txt"), "Xbc");
  EXPECT_EQ(calls::fd_fdstat_set_flags(*context_, memory_.view(), fd, abi::kFdflagSync), Errno::Notsup);
}

TEST_F(Files, FilestatAndSetSize) {
  uint32_t fd = create("s.txt", "12345");
  ASSERT_EQ(calls::fd_filestat_get(*context_, memory_.view(), fd, kOut), Errno::Success);
  struct stat st {};
  ASSERT_EQ(::stat((sandbox() / "s.txt").c_str(), &st), 0);
  EXPECT_EQ(memory_.read<uint64_t>(kOut), uint64_t(st.st_dev));
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 8), uint64_t(st.st_ino));
  EXPECT_EQ(memory_.read<uint8_t>(kOut + 16), abi::kFiletypeRegularFile);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 24), 1u);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 32), 5u);
  ASSERT_EQ(calls::fd_filestat_set_size(*context_, memory_.view(), fd, 2), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "s.txt"), "12");
  ASSERT_EQ(calls::fd_filestat_set_size(*context_, memory_.view(), fd, 4), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "s.txt"), std::string("12\0\0", 4));
}

TEST_F(Files, SetTimesGivenNowAndOmitted) {
  uint32_t fd = create("t.txt");
  const uint64_t atim = 1'000'000'000'123ull, mtim = 2'000'000'000'456ull;
  ASSERT_EQ(calls::fd_filestat_set_times(*context_, memory_.view(), fd, atim, mtim, abi::kFstAtim | abi::kFstMtim),
            Errno::Success);
  ASSERT_EQ(calls::fd_filestat_get(*context_, memory_.view(), fd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 40), atim);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 48), mtim);
  // Only mtim to now: atim stays.
  ASSERT_EQ(calls::fd_filestat_set_times(*context_, memory_.view(), fd, 0, 0, abi::kFstMtimNow), Errno::Success);
  ASSERT_EQ(calls::fd_filestat_get(*context_, memory_.view(), fd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 40), atim);
  EXPECT_GT(memory_.read<uint64_t>(kOut + 48), 1'600'000'000'000'000'000ull);
  EXPECT_EQ(calls::fd_filestat_set_times(*context_, memory_.view(), fd, 1, 1, abi::kFstAtim | abi::kFstAtimNow),
            Errno::Inval);
}

TEST_F(Files, SyncAdviseAllocate) {
  uint32_t fd = create("sync.txt", "data");
  EXPECT_EQ(calls::fd_sync(*context_, memory_.view(), fd), Errno::Success);
  EXPECT_EQ(calls::fd_datasync(*context_, memory_.view(), fd), Errno::Success);
  EXPECT_EQ(calls::fd_advise(*context_, memory_.view(), fd, 0, 4, 1), Errno::Success);
  EXPECT_EQ(calls::fd_advise(*context_, memory_.view(), fd, 0, 4, 6), Errno::Inval);
  ASSERT_EQ(calls::fd_allocate(*context_, memory_.view(), fd, 0, 100), Errno::Success);
  EXPECT_EQ(std::filesystem::file_size(sandbox() / "sync.txt"), 100u);
  EXPECT_EQ(calls::fd_allocate(*context_, memory_.view(), fd, ~0ull, 2), Errno::Fbig);
  EXPECT_EQ(calls::fd_sync(*context_, memory_.view(), 99), Errno::Badf);
}

TEST_F(Files, CloseThenEveryCallIsBadfAndTheNumberIsReused) {
  uint32_t fd = create("c.txt");
  ASSERT_EQ(calls::fd_close(*context_, memory_.view(), fd), Errno::Success);
  EXPECT_EQ(calls::fd_close(*context_, memory_.view(), fd), Errno::Badf);
  EXPECT_EQ(write(fd, "x"), Errno::Badf);
  EXPECT_EQ(calls::fd_filestat_get(*context_, memory_.view(), fd, kOut), Errno::Badf);
  EXPECT_EQ(create("d.txt"), fd) << "the lowest free number is reused";
}

TEST_F(Files, RenumberMovesAnFdOntoAnOpenOne) {
  uint32_t a = create("a.txt", "A"), b = create("b.txt", "B");
  EXPECT_EQ(calls::fd_renumber(*context_, memory_.view(), a, 50), Errno::Badf) << "the target must be open";
  ASSERT_EQ(calls::fd_renumber(*context_, memory_.view(), a, b), Errno::Success);
  EXPECT_EQ(write(a, "x"), Errno::Badf);
  ASSERT_EQ(write(b, "2"), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "a.txt"), "A2");
  EXPECT_EQ(read_file(sandbox() / "b.txt"), "B");
  EXPECT_EQ(calls::fd_renumber(*context_, memory_.view(), 99, b), Errno::Badf);
}

TEST_F(Files, PrestatNamesOnlyPreopens) {
  ASSERT_EQ(calls::fd_prestat_get(*context_, memory_.view(), kSandboxFd, kOut), Errno::Success);
  EXPECT_EQ(memory_.read<uint8_t>(kOut), abi::kPreopentypeDir);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), 8u);
  ASSERT_EQ(calls::fd_prestat_dir_name(*context_, memory_.view(), kSandboxFd, kBuf, 8), Errno::Success);
  EXPECT_EQ(memory_.read_bytes(kBuf, 8), "/sandbox");
  EXPECT_EQ(calls::fd_prestat_dir_name(*context_, memory_.view(), kSandboxFd, kBuf, 7), Errno::Nametoolong);
  EXPECT_EQ(calls::fd_prestat_get(*context_, memory_.view(), 4, kOut), Errno::Badf);
  EXPECT_EQ(calls::fd_prestat_get(*context_, memory_.view(), create("x.txt"), kOut), Errno::Badf);
  EXPECT_EQ(calls::fd_prestat_get(*context_, memory_.view(), 1, kOut), Errno::Badf);
}

TEST_F(Files, PreopensTakeFdsFromThreeInOrder) {
  WasiConfig config;
  config.preopens = {{sandbox().string(), "/first"}, {outside().string(), "/second"}};
  make_context(config);
  ASSERT_EQ(calls::fd_prestat_dir_name(*context_, memory_.view(), 4, kBuf, 7), Errno::Success);
  EXPECT_EQ(memory_.read_bytes(kBuf, 7), "/second");
}

TEST_F(Files, APreopenThatCannotBeOpenedFailsCreate) {
  WasiConfig config;
  config.preopens = {{(sandbox() / "no-such-dir").string(), "/x"}};
  auto created = WasiContext::create(config);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().kind, ErrorKind::Io);
  EXPECT_NE(created.error().message.find("no-such-dir"), std::string::npos);
  config.preopens = {{(sandbox() / "hello.txt").string(), "/x"}};
  EXPECT_FALSE(WasiContext::create(config).ok()) << "a file is not a directory to preopen";
}

}  // namespace
}  // namespace wasmprof::wasi::testing
