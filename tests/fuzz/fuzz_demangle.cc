// libFuzzer target: any byte string as a symbol in a module's name section, demangled as the
// profiler does (Itanium C++, Rust legacy and v0). Nothing may crash, leak, trip a sanitizer or
// run without bound. LLVM's v0 demangler alone would (see rust_v0_budget.hh), so the target
// also holds the print budget to its promise: with a small budget, what it lets through prints
// in proportion to it.
#include <llvm/Demangle/Demangle.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "profile/symbols/demangle.hh"
#include "profile/symbols/rust_v0_budget.hh"

namespace {

constexpr size_t kSmallBudget = 2000;
// Bytes one step can print at most: a basic type ("usize, "), a lifetime, a closure's "#N}".
constexpr size_t kMaxBytesPerStep = 32;

void check_budget(std::string_view symbol) {
  if (!symbol.starts_with("_R") || symbol.find('\0') != std::string_view::npos) return;
  const std::string mangled(symbol);
  if (!wasmprof::profile::rust_v0_printing_within_budget(mangled, kSmallBudget)) return;
  char* name = llvm::rustDemangle(mangled.c_str());
  const size_t length = name ? std::strlen(name) : 0;
  std::free(name);
  if (length > kSmallBudget * kMaxBytesPerStep) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view symbol(reinterpret_cast<const char*>(data), size);
  const std::string name = wasmprof::profile::demangle(symbol);
  // A symbol that is not read comes back as it was.
  if (name.empty() && !symbol.empty()) __builtin_trap();
  if (size <= 16 * 1024) check_budget(symbol);
  return 0;
}
