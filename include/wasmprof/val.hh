// A WebAssembly value as the embedding API passes it: a type and its bits.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "wasmprof/types.hh"

namespace wasmprof {

using V128 = std::array<uint8_t, 16>;  // little-endian lanes

class Val {
 public:
  Val() = default;  // i32 0
  Val(int32_t value) : type_(ValueType::I32), bits_{uint32_t(value), 0} {}
  Val(int64_t value) : type_(ValueType::I64), bits_{uint64_t(value), 0} {}
  Val(float value) : type_(ValueType::F32) { std::memcpy(bits_, &value, 4); }
  Val(double value) : type_(ValueType::F64) { std::memcpy(bits_, &value, 8); }
  Val(const V128& value) : type_(ValueType::V128) { std::memcpy(bits_, value.data(), 16); }
  // A reference: 0 is null; a funcref's bits come from Func::to_ref, an externref's are the host's.
  static Val ref(ValueType type, uintptr_t bits) {
    Val value;
    value.type_ = type;
    value.bits_[0] = bits;
    return value;
  }
  // From the interpreter's slot representation (one slot per scalar, two for v128).
  static Val from_slots(ValueType type, const uint64_t* slots) {
    Val value;
    value.type_ = type;
    value.bits_[0] = slots[0];
    if (type == ValueType::V128) value.bits_[1] = slots[1];
    return value;
  }

  ValueType type() const { return type_; }
  int32_t i32() const { return int32_t(uint32_t(bits_[0])); }
  int64_t i64() const { return int64_t(bits_[0]); }
  float f32() const {
    float value;
    std::memcpy(&value, bits_, 4);
    return value;
  }
  double f64() const {
    double value;
    std::memcpy(&value, bits_, 8);
    return value;
  }
  V128 v128() const {
    V128 value;
    std::memcpy(value.data(), bits_, 16);
    return value;
  }
  uintptr_t ref() const { return uintptr_t(bits_[0]); }
  bool is_null() const { return is_reference(type_) && bits_[0] == 0; }

  // Slots this value takes, and writing them.
  uint32_t slot_count() const { return type_ == ValueType::V128 ? 2 : 1; }
  void to_slots(uint64_t* slots) const {
    slots[0] = bits_[0];
    if (type_ == ValueType::V128) slots[1] = bits_[1];
  }

  bool operator==(const Val& other) const {
    return type_ == other.type_ && bits_[0] == other.bits_[0] && bits_[1] == other.bits_[1];
  }

 private:
  ValueType type_ = ValueType::I32;
  uint64_t bits_[2] = {0, 0};
};

}  // namespace wasmprof
