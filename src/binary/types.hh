// Binary-level types beyond the public ones in wasmprof/types.hh.
#pragma once

#include <cstdint>

#include "wasmprof/types.hh"

namespace wasmprof {

// A block's type: empty, one value type, or an index into the type section (multi-value).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValueType value = ValueType::I32;
  uint32_t type_index = 0;
};

}  // namespace wasmprof
