// The WebAssembly 3.0 proposals beyond 2.0, as the text parser reports a module's use of them and
// opcodes3.def says what each 3.0 instruction needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wasmprof {

enum class Feature : uint8_t {
  TailCall,
  Exceptions,
  MultiMemory,
  Memory64,  // and table64
  ExtendedConst,
  RelaxedSimd,
  FunctionReferences,
  Gc,
};
constexpr size_t kFeatureCount = 8;
std::string_view feature_name(Feature feature);

struct Features {
  uint32_t bits = 0;
  void add(Feature feature) { bits |= 1u << unsigned(feature); }
  bool has(Feature feature) const { return bits & (1u << unsigned(feature)); }
  bool any() const { return bits != 0; }
  // The first of them, in Feature's order.
  Feature first() const;
};

}  // namespace wasmprof
