// The cost of DWARF line attribution (bench/dwarf/README.md): building a DwarfLines index of a
// big -g guest, and looking up random code offsets in it.
//
//   dwarf_lines_bench <module.wasm>... [--lookups N]
//
// For each module: its size, the time to decode it alone (a part of build, which decodes), the
// time of DwarfLines::build, and the mean time of N lookups at random code offsets. Comparing a
// small and a big module shows whether lookups grow with the index (they should not, much:
// O(log n)).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "binary/decoder.hh"
#include "profile/dwarf/dwarf_lines.hh"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int measure(const std::string& path, size_t lookups) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.empty()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  auto start = Clock::now();
  auto decoded = wasmprof::decode_module(bytes);
  double decode_seconds = seconds_since(start);
  if (!decoded) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), decoded.error().to_string().c_str());
    return 1;
  }
  start = Clock::now();
  auto lines = wasmprof::profile::DwarfLines::build(bytes);
  double build_seconds = seconds_since(start);
  if (!lines) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), lines.error().to_string().c_str());
    return 1;
  }
  for (const std::string& warning : lines->warnings()) std::fprintf(stderr, "warning: %s\n", warning.c_str());

  // Offsets drawn beforehand, so the timed loop is lookups only.
  uint32_t code_begin = decoded->code_section_offset;
  uint32_t code_end = decoded->bodies.empty() ? code_begin : decoded->bodies.back().entry.end();
  std::mt19937 random(1);
  std::uniform_int_distribution<uint32_t> offset(code_begin, code_end);
  std::vector<uint32_t> offsets(lookups);
  for (uint32_t& value : offsets) value = offset(random);
  size_t frames = 0, known = 0;
  start = Clock::now();
  for (uint32_t value : offsets) {
    auto found = lines->lookup(value);
    frames += found.size();
    known += found.empty() ? 0 : 1;
  }
  double lookup_seconds = seconds_since(start);
  // The same offsets in address order: the searches then hit the cache, which separates the
  // O(log n) work from the memory latency of random probes into big tables.
  std::sort(offsets.begin(), offsets.end());
  start = Clock::now();
  for (uint32_t value : offsets) frames += lines->lookup(value).size();
  double sorted_seconds = seconds_since(start);

  std::printf("%s: module_bytes=%zu code_bytes=%u line_rows=%zu scopes=%zu decode_seconds=%.3f "
              "build_seconds=%.3f lookups=%zu lookup_ns=%.0f sorted_lookup_ns=%.0f known=%.1f%% frames_per_lookup=%.2f\n",
              path.c_str(), bytes.size(), code_end - code_begin, lines->line_row_count(), lines->scope_count(),
              decode_seconds, build_seconds, lookups, lookup_seconds * 1e9 / double(lookups ? lookups : 1),
              sorted_seconds * 1e9 / double(lookups ? lookups : 1),
              100.0 * double(known) / double(lookups ? lookups : 1), double(frames) / 2 / double(known ? known : 1));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t lookups = 1'000'000;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--lookups" && i + 1 < argc) {
      lookups = std::strtoull(argv[++i], nullptr, 10);
    } else {
      paths.emplace_back(arg);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: dwarf_lines_bench <module.wasm>... [--lookups N]\n");
    return 2;
  }
  for (const std::string& path : paths) {
    if (int status = measure(path, lookups); status != 0) return status;
  }
  return 0;
}
