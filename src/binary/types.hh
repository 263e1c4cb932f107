// Binary-level types beyond the public ones in wasmprof/types.hh.
#pragma once

#include <cstdint>

#include "wasmprof/types.hh"

namespace wasmprof {

// A value type or a packed field type as WebAssembly 3.0 encodes it (spec 3.0, 5.3), which 2.0's
// ValueType cannot hold: `code` is a number or vector type's byte, an abstract reference type's
// short form (0x70 funcref ... 0x69 exnref), a packed type's (0x78 i8, 0x77 i16), or 0x63 / 0x64
// for `(ref null ht)` / `(ref ht)`, whose heap type is `heap`: a type index, or negative, an
// abstract heap type's byte read as an s33 (0x70 func is -16).
struct StorageType {
  uint8_t code = 0x7F;
  int64_t heap = 0;
  bool operator==(const StorageType&) const = default;
};
constexpr uint8_t kRefNull = 0x63, kRef = 0x64;
constexpr StorageType storage_type_of(ValueType type) { return StorageType{uint8_t(type), 0}; }

// A block's type: empty, one value type, or an index into the type section (multi-value).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValueType value = ValueType::I32;
  uint32_t type_index = 0;
  StorageType wide;  // Kind::Value: the type as 3.0 reads it (a reference type `value` cannot be)
};

}  // namespace wasmprof
