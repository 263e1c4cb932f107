// libFuzzer target: any byte string read as a written profile (the input of `wasmprof report`
// and `convert`), and, when it reads, every view of it. Nothing may crash, leak, trip a
// sanitizer or loop without bound, whatever the JSON says.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "profile/format/firefox_reader.hh"
#include "profile/views/views.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto profile = wasmprof::profile::read_firefox_profile(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!profile) return 0;
  wasmprof::profile::ReportOptions options;
  (void)wasmprof::profile::format_report(profile.value(), options);
  options.tree = true;
  (void)wasmprof::profile::format_report(profile.value(), options);
  (void)wasmprof::profile::collapsed_stacks(profile.value());
  return 0;
}
