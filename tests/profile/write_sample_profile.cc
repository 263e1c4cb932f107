// Writes the sample profile (tests/profile/sample_profile.cc) as a Firefox processed profile,
// for the format checkers: write_sample_profile OUT.json [SAMPLES]. With SAMPLES given, also
// prints how long writing took, to keep an eye on the writer's speed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "profile/firefox_writer.hh"
#include "profile/sample_profile.hh"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s OUT.json [SAMPLES]\n", argv[0]);
    return 2;
  }
  const size_t samples = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 400;
  const wasmprof::profile::ProfileData data = wasmprof::profile::testing::make_sample_profile(samples);
  std::ofstream out(argv[1], std::ios::binary);
  const auto start = std::chrono::steady_clock::now();
  const auto written = wasmprof::profile::write_firefox_profile(data, out);
  out.close();
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!written.ok() || !out) {
    std::fprintf(stderr, "error: %s\n", written.ok() ? "could not write the file" : written.error().to_string().c_str());
    return 1;
  }
  if (argc == 3) std::printf("wrote %zu samples in %.3f s\n", samples, elapsed);
  return 0;
}
