// libFuzzer target: DwarfLines::build over any module, so over arbitrary .debug_* custom
// sections (the seeds are -g guests, whose bytes are mostly DWARF), then lookups across the
// whole module. Any crash or sanitizer report is a bug; errors and warnings are fine.
#include <cstddef>
#include <cstdint>
#include <span>

#include "profile/dwarf/dwarf_lines.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto lines = wasmprof::profile::DwarfLines::build(std::span<const uint8_t>(data, size));
  if (!lines) return 0;
  size_t frames = 0;
  for (size_t offset = 0; offset < size + 16; ++offset) frames += lines->lookup(uint32_t(offset)).size();
  // Inlining is bounded by the DIE depth the reader accepts.
  if (frames > (size + 16) * 260) __builtin_trap();
  return 0;
}
