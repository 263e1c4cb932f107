#include "cli/profile_output.hh"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

#include "cli/code_listing.hh"
#include "profile/data/profile_data.hh"
#include "profile/format/gzip.hh"
#include "support/utf8.hh"

namespace wasmprof::cli {
namespace {

Error output_error(const std::string& what, const std::string& path, int code) {
  Error error;
  error.kind = ErrorKind::Io;
  error.message = what + " " + path + ": " + std::strerror(code);
  return error;
}

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// How an output path is written: where (symlinks followed) and whether atomically.
struct OutputPlan {
  std::string target;        // `path` with its symlinks followed
  bool atomic = true;        // through a new file renamed over `target`
  bool replaces = false;     // atomic over an existing regular file, whose mode it keeps
  struct stat existing {};   // that file
};

// A path that does not exist may still be a dangling symlink (or a chain of them): follows
// them the way open(2) with O_CREAT would, so the link's target is created, never the link
// replaced.
Result<std::string> follow_dangling_symlinks(std::string path, const std::string& what) {
  for (int hops = 0; hops < 40; ++hops) {
    char link[PATH_MAX];
    const ssize_t length = ::readlink(path.c_str(), link, sizeof link);
    if (length < 0) return path;  // not a symlink (EINVAL) or nothing there at all (ENOENT)
    if (size_t(length) == sizeof link) return output_error("cannot create " + what, path, ENAMETOOLONG);
    const std::string target(link, size_t(length));
    path = target.starts_with("/") ? target : directory_of(path) + "/" + target;
  }
  return output_error("cannot create " + what, path, ELOOP);
}

Result<OutputPlan> plan_output(const std::string& path, const std::string& what) {
  OutputPlan plan;
  if (::stat(path.c_str(), &plan.existing) == 0) {
    if (S_ISDIR(plan.existing.st_mode)) return output_error("cannot create " + what, path, EISDIR);
    if (!S_ISREG(plan.existing.st_mode)) {
      // A device, a FIFO, a socket, /dev/stdout on a pipe: written into, through `path`
      // itself, which the kernel resolves even where it is a magic link (/proc/self/fd/1).
      plan.target = path;
      plan.atomic = false;
      if (::access(path.c_str(), W_OK) != 0) return output_error("cannot write " + what + " to", path, errno);
      return plan;
    }
    // A regular file, found through whatever symlinks: the file itself is replaced.
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) return output_error("cannot write " + what + " to", path, errno);
    plan.target = resolved;
    const std::string directory = directory_of(plan.target);
    plan.atomic = ::access(directory.c_str(), W_OK | X_OK) == 0;
    plan.replaces = plan.atomic;
    // In a directory we cannot write, a file we can write is written in place.
    if (!plan.atomic && ::access(plan.target.c_str(), W_OK) != 0)
      return output_error("cannot write " + what + " to", path, errno);
    return plan;
  }
  if (errno != ENOENT) return output_error("cannot create " + what, path, errno);
  Result<std::string> target = follow_dangling_symlinks(path, what);
  if (!target) return target.error();
  plan.target = std::move(target).value();
  const std::string directory = directory_of(plan.target);
  struct stat status {};
  if (::stat(directory.c_str(), &status) != 0) return output_error("cannot create " + what, path, errno);
  if (!S_ISDIR(status.st_mode)) return output_error("cannot create " + what, path, ENOTDIR);
  if (::access(directory.c_str(), W_OK | X_OK) != 0) return output_error("cannot create " + what, path, errno);
  return plan;
}

Result<Ok> write_all(int fd, std::string_view bytes, const std::string& what, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return output_error("cannot write " + what + " to", path, errno);
    }
    bytes.remove_prefix(size_t(written));
  }
  return Ok{};
}

Result<Ok> write_into(const OutputPlan& plan, std::string_view bytes, const std::string& what, const std::string& path) {
  // Without O_CREAT: the plan found something there, and if it vanished since, nothing is made.
  const int fd = ::open(plan.target.c_str(), O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return output_error("cannot write " + what + " to", path, errno);
  Result<Ok> written = write_all(fd, bytes, what, path);
  if (::close(fd) != 0 && written) return output_error("cannot write " + what + " to", path, errno);
  return written;
}

// A new file next to `target` whose name nobody can guess; O_EXCL|O_NOFOLLOW, so whatever
// someone planted under that name makes the open fail rather than be written through.
Result<std::pair<int, std::string>> create_temporary(const std::string& target, const std::string& what,
                                                     const std::string& path) {
  const std::string directory = directory_of(target);
  const std::string base = target.substr(target.rfind('/') + 1);
  for (int attempt = 0; attempt < 100; ++attempt) {
    uint64_t random = 0;
    if (::getrandom(&random, sizeof random, 0) != sizeof random) return output_error("cannot create " + what, path, errno);
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, ".%016llx", static_cast<unsigned long long>(random));
    std::string name = directory + "/." + base + suffix;
    // 0666: the umask applies, as to any file the user creates.
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return std::pair<int, std::string>(fd, std::move(name));
    if (errno != EEXIST) return output_error("cannot create " + what, path, errno);
  }
  return output_error("cannot create " + what, path, EEXIST);
}

Result<Ok> write_atomically(const OutputPlan& plan, std::string_view bytes, const std::string& what,
                            const std::string& path) {
  Result<std::pair<int, std::string>> temporary = create_temporary(plan.target, what, path);
  if (!temporary) return temporary.error();
  const int fd = temporary->first;
  const std::string name = temporary->second;
  auto fail = [&name, &what, &path](int code) {
    ::unlink(name.c_str());
    return output_error("cannot write " + what + " to", path, code);
  };
  if (plan.replaces) {
    // The file keeps its owner (where we may give it) and its mode.
    if (::fchown(fd, plan.existing.st_uid, plan.existing.st_gid) != 0) {
      // Not ours to give: the new file stays ours, as when anyone rewrites a file.
    }
    if (::fchmod(fd, plan.existing.st_mode & 07777) != 0) {
      const int code = errno;
      ::close(fd);
      return fail(code);
    }
  }
  Result<Ok> written = write_all(fd, bytes, what, path);
  if (!written) {
    ::close(fd);
    ::unlink(name.c_str());
    return written;
  }
  // On disk before the rename makes it the file, so a crash leaves the old or the new one.
  if (::fsync(fd) != 0) {
    const int code = errno;
    ::close(fd);
    return fail(code);
  }
  if (::close(fd) != 0) return fail(errno);
  if (::rename(name.c_str(), plan.target.c_str()) != 0) return fail(errno);
  return Ok{};
}

}  // namespace

Result<Ok> check_output_path(const std::string& path, const std::string& what) {
  Result<OutputPlan> plan = plan_output(path, what);
  if (!plan) return plan.error();
  return Ok{};
}

Result<Ok> check_profile_request(const RunOptions& options) {
  const std::string file_name = options.wasm_file.substr(options.wasm_file.rfind('/') + 1);
  if (!is_valid_utf8(file_name)) {
    Error error = output_error("cannot name the profile's module after", options.wasm_file, EILSEQ);
    error.message += " (the profile's names are UTF-8; rename the file)";
    return error;
  }
  return check_output_path(options.profile->path, "the profile");
}

Result<Ok> write_output_file(const std::string& path, std::string_view bytes, const std::string& what) {
  Result<OutputPlan> plan = plan_output(path, what);
  if (!plan) return plan.error();
  return plan->atomic ? write_atomically(plan.value(), bytes, what, path) : write_into(plan.value(), bytes, what, path);
}

std::string top_self_functions(const profile::ProfileData& data, size_t top) {
  std::map<uint32_t, uint64_t> self;  // function -> samples
  uint64_t total = 0;
  for (const profile::ProfileSample& sample : data.samples) {
    total += sample.weight;
    if (sample.stack == profile::kNoIndex) continue;
    self[data.frames[data.stacks[sample.stack].frame].function] += sample.weight;
  }
  std::vector<std::pair<uint64_t, uint32_t>> ranked;
  for (const auto& [function, count] : self) ranked.emplace_back(count, function);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (size_t i = 0; i < std::min(top, ranked.size()); ++i) {
    char share[32];
    std::snprintf(share, sizeof share, "%7.1f%%  ", 100.0 * double(ranked[i].first) / double(total));
    out += share + data.functions[ranked[i].second].name + "\n";
  }
  return out;
}

Result<Ok> write_profile(GuestProfiler profiler, const std::string& path, size_t& samples_out,
                         std::string& top_functions_out, const std::optional<std::string>& embed_sources,
                         std::string* embedded_out) {
  profiler.stop_sampling();
  if (embed_sources) {
    const std::vector<std::string> roots = {*embed_sources};
    const GuestProfiler::EmbeddedSources embedded = profiler.embed_sources([&](const std::string& file) {
      Result<std::string> text = read_source_under_roots(roots, file);
      return text ? std::optional<std::string>(std::move(text).value()) : std::nullopt;
    });
    if (embedded_out != nullptr)
      *embedded_out = "embedded " + std::to_string(embedded.files) + " source file" + (embedded.files == 1 ? "" : "s") +
                      " found under " + *embed_sources + " (" + std::to_string(embedded.bytes) +
                      " bytes added to the profile)" +
                      (embedded.left_out > 0 ? "; " + std::to_string(embedded.left_out) + " named files not under it"
                                             : std::string());
  }
  samples_out = profiler.data().samples.size();
  top_functions_out = top_self_functions(profiler.data(), 5);
  // The whole profile is produced first, so nothing is created when that fails.
  std::ostringstream json;
  Result<Ok> finished = std::move(profiler).finish(json);
  if (!finished) return finished;
  std::string bytes = std::move(json).str();
  if (path.ends_with(".gz")) {
    Result<std::string> compressed = profile::gzip_compress(bytes);
    if (!compressed) return compressed.error();
    bytes = std::move(compressed).value();
  }
  return write_output_file(path, bytes, "the profile");
}

}  // namespace wasmprof::cli
