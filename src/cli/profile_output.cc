#include "cli/profile_output.hh"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "profile/gzip.hh"
#include "profile/profile_data.hh"

namespace wasmprof::cli {

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

Result<Ok> write_profile_atomically(GuestProfiler profiler, const std::string& path, size_t& samples_out,
                                    std::string& top_functions_out) {
  profiler.stop_sampling();
  samples_out = profiler.data().samples.size();
  top_functions_out = top_self_functions(profiler.data(), 5);
  auto io_error = [&path](const std::string& what) {
    Error error;
    error.kind = ErrorKind::Io;
    error.message = what + " " + path;
    return error;
  };
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
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return io_error("cannot create the profile");
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.flush();
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return io_error("cannot write the profile");
    }
  }
  std::error_code failure;
  std::filesystem::rename(temporary, path, failure);
  if (failure) {
    std::remove(temporary.c_str());
    return io_error("cannot rename the profile into place:");
  }
  return Ok{};
}

}  // namespace wasmprof::cli
