#include "profile/data/module_id.hh"

#include <cstdio>

namespace wasmprof::profile {

std::string module_id(std::span<const uint8_t> bytes) {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  for (uint8_t byte : bytes) {
    a = (a ^ byte) * 0x100000001b3ull;
    b = (b ^ byte) * 0x100000001b3ull + 1;
  }
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  return hex;
}

}  // namespace wasmprof::profile
