// The sandbox: turning a guest path, relative to a guest directory fd, into something the host
// can act on without ever reaching outside that directory.
//
// Every lookup goes through Linux openat2(2) with RESOLVE_BENEATH, so the kernel itself refuses
// absolute paths, ".." above the directory, and symlinks (absolute, or relative ones that climb
// out) at any depth; the refusal (EXDEV) is reported as Errno::Notcapable, as node's uvwasi does.
// Symlink loops give Errno::Loop. Operations that must not follow the final component (unlink,
// rename, readlink, ...) get the final component's parent opened this way and act on the leaf
// name with the *at() system calls, which do not follow a final symlink.
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

#include "wasi/fd_table.hh"
#include "wasi/wasi.hh"

namespace wasmprof::wasi {

// A path's parent directory, open, and its last component.
struct PathParent {
  HostFd owned;       // holds the parent when it had to be opened
  int dirfd = -1;     // the directory `leaf` is relative to
  std::string leaf;   // one component, never ".."; "." when the path names a directory itself
  bool trailing_slash = false;  // the guest wrote "name/": it must be a directory
};

// Splits `path` and opens its parent beneath `base_dirfd`. A path ending in "." or ".." names a
// directory: it is resolved whole (beneath) and the leaf is ".".
Errno resolve_parent(int base_dirfd, std::string_view path, PathParent& out);

// openat2(base_dirfd, path, flags, mode) confined beneath base_dirfd. O_NOFOLLOW in flags
// concerns only the last component, as for openat.
Errno open_beneath(int base_dirfd, std::string_view path, int flags, mode_t mode, HostFd& out);

// The host path that reaches an open fd, for the few calls with no fd form that follows.
std::string proc_fd_path(int fd);

}  // namespace wasmprof::wasi
