// A C++ WASI command built with exceptions disabled (-fno-exceptions) against Debian's libc++
// for wasm32-wasi: it reads /sandbox/input.txt and the files of /sandbox/dir, counts the
// words with standard containers, writes a report to /sandbox/cpp_report.txt, prints it, and
// exits with status 3. Run under wasmprof and under node, it must behave the same.
#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

std::string read_file(const std::string& path) {
  std::string text;
  if (FILE* file = std::fopen(path.c_str(), "rb")) {
    char buffer[256];
    size_t count;
    while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, count);
    std::fclose(file);
  }
  return text;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

}  // namespace

int main() {
  std::map<std::string, int> counts;
  for (const std::string& word : words_of(read_file("/sandbox/input.txt"))) ++counts[word];

  std::vector<std::string> names;
  if (DIR* dir = opendir("/sandbox/dir")) {
    while (dirent* entry = readdir(dir))
      if (entry->d_name[0] != '.') names.push_back(entry->d_name);
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names)
    for (const std::string& word : words_of(read_file("/sandbox/dir/" + name))) ++counts[word];

  std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string report = "entries in /sandbox/dir:";
  for (const std::string& name : names) report += " " + name;
  report += "\n";
  for (const auto& [word, count] : ranked) report += word + " " + std::to_string(count) + "\n";

  if (FILE* out = std::fopen("/sandbox/cpp_report.txt", "wb")) {
    std::fwrite(report.data(), 1, report.size(), out);
    std::fclose(out);
  }
  std::fputs(report.c_str(), stdout);
  return 3;
}
