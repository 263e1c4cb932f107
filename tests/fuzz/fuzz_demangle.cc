// libFuzzer target: any byte string as a symbol in a module's name section, demangled as the
// profiler does (Itanium C++, Rust legacy and v0). Nothing may crash, leak, trip a sanitizer or
// run without bound (LLVM's v0 demangler does, unless the print budget stops it first).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "profile/symbols/demangle.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view symbol(reinterpret_cast<const char*>(data), size);
  const std::string name = wasmprof::profile::demangle(symbol);
  // A symbol that is not read comes back as it was.
  if (name.empty() && !symbol.empty()) __builtin_trap();
  return 0;
}
