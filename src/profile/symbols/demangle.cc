#include "profile/symbols/demangle.hh"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "profile/symbols/rust_demangle.hh"

namespace wasmprof::profile {
namespace {

// Names come from untrusted modules; longer "symbols" are left alone rather than handed to a
// recursive demangler.
constexpr size_t kMaxSymbolLength = 16 * 1024;

std::optional<std::string> demangle_itanium(std::string_view symbol) {
  const std::string terminated(symbol);
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> demangled(
      abi::__cxa_demangle(terminated.c_str(), nullptr, nullptr, &status), &std::free);
  if (status != 0 || !demangled) return std::nullopt;
  return std::string(demangled.get());
}

}  // namespace

std::string demangle(std::string_view symbol) {
  if (symbol.size() > kMaxSymbolLength) return std::string(symbol);
  // Mach-O adds one more leading underscore; wasm and ELF do not, but tolerate it.
  const std::string_view bare = symbol.starts_with("__") ? symbol.substr(1) : symbol;
  if (bare.starts_with("_R")) {
    if (auto name = demangle_rust_v0(bare)) return *name;
  }
  if (bare.starts_with("_ZN")) {
    if (auto name = demangle_rust_legacy(bare)) return *name;
  }
  // Only real symbols: __cxa_demangle also decodes bare type encodings ("i" -> "int").
  if (bare.starts_with("_Z")) {
    if (auto name = demangle_itanium(bare)) return *name;
  }
  return std::string(symbol);
}

}  // namespace wasmprof::profile
