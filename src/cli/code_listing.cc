#include "cli/code_listing.hh"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "cli/module_file.hh"
#include "profile/data/module_id.hh"
#include "wasmprof/engine.hh"
#include "wasmprof/module.hh"

namespace wasmprof::cli {
namespace {

Error error_of(ErrorKind kind, std::string message) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

bool has_dot_dot(const std::string& path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (path.compare(start, end - start, "..") == 0 && end - start == 2) return true;
    start = end + 1;
  }
  return false;
}

std::optional<std::string> real_path(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return std::nullopt;
  return std::string(resolved);
}

bool is_inside(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
}

// Where `file` may be under `root`, most exact first.
std::vector<std::string> candidates(const std::string& root, const std::string& file) {
  std::vector<std::string> paths;
  if (file.empty()) return paths;
  if (file[0] != '/') {
    paths.push_back(root + "/" + file);
    return paths;
  }
  paths.push_back(file);
  for (size_t slash = 0; slash != std::string::npos && slash + 1 < file.size(); slash = file.find('/', slash + 1))
    paths.push_back(root + file.substr(slash));
  return paths;
}

enum class Opened { Ok, Missing, Outside };

// Opens `path` and reads it if the file it really is (after every symlink) lies inside `root`
// (already a real path): checked on the open descriptor, so a symlink swapped in between
// cannot lead elsewhere.
Opened read_inside(const std::string& path, const std::string& root, std::string& text, std::string& problem) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Opened::Missing;
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{fd};
  char where[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t length = readlink(link.c_str(), where, sizeof where - 1);
  if (length <= 0) return Opened::Missing;
  const std::string real(where, size_t(length));
  if (!is_inside(real, root)) {
    problem = path + " is " + real + ", outside " + root;
    return Opened::Outside;
  }
  struct stat info{};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return Opened::Missing;
  if (size_t(info.st_size) > kMaxSourceFileBytes) {
    problem = real + " is larger than " + std::to_string(kMaxSourceFileBytes) + " bytes";
    return Opened::Outside;
  }
  text.resize(size_t(info.st_size));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t got = read(fd, text.data() + done, text.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += size_t(got);
  }
  text.resize(done);
  return Opened::Ok;
}

}  // namespace

std::optional<ModuleCode::Body> ModuleCode::body_at(uint32_t address) const {
  auto after = std::upper_bound(bodies.begin(), bodies.end(), address,
                                [](uint32_t value, const Body& body) { return value < body.offset; });
  if (after == bodies.begin()) return std::nullopt;
  const Body& body = *(after - 1);
  if (address - body.offset >= body.size) return std::nullopt;
  return body;
}

Result<ModuleCode> load_module_code(const std::string& path) {
  std::ostringstream why;
  std::optional<std::vector<uint8_t>> bytes = read_module_file(path, why);
  if (!bytes) {
    std::string message = why.str();
    if (message.rfind("wasmprof: ", 0) == 0) message.erase(0, 10);
    if (message.rfind("error: ", 0) == 0) message.erase(0, 7);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return error_of(ErrorKind::Io, message);
  }
  const Engine engine;
  Result<Module> module = Module::compile(engine, *bytes);
  if (!module) return error_of(module.error().kind, path + ": " + module.error().to_string());
  ModuleCode code;
  code.path = path;
  code.id = profile::module_id(*bytes);
  for (uint32_t index = module->imported_function_count(); index < module->function_count(); ++index) {
    const FunctionLocation location = module->function_location(index).value();
    code.bodies.push_back(ModuleCode::Body{index, location.body_offset, location.body_size});
  }
  std::sort(code.bodies.begin(), code.bodies.end(),
            [](const ModuleCode::Body& a, const ModuleCode::Body& b) { return a.offset < b.offset; });
  code.bytes = std::move(*bytes);
  return code;
}

Result<std::vector<PrintedInstruction>> body_instructions(const ModuleCode& module, const ModuleCode::Body& body) {
  return print_function_instructions(module.bytes, body.function_index);
}

Result<std::string> read_source_under_roots(const std::vector<std::string>& roots, const std::string& file) {
  if (file.empty()) return error_of(ErrorKind::Usage, "no file named");
  if (has_dot_dot(file)) return error_of(ErrorKind::Usage, "refused " + file + ": a path with '..' in it");
  std::string refusal;
  for (const std::string& given : roots) {
    const std::optional<std::string> root = real_path(given);
    if (!root) continue;
    for (const std::string& path : candidates(*root, file)) {
      std::string text, problem;
      switch (read_inside(path, *root, text, problem)) {
        case Opened::Ok:
          return text;
        case Opened::Outside:
          if (refusal.empty()) refusal = problem;
          break;
        case Opened::Missing:
          break;
      }
    }
  }
  if (!refusal.empty()) return error_of(ErrorKind::Usage, "refused " + file + ": " + refusal);
  return error_of(ErrorKind::Io, file + " is not under the source roots");
}

}  // namespace wasmprof::cli
