// The path_* calls other than path_open. Each resolves its path with the sandbox (see
// sandbox_path.hh): calls that follow a final symlink open the whole path beneath the directory
// and act on the result; calls that do not act on the leaf name within its opened parent.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/abi.hh"
#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"
#include "wasi/host_errno.hh"
#include "wasi/host_file.hh"
#include "wasi/sandbox_path.hh"

namespace wasmprof::wasi::calls {
namespace {

// The guest's path argument and the directory it is relative to.
struct PathArgument {
  int dirfd = -1;
  std::string_view path;
};

Errno read_path(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len, PathArgument& out) {
  FdEntry* directory = find_fd(context, fd);
  if (!directory) return Errno::Badf;
  auto text = guest_string(memory, path, path_len);
  if (!text) return Errno::Fault;
  out = PathArgument{directory->host.get(), *text};
  return Errno::Success;
}

Errno read_parent(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len, PathParent& out) {
  PathArgument argument;
  if (Errno error = read_path(context, memory, fd, path, path_len, argument); error != Errno::Success) return error;
  return resolve_parent(argument.dirfd, argument.path, out);
}

// The leaf as the *at() call gets it: a trailing slash is kept, so the kernel still insists on a
// directory. Calls that create, remove or rename never follow a final symlink, slash or not.
std::string leaf_argument(const PathParent& parent) {
  return parent.trailing_slash && parent.leaf != "." ? parent.leaf + "/" : parent.leaf;
}

Errno result_of(int status) { return status == 0 ? Errno::Success : errno_from_host(errno); }

// Opens the object a path names (O_PATH: nothing is read or written through it). Without
// follow, a final symlink is opened itself; a trailing slash always follows, as in POSIX.
Errno open_object(const PathArgument& argument, bool follow, HostFd& out) {
  return open_beneath(argument.dirfd, argument.path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0, out);
}

}  // namespace

Errno path_create_directory(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len) {
  PathParent parent;
  if (Errno error = read_parent(context, memory, fd, path, path_len, parent); error != Errno::Success) return error;
  return result_of(mkdirat(parent.dirfd, leaf_argument(parent).c_str(), 0777));
}

Errno path_remove_directory(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len) {
  PathParent parent;
  if (Errno error = read_parent(context, memory, fd, path, path_len, parent); error != Errno::Success) return error;
  return result_of(unlinkat(parent.dirfd, leaf_argument(parent).c_str(), AT_REMOVEDIR));
}

Errno path_unlink_file(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len) {
  PathParent parent;
  if (Errno error = read_parent(context, memory, fd, path, path_len, parent); error != Errno::Success) return error;
  return result_of(unlinkat(parent.dirfd, leaf_argument(parent).c_str(), 0));
}

Errno path_filestat_get(Ctx context, Mem memory, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t filestat_out) {
  PathArgument argument;
  if (Errno error = read_path(context, memory, fd, path, path_len, argument); error != Errno::Success) return error;
  auto out = guest_range(memory, filestat_out, abi::kFilestatSize);
  if (!out) return Errno::Fault;
  HostFd object;
  if (Errno error = open_object(argument, flags & abi::kLookupSymlinkFollow, object); error != Errno::Success)
    return error;
  struct stat st {};
  if (fstat(object.get(), &st) != 0) return errno_from_host(errno);
  encode_filestat(st, *out);
  return Errno::Success;
}

Errno path_filestat_set_times(Ctx context, Mem memory, uint32_t fd, uint32_t flags, uint32_t path,
                              uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  PathArgument argument;
  if (Errno error = read_path(context, memory, fd, path, path_len, argument); error != Errno::Success) return error;
  auto times = host_times(atim, mtim, fst_flags);
  if (!times) return Errno::Inval;
  PathParent parent;
  if (Errno error = resolve_parent(argument.dirfd, argument.path, parent); error != Errno::Success) return error;
  if (!(flags & abi::kLookupSymlinkFollow) && !parent.trailing_slash)
    return result_of(utimensat(parent.dirfd, parent.leaf.c_str(), times->data(), AT_SYMLINK_NOFOLLOW));
  // Following: the target is found beneath the directory first, then changed through its fd
  // (utimensat has no "this O_PATH fd" form but the /proc link to it).
  HostFd object;
  if (Errno error = open_object(argument, true, object); error != Errno::Success) return error;
  return result_of(utimensat(AT_FDCWD, proc_fd_path(object.get()).c_str(), times->data(), 0));
}

Errno path_link(Ctx context, Mem memory, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len) {
  PathArgument source;
  if (Errno error = read_path(context, memory, old_fd, old_path, old_path_len, source); error != Errno::Success)
    return error;
  PathParent target;
  if (Errno error = read_parent(context, memory, new_fd, new_path, new_path_len, target); error != Errno::Success)
    return error;
  PathParent source_parent;
  if (Errno error = resolve_parent(source.dirfd, source.path, source_parent); error != Errno::Success) return error;
  if (!(old_flags & abi::kLookupSymlinkFollow) && !source_parent.trailing_slash)
    return result_of(linkat(source_parent.dirfd, source_parent.leaf.c_str(), target.dirfd,
                            leaf_argument(target).c_str(), 0));
  // Following a symlink must not leave the sandbox: resolve beneath, then link what was found.
  HostFd object;
  if (Errno error = open_object(source, true, object); error != Errno::Success) return error;
  return result_of(linkat(AT_FDCWD, proc_fd_path(object.get()).c_str(), target.dirfd,
                          leaf_argument(target).c_str(), AT_SYMLINK_FOLLOW));
}

namespace {

// Whether a relative symlink target, read from the directory `link_parent` names (a path
// relative to the guest's directory fd), stays beneath that fd. Lexical only: resolution is what
// the sandbox enforces (a link could be moved after it is made); this refuses, as node does,
// links that would point outside from where they are made.
bool target_stays_beneath(std::string_view link_parent, std::string_view target) {
  int64_t depth = 0;
  auto walk = [&depth](std::string_view path) {
    while (!path.empty()) {
      const size_t slash = path.find('/');
      const std::string_view component = path.substr(0, slash);
      path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
      if (component.empty() || component == ".") continue;
      depth += component == ".." ? -1 : 1;
      if (depth < 0) return false;
    }
    return true;
  };
  return walk(link_parent) && walk(target);
}

}  // namespace

// An absolute target is Perm and one that climbs above the directory fd is Notcapable; any other
// link is made as given (resolution still refuses to follow one that leads outside).
Errno path_symlink(Ctx context, Mem memory, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
                   uint32_t new_path, uint32_t new_path_len) {
  auto contents = guest_string(memory, old_path, old_path_len);
  if (!contents) return Errno::Fault;
  if (contents->find('\0') != std::string_view::npos) return Errno::Inval;
  PathParent parent;
  if (Errno error = read_parent(context, memory, fd, new_path, new_path_len, parent); error != Errno::Success)
    return error;
  if (!contents->empty() && contents->front() == '/') return Errno::Perm;
  auto link_path = guest_string(memory, new_path, new_path_len);
  std::string_view link_parent = *link_path;
  while (!link_parent.empty() && link_parent.back() == '/') link_parent.remove_suffix(1);
  const size_t slash = link_parent.rfind('/');
  link_parent = slash == std::string_view::npos ? std::string_view() : link_parent.substr(0, slash);
  if (!target_stays_beneath(link_parent, *contents)) return Errno::Notcapable;
  return result_of(symlinkat(std::string(*contents).c_str(), parent.dirfd, leaf_argument(parent).c_str()));
}

Errno path_readlink(Ctx context, Mem memory, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                    uint32_t buf_len, uint32_t bufused_out) {
  PathParent parent;
  if (Errno error = read_parent(context, memory, fd, path, path_len, parent); error != Errno::Success) return error;
  auto out = guest_range(memory, buf, buf_len);
  if (!out || !guest_range(memory, bufused_out, 4)) return Errno::Fault;
  // "name/" names a directory (following a link), and a directory is not a link.
  if (parent.trailing_slash) return Errno::Inval;
  char contents[PATH_MAX];
  const ssize_t length = readlinkat(parent.dirfd, parent.leaf.c_str(), contents, sizeof contents);
  if (length < 0) return errno_from_host(errno);
  // Like readlink(2), a buffer too small gets the first bytes.
  const uint32_t used = static_cast<uint32_t>(std::min<uint64_t>(static_cast<uint64_t>(length), buf_len));
  std::copy_n(contents, used, out->begin());
  store(memory, bufused_out, used);
  return Errno::Success;
}

Errno path_rename(Ctx context, Mem memory, uint32_t fd, uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_path_len) {
  PathParent source;
  if (Errno error = read_parent(context, memory, fd, old_path, old_path_len, source); error != Errno::Success)
    return error;
  PathParent target;
  if (Errno error = read_parent(context, memory, new_fd, new_path, new_path_len, target); error != Errno::Success)
    return error;
  return result_of(
      renameat(source.dirfd, leaf_argument(source).c_str(), target.dirfd, leaf_argument(target).c_str()));
}

}  // namespace wasmprof::wasi::calls
