#include "script_selection.hh"

#include <algorithm>
#include <system_error>

namespace wasmprof::spectest {

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> all_scripts(const fs::path& dir) {
  std::vector<fs::path> scripts;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".wast" && it->is_regular_file(error)) scripts.push_back(it->path());
  }
  if (error) throw UsageError("cannot list " + dir.string() + ": " + error.message());
  if (scripts.empty()) throw UsageError("no .wast scripts in " + dir.string());
  std::sort(scripts.begin(), scripts.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return scripts;
}

fs::path named_script(const fs::path& dir, const std::string& name) {
  fs::path path = dir / name;
  if (path.extension() != ".wast") path += ".wast";
  std::error_code error;
  if (!fs::is_regular_file(path, error)) throw UsageError("no script " + path.string());
  return path;
}

}  // namespace

std::vector<fs::path> select_scripts(const Options& options) {
  std::error_code error;
  if (fs::is_regular_file(options.suite_dir, error)) {  // script files named one by one
    std::vector<fs::path> scripts{options.suite_dir};
    for (const std::string& name : options.scripts) {
      if (!fs::is_regular_file(name, error)) throw UsageError("no script " + name);
      scripts.emplace_back(name);
    }
    return scripts;
  }
  if (!fs::is_directory(options.suite_dir, error)) {
    throw UsageError("not a folder or a script: " + options.suite_dir.string());
  }
  if (options.scripts.empty()) return all_scripts(options.suite_dir);
  std::vector<fs::path> scripts;
  for (const std::string& name : options.scripts) scripts.push_back(named_script(options.suite_dir, name));
  return scripts;
}

}  // namespace wasmprof::spectest
