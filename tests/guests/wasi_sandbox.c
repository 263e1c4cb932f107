// WASI guest: tries to leave the /sandbox preopen every way a path can, and prints how each
// attempt ends: every escape must be "refused". Creating a symlink whose target is absolute
// (EPERM) or climbs above the preopen (ENOTCAPABLE) is refused outright, as node does, and
// resolution refuses the rest.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void try_open(const char* what, const char* path) {
  errno = 0;
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    printf("%s: opened\n", what);
    close(fd);
  } else {
    printf("%s: refused (%s)\n", what, strerror(errno));
  }
}

static void try_symlink(const char* what, const char* target, const char* path) {
  errno = 0;
  if (symlink(target, path) == 0) printf("%s: created\n", what);
  else printf("%s: refused (%s)\n", what, strerror(errno));
}

int main(void) {
  try_open("dot-dot above the preopen", "/sandbox/../input.txt");
  try_open("dot-dot deep", "/sandbox/dir/../../../../../../etc/passwd");
  try_open("absolute outside any preopen", "/etc/passwd");

  try_symlink("symlink to an absolute path", "/etc/passwd", "/sandbox/abs_link");
  try_open("through the absolute symlink", "/sandbox/abs_link");
  try_symlink("symlink climbing out", "../../../../..", "/sandbox/up_link");
  try_open("through the climbing symlink", "/sandbox/up_link/etc/passwd");
  try_symlink("loop a->b", "loop_b", "/sandbox/loop_a");
  try_symlink("loop b->a", "loop_a", "/sandbox/loop_b");
  try_open("through the symlink loop", "/sandbox/loop_a");

  // Within the sandbox, ".." that stays inside is fine.
  try_open("dot-dot staying inside", "/sandbox/dir/../input.txt");
  try_symlink("a relative symlink staying inside", "dir/a.txt", "/sandbox/in_link");
  try_symlink("a symlink in a subdirectory climbing two levels", "../../input.txt", "/sandbox/dir/up_two");
  try_open("through the inside symlink", "/sandbox/in_link");
  return 0;
}
