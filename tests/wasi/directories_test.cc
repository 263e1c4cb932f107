// The path_* calls on files, directories and links inside the sandbox.
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class Directories : public WasiTest {
 protected:
  Errno with_path(Errno (*call)(WasiContext&, GuestMemory, uint32_t, uint32_t, uint32_t), std::string_view path) {
    memory_.write_bytes(kPath, path);
    return call(*context_, memory_.view(), kSandboxFd, kPath, uint32_t(path.size()));
  }
  Errno rmdir(std::string_view path) { return with_path(calls::path_remove_directory, path); }
  Errno unlink(std::string_view path) { return with_path(calls::path_unlink_file, path); }
  Errno rename(std::string_view from, std::string_view to) {
    memory_.write_bytes(kPath, from);
    memory_.write_bytes(kPath2, to);
    return calls::path_rename(*context_, memory_.view(), kSandboxFd, kPath, uint32_t(from.size()), kSandboxFd,
                              kPath2, uint32_t(to.size()));
  }
  Errno link(std::string_view from, std::string_view to, uint32_t lookup = 0) {
    memory_.write_bytes(kPath, from);
    memory_.write_bytes(kPath2, to);
    return calls::path_link(*context_, memory_.view(), kSandboxFd, lookup, kPath, uint32_t(from.size()), kSandboxFd,
                            kPath2, uint32_t(to.size()));
  }
  Errno readlink(std::string_view path, uint32_t buf_len, std::string& contents) {
    memory_.write_bytes(kPath, path);
    Errno error = calls::path_readlink(*context_, memory_.view(), kSandboxFd, kPath, uint32_t(path.size()), kBuf,
                                       buf_len, kOut);
    contents = error == Errno::Success ? memory_.read_bytes(kBuf, memory_.read<uint32_t>(kOut)) : "";
    return error;
  }
  uint8_t stat_type() const { return memory_.read<uint8_t>(kOut + 16); }
};

TEST_F(Directories, CreateAndRemoveDirectory) {
  ASSERT_EQ(mkdir("new"), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_directory(sandbox() / "new"));
  EXPECT_EQ(mkdir("new"), Errno::Exist);
  EXPECT_EQ(mkdir("missing/new"), Errno::Noent);
  EXPECT_EQ(mkdir("hello.txt/new"), Errno::Notdir);
  ASSERT_EQ(mkdir("trailing/"), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_directory(sandbox() / "trailing"));
  EXPECT_EQ(rmdir("dir"), Errno::Notempty);
  EXPECT_EQ(rmdir("hello.txt"), Errno::Notdir);
  ASSERT_EQ(rmdir("new"), Errno::Success);
  EXPECT_FALSE(std::filesystem::exists(sandbox() / "new"));
  EXPECT_EQ(rmdir("new"), Errno::Noent);
  EXPECT_EQ(rmdir("."), Errno::Inval) << "the directory fd itself cannot be removed";
}

TEST_F(Directories, UnlinkFilesButNotDirectories) {
  ASSERT_EQ(unlink("hello.txt"), Errno::Success);
  EXPECT_FALSE(std::filesystem::exists(sandbox() / "hello.txt"));
  EXPECT_EQ(unlink("hello.txt"), Errno::Noent);
  EXPECT_EQ(unlink("dir"), Errno::Isdir);
  EXPECT_EQ(unlink("dir/a.txt/"), Errno::Notdir);
}

TEST_F(Directories, FilestatOfFilesDirectoriesAndLinks) {
  ASSERT_EQ(stat_path("hello.txt"), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeRegularFile);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 32), 12u);
  ASSERT_EQ(stat_path("dir/"), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeDirectory);
  ASSERT_EQ(stat_path("."), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeDirectory);
  ASSERT_EQ(symlink("hello.txt", "link"), Errno::Success);
  ASSERT_EQ(stat_path("link", 0), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeSymbolicLink);
  ASSERT_EQ(stat_path("link", abi::kLookupSymlinkFollow), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeRegularFile);
  EXPECT_EQ(stat_path("missing"), Errno::Noent);
  EXPECT_EQ(stat_path(""), Errno::Noent);
  EXPECT_EQ(stat_path("hello.txt/"), Errno::Notdir);
}

TEST_F(Directories, PathFilestatSetTimesWithAndWithoutFollowing) {
  ASSERT_EQ(symlink("hello.txt", "link"), Errno::Success);
  memory_.write_bytes(kPath, "link");
  const uint64_t mtim = 1'234'567'890'000'000'000ull;
  ASSERT_EQ(calls::path_filestat_set_times(*context_, memory_.view(), kSandboxFd, abi::kLookupSymlinkFollow, kPath, 4,
                                           0, mtim, abi::kFstMtim),
            Errno::Success);
  ASSERT_EQ(stat_path("hello.txt"), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 48), mtim) << "following changes the target";
  const uint64_t link_mtim = 1'111'111'111'000'000'000ull;
  memory_.write_bytes(kPath, "link");
  ASSERT_EQ(calls::path_filestat_set_times(*context_, memory_.view(), kSandboxFd, 0, kPath, 4, 0, link_mtim,
                                           abi::kFstMtim),
            Errno::Success);
  ASSERT_EQ(stat_path("link", 0), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 48), link_mtim) << "not following changes the link";
  ASSERT_EQ(stat_path("hello.txt"), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 48), mtim);
}

TEST_F(Directories, RenameFilesAndDirectories) {
  ASSERT_EQ(rename("hello.txt", "dir/sub/moved.txt"), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "dir" / "sub" / "moved.txt"), "hello, world");
  ASSERT_EQ(rename("dir/sub", "sub2"), Errno::Success);
  EXPECT_TRUE(std::filesystem::exists(sandbox() / "sub2" / "moved.txt"));
  EXPECT_EQ(rename("missing", "x"), Errno::Noent);
  ASSERT_EQ(mkdir("full"), Errno::Success);
  write_file(sandbox() / "full" / "f", "");
  EXPECT_EQ(rename("sub2", "full"), Errno::Notempty);
  EXPECT_EQ(rename("dir/a.txt", "full"), Errno::Isdir);
}

TEST_F(Directories, HardLinks) {
  ASSERT_EQ(link("hello.txt", "dir/hard"), Errno::Success);
  EXPECT_EQ(read_file(sandbox() / "dir" / "hard"), "hello, world");
  ASSERT_EQ(stat_path("hello.txt"), Errno::Success);
  EXPECT_EQ(memory_.read<uint64_t>(kOut + 24), 2u);
  EXPECT_EQ(link("hello.txt", "dir/hard"), Errno::Exist);
  EXPECT_EQ(link("dir", "dir2"), Errno::Perm) << "directories cannot be hard-linked";
}

TEST_F(Directories, HardLinkToASymlinkOrItsTarget) {
  ASSERT_EQ(symlink("hello.txt", "soft"), Errno::Success);
  ASSERT_EQ(link("soft", "to_link", 0), Errno::Success);
  ASSERT_EQ(stat_path("to_link", 0), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeSymbolicLink);
  ASSERT_EQ(link("soft", "to_target", abi::kLookupSymlinkFollow), Errno::Success);
  ASSERT_EQ(stat_path("to_target", 0), Errno::Success);
  EXPECT_EQ(stat_type(), abi::kFiletypeRegularFile);
}

TEST_F(Directories, SymlinkAndReadlink) {
  ASSERT_EQ(symlink("dir/a.txt", "s"), Errno::Success);
  std::string contents;
  ASSERT_EQ(readlink("s", 100, contents), Errno::Success);
  EXPECT_EQ(contents, "dir/a.txt");
  ASSERT_EQ(readlink("s", 3, contents), Errno::Success);
  EXPECT_EQ(contents, "dir") << "a short buffer gets the first bytes";
  EXPECT_EQ(readlink("hello.txt", 100, contents), Errno::Inval);
  EXPECT_EQ(readlink("missing", 100, contents), Errno::Noent);
  EXPECT_EQ(symlink("anything", "s"), Errno::Exist);
  uint32_t fd;
  ASSERT_EQ(open("s", 0, kReadWrite, fd), Errno::Success);
  std::string data;
  ASSERT_EQ(read(fd, 10, data), Errno::Success);
  EXPECT_EQ(data, "A");
  // Without symlink_follow, opening the link itself is a loop error, as O_NOFOLLOW is.
  EXPECT_EQ(open("s", 0, kReadWrite, fd, 0, 0), Errno::Loop);
}

TEST_F(Directories, SymlinksWithinTheSandboxMayClimbAsLongAsTheyStayInside) {
  ASSERT_EQ(symlink("../hello.txt", "dir/up"), Errno::Success);
  uint32_t fd;
  ASSERT_EQ(open("dir/up", 0, kReadWrite, fd), Errno::Success);
  std::string data;
  ASSERT_EQ(read(fd, 5, data), Errno::Success);
  EXPECT_EQ(data, "hello");
  ASSERT_EQ(symlink("sub/../../dir/a.txt", "dir/winding"), Errno::Success);
  EXPECT_EQ(stat_path("dir/winding"), Errno::Success);
}

TEST_F(Directories, OpeningADirectoryGivesAnFdForPathsBeneathIt) {
  uint32_t dir;
  ASSERT_EQ(open("dir", abi::kOflagDirectory, abi::kRightFdReaddir | abi::kRightPathOpen, dir), Errno::Success);
  uint32_t fd;
  ASSERT_EQ(open("a.txt", 0, kReadWrite, fd, 0, abi::kLookupSymlinkFollow, dir), Errno::Success);
  std::string data;
  ASSERT_EQ(read(fd, 5, data), Errno::Success);
  EXPECT_EQ(data, "A");
  EXPECT_EQ(write(dir, "x"), Errno::Badf) << "a directory fd is read-only";
}

}  // namespace
}  // namespace wasmprof::wasi::testing
