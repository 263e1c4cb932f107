// WASI guest: file and directory operations in the /sandbox preopen: create, stat, seek and
// tell, pread and pwrite, truncate, rename, hard and symbolic links, times, a directory large
// enough that listing it takes several fd_readdir calls, and removal.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(what, expr) printf("%s: %s\n", what, (expr) ? "ok" : "FAILED")

int main(void) {
  CHECK("mkdir work", mkdir("/sandbox/work", 0755) == 0);
  CHECK("mkdir again is EEXIST", mkdir("/sandbox/work", 0755) != 0 && errno == EEXIST);

  int fd = open("/sandbox/work/data.bin", O_CREAT | O_RDWR | O_EXCL, 0644);
  CHECK("create data.bin", fd >= 0);
  CHECK("O_EXCL on existing is EEXIST", open("/sandbox/work/data.bin", O_CREAT | O_EXCL | O_RDWR, 0644) < 0 && errno == EEXIST);
  CHECK("write 10 bytes", write(fd, "0123456789", 10) == 10);
  CHECK("tell is 10", lseek(fd, 0, SEEK_CUR) == 10);
  CHECK("seek to 2", lseek(fd, 2, SEEK_SET) == 2);
  char buffer[32] = {0};
  CHECK("read 3 from 2", read(fd, buffer, 3) == 3 && memcmp(buffer, "234", 3) == 0);
  CHECK("seek from end", lseek(fd, -1, SEEK_END) == 9);
  CHECK("seek before start is EINVAL", lseek(fd, -100, SEEK_SET) < 0 && errno == EINVAL);
  CHECK("pwrite at 20 leaves a hole", pwrite(fd, "XY", 2, 20) == 2);
  CHECK("pread across the hole", pread(fd, buffer, 12, 9) == 12 && buffer[0] == '9' && buffer[1] == 0 && buffer[11] == 'X');
  CHECK("pread does not move the offset", lseek(fd, 0, SEEK_CUR) == 9);
  struct stat st;
  CHECK("fstat size 22", fstat(fd, &st) == 0 && st.st_size == 22 && S_ISREG(st.st_mode));
  CHECK("ftruncate to 5", ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
  CHECK("fdatasync", fdatasync(fd) == 0);
  CHECK("fsync", fsync(fd) == 0);
  CHECK("close", close(fd) == 0);
  CHECK("close again is EBADF", close(fd) != 0 && errno == EBADF);

  CHECK("stat dir", stat("/sandbox/work", &st) == 0 && S_ISDIR(st.st_mode));
  CHECK("stat missing is ENOENT", stat("/sandbox/work/none", &st) != 0 && errno == ENOENT);
  CHECK("open missing is ENOENT", open("/sandbox/work/none", O_RDONLY) < 0 && errno == ENOENT);
  CHECK("O_DIRECTORY on a file is ENOTDIR", open("/sandbox/work/data.bin", O_RDONLY | O_DIRECTORY) < 0 && errno == ENOTDIR);

  struct timespec times[2] = {{1000000000, 0}, {1200000000, 500}};
  CHECK("utimensat", utimensat(AT_FDCWD, "/sandbox/work/data.bin", times, 0) == 0);
  CHECK("mtime set", stat("/sandbox/work/data.bin", &st) == 0 && st.st_mtim.tv_sec == 1200000000);

  CHECK("rename", rename("/sandbox/work/data.bin", "/sandbox/work/moved.bin") == 0);
  CHECK("old name gone", access("/sandbox/work/data.bin", F_OK) != 0);
  CHECK("hard link", link("/sandbox/work/moved.bin", "/sandbox/work/hard.bin") == 0);
  CHECK("link count 2", stat("/sandbox/work/moved.bin", &st) == 0 && st.st_nlink == 2);
  CHECK("symlink", symlink("moved.bin", "/sandbox/work/soft") == 0);
  ssize_t length = readlink("/sandbox/work/soft", buffer, sizeof buffer);
  CHECK("readlink", length == 9 && memcmp(buffer, "moved.bin", 9) == 0);
  CHECK("lstat sees the link", lstat("/sandbox/work/soft", &st) == 0 && S_ISLNK(st.st_mode));
  CHECK("stat follows the link", stat("/sandbox/work/soft", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
  fd = open("/sandbox/work/soft", O_RDONLY);
  CHECK("open through the link", fd >= 0 && read(fd, buffer, 5) == 5 && memcmp(buffer, "01234", 5) == 0);
  close(fd);

  fd = open("/sandbox/work/log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
  CHECK("append 1", write(fd, "a", 1) == 1);
  lseek(fd, 0, SEEK_SET);
  CHECK("append 2 goes to the end", write(fd, "b", 1) == 1);
  close(fd);
  fd = open("/sandbox/work/log.txt", O_RDONLY);
  CHECK("appended content", read(fd, buffer, 8) == 2 && memcmp(buffer, "ab", 2) == 0);
  CHECK("write to a read-only fd fails", write(fd, "c", 1) < 0);
  close(fd);
  fd = open("/sandbox/work/log.txt", O_WRONLY | O_TRUNC);
  CHECK("O_TRUNC empties", fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
  close(fd);

  // 150 entries with long names: more than one 4 KiB fd_readdir buffer, so the listing resumes
  // from a cookie.
  CHECK("mkdir many", mkdir("/sandbox/work/many", 0755) == 0);
  int created = 0;
  for (int i = 0; i < 150; ++i) {
    char name[128];
    snprintf(name, sizeof name, "/sandbox/work/many/entry-with-a-rather-long-name-%03d", i);
    int f = open(name, O_CREAT | O_WRONLY, 0644);
    if (f >= 0) { ++created; close(f); }
  }
  DIR* dir = opendir("/sandbox/work/many");
  int listed = 0, seen[150] = {0};
  struct dirent* entry;
  while (dir && (entry = readdir(dir))) {
    int number;
    if (sscanf(entry->d_name, "entry-with-a-rather-long-name-%d", &number) == 1 && number >= 0 && number < 150 &&
        !seen[number]++)
      ++listed;
  }
  if (dir) closedir(dir);
  printf("created %d, listed %d distinct\n", created, listed);
  CHECK("rmdir non-empty is ENOTEMPTY", rmdir("/sandbox/work/many") != 0 && errno == ENOTEMPTY);
  for (int i = 0; i < 150; ++i) {
    char name[128];
    snprintf(name, sizeof name, "/sandbox/work/many/entry-with-a-rather-long-name-%03d", i);
    unlink(name);
  }
  CHECK("rmdir emptied", rmdir("/sandbox/work/many") == 0);

  CHECK("unlink a directory fails", unlink("/sandbox/work") != 0);
  CHECK("unlink symlink", unlink("/sandbox/work/soft") == 0);
  CHECK("unlink hard", unlink("/sandbox/work/hard.bin") == 0);
  CHECK("unlink log", unlink("/sandbox/work/log.txt") == 0);
  CHECK("keep moved.bin", access("/sandbox/work/moved.bin", R_OK) == 0);
  return 0;
}
