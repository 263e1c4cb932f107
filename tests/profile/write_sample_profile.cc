// Writes the sample profile (tests/profile/sample_profile.cc) as a Firefox processed profile,
// for the format checkers:
//   write_sample_profile [--samples N] [--expect FILE] [--time] OUT.json
// --expect writes the call tree the frontend must show (check.sh --expect), computed here from
// ProfileData alone, independently of the writer; --time prints how long writing took.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "profile/format/firefox_writer.hh"
#include "profile/sample_profile.hh"

namespace {

using wasmprof::profile::kNoIndex;
using wasmprof::profile::ProfileData;

// Total and self weight per call path (function names from the root, joined by " > ").
std::map<std::string, std::pair<uint64_t, uint64_t>> call_tree(const ProfileData& data) {
  std::map<std::string, std::pair<uint64_t, uint64_t>> totals;
  for (const auto& sample : data.samples) {
    if (sample.stack == kNoIndex) continue;
    std::vector<std::string_view> names;
    for (uint32_t stack = sample.stack; stack != kNoIndex; stack = data.stacks[stack].prefix)
      names.insert(names.begin(), data.functions[data.frames[data.stacks[stack].frame].function].name);
    std::string path;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i != 0) path += " > ";
      path += names[i];
      totals[path].first += sample.weight;
    }
    totals[path].second += sample.weight;
  }
  return totals;
}

}  // namespace

int main(int argc, char** argv) {
  size_t samples = 400;
  const char* expect_path = nullptr;
  const char* out_path = nullptr;
  bool timed = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--samples" && i + 1 < argc) {
      samples = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--expect" && i + 1 < argc) {
      expect_path = argv[++i];
    } else if (arg == "--time") {
      timed = true;
    } else if (!out_path && !arg.starts_with("--")) {
      out_path = argv[i];
    } else {
      out_path = nullptr;
      break;
    }
  }
  if (!out_path) {
    std::fprintf(stderr, "usage: %s [--samples N] [--expect FILE] [--time] OUT.json\n", argv[0]);
    return 2;
  }

  const ProfileData data = wasmprof::profile::testing::make_sample_profile(samples);
  std::ofstream out(out_path, std::ios::binary);
  const auto start = std::chrono::steady_clock::now();
  const auto written = wasmprof::profile::write_firefox_profile(data, out);
  out.close();
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!written.ok() || !out) {
    std::fprintf(stderr, "error: %s\n", written.ok() ? "could not write the file" : written.error().to_string().c_str());
    return 1;
  }
  if (timed) std::printf("wrote %zu samples in %.3f s\n", samples, elapsed);

  if (expect_path) {
    std::ofstream expect(expect_path);
    expect << "# call paths of write_sample_profile --samples " << samples << ": total self\n";
    for (const auto& [path, weights] : call_tree(data)) expect << path << "  " << weights.first << " " << weights.second << "\n";
    if (!expect) return 1;
  }
  return 0;
}
