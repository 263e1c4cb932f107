// fd_readdir: the dirent layout, "." and "..", cookies, and buffers too small for an entry.
#include <map>
#include <sys/stat.h>

#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

struct Dirent {
  uint64_t next, inode;
  uint8_t type;
  std::string name;
};

class Readdir : public WasiTest {
 protected:
  // One fd_readdir call; the complete entries it returned, and whether the buffer was full.
  std::vector<Dirent> list(uint32_t fd, uint64_t cookie, uint32_t buf_len, bool* full = nullptr) {
    EXPECT_EQ(calls::fd_readdir(*context_, memory_.view(), fd, kBuf, buf_len, cookie, kOut), Errno::Success);
    const uint32_t used = memory_.read<uint32_t>(kOut);
    EXPECT_LE(used, buf_len);
    if (full) *full = used == buf_len;
    std::vector<Dirent> entries;
    for (uint32_t at = 0; at + abi::kDirentSize <= used;) {
      Dirent entry{memory_.read<uint64_t>(kBuf + at), memory_.read<uint64_t>(kBuf + at + 8),
                   memory_.read<uint8_t>(kBuf + at + 20), ""};
      const uint32_t name_length = memory_.read<uint32_t>(kBuf + at + 16);
      if (at + abi::kDirentSize + name_length > used) break;  // cut off by the buffer's end
      entry.name = memory_.read_bytes(kBuf + at + abi::kDirentSize, name_length);
      entries.push_back(entry);
      at += abi::kDirentSize + name_length;
    }
    return entries;
  }
  uint32_t open_dir(std::string_view path) {
    uint32_t fd = 0;
    EXPECT_EQ(open(path, abi::kOflagDirectory, abi::kRightFdReaddir, fd), Errno::Success);
    return fd;
  }
};

TEST_F(Readdir, ListsEveryEntryWithDotAndDotDotTypesAndInodes) {
  std::filesystem::create_symlink("a.txt", sandbox() / "dir" / "link");
  std::vector<Dirent> entries = list(open_dir("dir"), 0, 4096);
  std::map<std::string, Dirent> by_name;
  for (const Dirent& entry : entries) by_name[entry.name] = entry;
  ASSERT_EQ(by_name.size(), 5u);
  EXPECT_EQ(by_name["."].type, abi::kFiletypeDirectory);
  EXPECT_EQ(by_name[".."].type, abi::kFiletypeDirectory);
  EXPECT_EQ(by_name["sub"].type, abi::kFiletypeDirectory);
  EXPECT_EQ(by_name["a.txt"].type, abi::kFiletypeRegularFile);
  EXPECT_EQ(by_name["link"].type, abi::kFiletypeSymbolicLink);
  struct stat st {};
  ASSERT_EQ(::lstat((sandbox() / "dir" / "a.txt").c_str(), &st), 0);
  EXPECT_EQ(by_name["a.txt"].inode, uint64_t(st.st_ino));
  // d_next of the i-th entry is the cookie that resumes after it.
  for (size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].next, i + 1);
}

TEST_F(Readdir, ResumingFromEveryCookieGivesTheRestInTheSameOrder) {
  for (int i = 0; i < 40; ++i) write_file(sandbox() / "dir" / ("file-" + std::to_string(i)), "");
  const uint32_t fd = open_dir("dir");
  std::vector<Dirent> all = list(fd, 0, 16384);
  ASSERT_EQ(all.size(), 44u);  // ".", "..", a.txt, sub and the 40 files
  for (uint64_t cookie = 0; cookie <= all.size(); ++cookie) {
    std::vector<Dirent> rest = list(fd, cookie, 16384);
    ASSERT_EQ(rest.size(), all.size() - cookie) << "cookie " << cookie;
    for (size_t i = 0; i < rest.size(); ++i) EXPECT_EQ(rest[i].name, all[cookie + i].name);
  }
  EXPECT_TRUE(list(fd, 1000, 16384).empty()) << "a cookie past the end lists nothing";
}

TEST_F(Readdir, SmallBuffersFillCompletelyAndTheGuestResumesFromTheLastWholeEntry) {
  for (int i = 0; i < 30; ++i) write_file(sandbox() / "dir" / ("entry-with-a-long-name-" + std::to_string(i)), "");
  const uint32_t fd = open_dir("dir");
  const size_t expected = list(fd, 0, 16384).size();
  std::vector<std::string> names;
  uint64_t cookie = 0;
  for (int calls = 0; calls < 100; ++calls) {
    bool full = false;
    std::vector<Dirent> batch = list(fd, cookie, 200, &full);
    for (const Dirent& entry : batch) names.push_back(entry.name);
    if (!full) break;
    ASSERT_FALSE(batch.empty()) << "200 bytes hold at least one entry";
    cookie = batch.back().next;
  }
  EXPECT_EQ(names.size(), expected);
}

TEST_F(Readdir, ABufferSmallerThanOneEntryHoldsItsFirstBytes) {
  std::vector<Dirent> entries = list(open_dir("dir"), 0, 10);
  EXPECT_TRUE(entries.empty());
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 10u);
  EXPECT_EQ(memory_.read<uint64_t>(kBuf), 1u) << "the start of the first dirent: d_next";
}

TEST_F(Readdir, ThePreopenItselfCanBeListedAndAFileCannot) {
  std::vector<Dirent> entries = list(kSandboxFd, 0, 4096);
  bool found = false;
  for (const Dirent& entry : entries) found |= entry.name == "hello.txt";
  EXPECT_TRUE(found);
  uint32_t file;
  ASSERT_EQ(open("hello.txt", 0, kReadWrite, file), Errno::Success);
  EXPECT_EQ(calls::fd_readdir(*context_, memory_.view(), file, kBuf, 100, 0, kOut), Errno::Notdir);
  EXPECT_EQ(calls::fd_readdir(*context_, memory_.view(), 99, kBuf, 100, 0, kOut), Errno::Badf);
}

TEST_F(Readdir, SeesEntriesAddedAfterTheFdWasOpened) {
  const uint32_t fd = open_dir("dir");
  const size_t before = list(fd, 0, 4096).size();
  write_file(sandbox() / "dir" / "late.txt", "");
  EXPECT_EQ(list(fd, 0, 4096).size(), before + 1);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
