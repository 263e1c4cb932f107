#include "binary/feature.hh"

namespace wasmprof {

std::string_view feature_name(Feature feature) {
  switch (feature) {
    case Feature::TailCall: return "tail calls";
    case Feature::Exceptions: return "exceptions";
    case Feature::MultiMemory: return "multiple memories";
    case Feature::Memory64: return "memory64";
    case Feature::ExtendedConst: return "extended const";
    case Feature::RelaxedSimd: return "relaxed SIMD";
    case Feature::FunctionReferences: return "function references";
    case Feature::Gc: return "gc";
  }
  return "?";
}

Feature Features::first() const {
  for (size_t i = 0; i < kFeatureCount; ++i)
    if (has(Feature(i))) return Feature(i);
  return Feature::TailCall;
}

}  // namespace wasmprof
