// A flame graph as one self-contained SVG file: every call path a rectangle whose width is its
// share of the samples, callers below callees, siblings in name order. It reads as a plain
// picture (names and a native tooltip per frame need no script); in a browser an inline script
// adds click-to-zoom, search with the matched share, and a details line under the pointer.
#pragma once

#include <string>

#include "profile/data/profile_data.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

struct FlamegraphOptions {
  std::string title;           // empty: "Flame graph of <profile name>"
  uint32_t width = 1200;       // pixels; the height follows from the deepest stack
  double min_frame_width = 0.1;  // pixels: narrower frames (and their callees) are left out
};

// Layout shared with the tests that check the picture.
inline constexpr uint32_t kFlamegraphFrameHeight = 16;
inline constexpr uint32_t kFlamegraphTopSpace = 60;     // title, sample count, buttons
inline constexpr uint32_t kFlamegraphBottomSpace = 30;  // the details line
inline constexpr uint32_t kFlamegraphSideSpace = 10;

// Samples outside the profiled modules are counted in the subtitle but not drawn. Widths
// outside [200, 100000] are refused as ErrorKind::Usage.
Result<std::string> flamegraph_svg(const ProfileData& data, const FlamegraphOptions& options);

}  // namespace wasmprof::profile
