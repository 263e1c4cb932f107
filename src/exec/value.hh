// Runtime values as the interpreter stores them.
#pragma once

#include <cstdint>
#include <cstring>

namespace wasmprof::exec {

// A 128-bit vector value; lanes are little-endian, lane 0 at the lowest address.
struct alignas(16) V128 {
  uint8_t bytes[16];

  template <class Lane>
  Lane lane(unsigned index) const {
    Lane value;
    std::memcpy(&value, bytes + index * sizeof(Lane), sizeof(Lane));
    return value;
  }
  template <class Lane>
  void set_lane(unsigned index, Lane value) {
    std::memcpy(bytes + index * sizeof(Lane), &value, sizeof(Lane));
  }
  bool operator==(const V128& other) const { return std::memcmp(bytes, other.bytes, 16) == 0; }
};

// Why execution stopped abnormally, with the spec test suite's wording (see trap_message).
enum class TrapKind : uint8_t {
  None = 0,
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  OutOfBoundsMemoryAccess,
  OutOfBoundsTableAccess,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  CallStackExhausted,
  OutOfFuel,
  Interrupted,  // an epoch deadline or the embedder asked to stop
  HostError,    // a host function reported an error
};

inline const char* trap_message(TrapKind kind) {
  switch (kind) {
    case TrapKind::None: return "no trap";
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::OutOfBoundsMemoryAccess: return "out of bounds memory access";
    case TrapKind::OutOfBoundsTableAccess: return "out of bounds table access";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::OutOfFuel: return "all fuel consumed";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::HostError: return "host error";
  }
  return "unknown trap";
}

}  // namespace wasmprof::exec
