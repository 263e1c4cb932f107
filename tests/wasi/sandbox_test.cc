// Every way a path could reach outside the preopen, each refused with the errno node's uvwasi
// gives: Notcapable for ".." above the directory, absolute paths and symlinks leading out (the
// kernel's EXDEV from RESOLVE_BENEATH), Loop for symlink cycles, Perm for creating an absolute
// symlink. Where an operation would change something, the test also checks that nothing
// outside changed.
#include <sys/stat.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class Sandbox : public WasiTest {
 protected:
  void SetUp() override {
    WasiTest::SetUp();
    // Links a guest could not make but could find (made by the host, or moved in).
    std::filesystem::create_symlink(outside() / "secret.txt", sandbox() / "abs");
    std::filesystem::create_symlink("../outside/secret.txt", sandbox() / "rel");
    std::filesystem::create_directory_symlink("../outside", sandbox() / "outdir");
    std::filesystem::create_symlink("../outside/created.txt", sandbox() / "dangling");
    std::filesystem::create_symlink("loop_b", sandbox() / "loop_a");
    std::filesystem::create_symlink("loop_a", sandbox() / "loop_b");
    std::filesystem::create_symlink("self", sandbox() / "self");
  }
  Errno open_read(std::string_view path, uint32_t lookup = abi::kLookupSymlinkFollow, uint32_t dir = kSandboxFd) {
    uint32_t fd;
    return open(path, 0, abi::kRightFdRead, fd, 0, lookup, dir);
  }
  Errno on_path(Errno (*call)(WasiContext&, GuestMemory, uint32_t, uint32_t, uint32_t), std::string_view path) {
    memory_.write_bytes(kPath, path);
    return call(*context_, memory_.view(), kSandboxFd, kPath, uint32_t(path.size()));
  }
  Errno two_paths(std::string_view from, std::string_view to, bool link, uint32_t lookup = 0) {
    memory_.write_bytes(kPath, from);
    memory_.write_bytes(kPath2, to);
    if (link)
      return calls::path_link(*context_, memory_.view(), kSandboxFd, lookup, kPath, uint32_t(from.size()), kSandboxFd,
                              kPath2, uint32_t(to.size()));
    return calls::path_rename(*context_, memory_.view(), kSandboxFd, kPath, uint32_t(from.size()), kSandboxFd, kPath2,
                              uint32_t(to.size()));
  }
  bool secret_intact() { return read_file(outside() / "secret.txt") == "secret"; }
};

TEST_F(Sandbox, DotDotAboveThePreopenIsNotcapable) {
  EXPECT_EQ(open_read(".."), Errno::Notcapable);
  EXPECT_EQ(open_read("../outside/secret.txt"), Errno::Notcapable);
  EXPECT_EQ(open_read("dir/../../outside/secret.txt"), Errno::Notcapable);
  EXPECT_EQ(open_read("dir/sub/../../../outside/secret.txt"), Errno::Notcapable);
  EXPECT_EQ(open_read("./../outside/secret.txt"), Errno::Notcapable);
  EXPECT_EQ(stat_path(".."), Errno::Notcapable);
  EXPECT_EQ(mkdir("../outside/new"), Errno::Notcapable);
  EXPECT_EQ(mkdir("dir/../.."), Errno::Notcapable);
  EXPECT_FALSE(std::filesystem::exists(outside() / "new"));
}

TEST_F(Sandbox, DotDotThatStaysInsideIsFine) {
  EXPECT_EQ(open_read("dir/../hello.txt"), Errno::Success);
  EXPECT_EQ(open_read("dir/sub/../../dir/a.txt"), Errno::Success);
  EXPECT_EQ(stat_path("dir/.."), Errno::Success);
}

TEST_F(Sandbox, AbsolutePathsAreNotcapable) {
  EXPECT_EQ(open_read("/etc/passwd"), Errno::Notcapable);
  EXPECT_EQ(open_read((outside() / "secret.txt").string()), Errno::Notcapable);
  EXPECT_EQ(open_read((sandbox() / "hello.txt").string()), Errno::Notcapable) << "even the preopen's own host path";
  EXPECT_EQ(stat_path("/"), Errno::Notcapable);
  EXPECT_EQ(mkdir("/tmp/wasi-escape"), Errno::Notcapable);
  EXPECT_EQ(on_path(calls::path_unlink_file, (outside() / "secret.txt").string()), Errno::Notcapable);
  EXPECT_TRUE(secret_intact());
}

TEST_F(Sandbox, SymlinksLeadingOutCannotBeFollowed) {
  EXPECT_EQ(open_read("abs"), Errno::Notcapable);
  EXPECT_EQ(open_read("rel"), Errno::Notcapable);
  EXPECT_EQ(open_read("outdir/secret.txt"), Errno::Notcapable);
  EXPECT_EQ(stat_path("abs"), Errno::Notcapable);
  EXPECT_EQ(stat_path("outdir/"), Errno::Notcapable) << "a trailing slash follows the link";
  uint32_t fd;
  EXPECT_EQ(open("outdir", abi::kOflagDirectory, abi::kRightFdReaddir, fd), Errno::Notcapable);
  // Without following, the link itself is what is looked at, which is inside.
  EXPECT_EQ(stat_path("abs", 0), Errno::Success);
  EXPECT_EQ(memory_.read<uint8_t>(kOut + 16), abi::kFiletypeSymbolicLink);
  EXPECT_EQ(open_read("abs", 0), Errno::Loop);
}

TEST_F(Sandbox, NothingOutsideChangesThroughALinkLeadingOut) {
  EXPECT_EQ(mkdir("outdir/new"), Errno::Notcapable);
  EXPECT_EQ(on_path(calls::path_unlink_file, "outdir/secret.txt"), Errno::Notcapable);
  EXPECT_EQ(on_path(calls::path_remove_directory, "outdir/x"), Errno::Notcapable);
  EXPECT_EQ(two_paths("hello.txt", "outdir/stolen", false), Errno::Notcapable);
  EXPECT_EQ(two_paths("outdir/secret.txt", "moved_in", false), Errno::Notcapable);
  EXPECT_EQ(two_paths("outdir/secret.txt", "hard", true), Errno::Notcapable);
  EXPECT_EQ(two_paths("abs", "hard", true, abi::kLookupSymlinkFollow), Errno::Notcapable);
  EXPECT_EQ(symlink("x", "outdir/planted"), Errno::Notcapable);
  uint32_t fd;
  EXPECT_EQ(open("dangling", abi::kOflagCreat, abi::kRightFdWrite, fd), Errno::Notcapable);
  EXPECT_FALSE(std::filesystem::exists(outside() / "created.txt"));
  memory_.write_bytes(kPath, "abs");
  EXPECT_EQ(calls::path_filestat_set_times(*context_, memory_.view(), kSandboxFd, abi::kLookupSymlinkFollow, kPath, 3,
                                           0, 0, abi::kFstMtimNow),
            Errno::Notcapable);
  memory_.write_bytes(kPath, "outdir/secret.txt");
  EXPECT_EQ(calls::path_readlink(*context_, memory_.view(), kSandboxFd, kPath, 17, kBuf, 100, kOut), Errno::Notcapable);
  EXPECT_TRUE(secret_intact());
  EXPECT_EQ(std::vector<std::filesystem::path>(std::filesystem::directory_iterator(outside()), {}).size(), 1u);
}

TEST_F(Sandbox, UnlinkingOrRenamingALinkLeadingOutActsOnTheLinkOnly) {
  EXPECT_EQ(on_path(calls::path_unlink_file, "abs"), Errno::Success);
  EXPECT_EQ(two_paths("rel", "rel2", false), Errno::Success);
  EXPECT_TRUE(secret_intact());
}

TEST_F(Sandbox, SymlinkLoopsAreLoop) {
  EXPECT_EQ(open_read("loop_a"), Errno::Loop);
  EXPECT_EQ(open_read("self"), Errno::Loop);
  EXPECT_EQ(stat_path("loop_b"), Errno::Loop);
  EXPECT_EQ(open_read("loop_a/x"), Errno::Loop);
}

TEST_F(Sandbox, AGuestCannotCreateALinkThatPointsOut) {
  EXPECT_EQ(symlink("/etc/passwd", "mine"), Errno::Perm);
  EXPECT_EQ(symlink("../outside/secret.txt", "mine"), Errno::Notcapable);
  EXPECT_EQ(symlink("../../x", "dir/mine"), Errno::Notcapable);
  EXPECT_EQ(symlink("sub/../../../x", "dir/mine"), Errno::Notcapable);
  EXPECT_FALSE(std::filesystem::is_symlink(sandbox() / "mine"));
  EXPECT_FALSE(std::filesystem::is_symlink(sandbox() / "dir" / "mine"));
  EXPECT_EQ(symlink("../hello.txt", "dir/mine"), Errno::Success) << "climbing while staying inside is allowed";
}

TEST_F(Sandbox, ALinkMovedSoThatItPointsOutIsStillRefusedWhenFollowed) {
  ASSERT_EQ(symlink("../hello.txt", "dir/up"), Errno::Success);
  ASSERT_EQ(open_read("dir/up"), Errno::Success);
  ASSERT_EQ(two_paths("dir/up", "up", false), Errno::Success);  // now "../hello.txt" from the top
  EXPECT_EQ(open_read("up"), Errno::Notcapable);
}

TEST_F(Sandbox, ADirectoryFdIsItsOwnSandbox) {
  uint32_t dir;
  ASSERT_EQ(open("dir", abi::kOflagDirectory, abi::kRightFdReaddir, dir), Errno::Success);
  EXPECT_EQ(open_read("a.txt", abi::kLookupSymlinkFollow, dir), Errno::Success);
  EXPECT_EQ(open_read("../hello.txt", abi::kLookupSymlinkFollow, dir), Errno::Notcapable);
}

TEST_F(Sandbox, PathsWithANulByteAreInval) {
  EXPECT_EQ(open_read(std::string_view("hello.txt\0/../..", 16)), Errno::Inval);
  EXPECT_EQ(mkdir(std::string_view("a\0b", 3)), Errno::Inval);
  EXPECT_EQ(symlink(std::string_view("x\0y", 3), "fine"), Errno::Inval);
}

TEST_F(Sandbox, PathCallsOnANonDirectoryFdAreNotdir) {
  uint32_t file;
  ASSERT_EQ(open("hello.txt", 0, abi::kRightFdRead, file), Errno::Success);
  EXPECT_EQ(open_read("x", abi::kLookupSymlinkFollow, file), Errno::Notdir);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
