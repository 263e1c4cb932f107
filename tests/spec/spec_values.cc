#include "spec_values.hh"

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace wasmprof::spectest {
namespace {

using text::NanPattern;
using text::WastValue;
using text::WastValueKind;

// A float result against an expected bit pattern or NaN class.
bool float_matches(uint64_t expected, NanPattern nan, uint64_t bits, unsigned width) {
  const uint64_t exponent_and_quiet = width == 32 ? 0x7FC00000u : 0x7FF8000000000000ull;
  const uint64_t magnitude = width == 32 ? 0x7FFFFFFFu : 0x7FFFFFFFFFFFFFFFull;
  if (nan == NanPattern::Canonical) return (bits & magnitude) == exponent_and_quiet;
  if (nan == NanPattern::Arithmetic) return (bits & exponent_and_quiet) == exponent_and_quiet;
  const uint64_t mask = width == 32 ? 0xFFFFFFFFu : ~uint64_t(0);
  return (bits & mask) == (expected & mask);
}

std::string hex(uint64_t bits) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(bits));
  return buffer;
}

std::string spelled(uint64_t bits, NanPattern nan) {
  if (nan == NanPattern::Canonical) return "nan:canonical";
  if (nan == NanPattern::Arithmetic) return "nan:arithmetic";
  return hex(bits);
}

uint64_t lane_of(const std::array<uint8_t, 16>& bytes, unsigned lane, unsigned lane_bits) {
  uint64_t value = 0;
  std::memcpy(&value, bytes.data() + lane * (lane_bits / 8), lane_bits / 8);
  return value;
}

bool v128_matches(const WastValue& expected, const std::array<uint8_t, 16>& got, std::string& detail) {
  const unsigned bits = expected.lane_bits;
  const char* shape = expected.float_lanes ? "f" : "i";
  for (unsigned lane = 0; lane < 128 / bits; ++lane) {
    const uint64_t want = lane_of(expected.v128, lane, bits);
    const uint64_t found = lane_of(got, lane, bits);
    const NanPattern nan = expected.float_lanes ? expected.nan[lane] : NanPattern::None;
    if (expected.float_lanes ? float_matches(want, nan, found, bits) : want == found) continue;
    detail = "v128 lane " + std::to_string(lane) + " (" + shape + std::to_string(bits) + "): expected " +
             spelled(want, nan) + ", got " + hex(found);
    return false;
  }
  return true;
}

}  // namespace

exec::Ref extern_ref(uint64_t number) { return exec::Ref((number << 1) | 1); }

void append_argument(const WastValue& value, std::vector<exec::Slot>& slots) {
  switch (value.kind) {
    case WastValueKind::I32:
    case WastValueKind::F32:
      slots.push_back(value.bits & 0xFFFFFFFFu);
      return;
    case WastValueKind::I64:
    case WastValueKind::F64:
      slots.push_back(value.bits);
      return;
    case WastValueKind::RefNull:
      slots.push_back(exec::kNullRef);
      return;
    case WastValueKind::RefExtern:
      slots.push_back(extern_ref(value.bits));
      return;
    case WastValueKind::RefFunc:
      throw std::runtime_error("a funcref argument other than null");
    case WastValueKind::RefHost:  // 3.0's (skip_for_feature skips their commands)
    case WastValueKind::RefHeap:
    case WastValueKind::Either:
      throw std::runtime_error("a 3.0 reference or pattern as an argument");
    case WastValueKind::V128: {
      exec::Slot halves[2];
      std::memcpy(halves, value.v128.data(), 16);
      slots.push_back(halves[0]);
      slots.push_back(halves[1]);
      return;
    }
  }
}

bool result_matches(const WastValue& expected, const std::vector<exec::Slot>& slots, size_t& index,
                    std::string& detail) {
  if (index + (expected.kind == WastValueKind::V128 ? 2 : 1) > slots.size()) {
    detail = "fewer results than expected";
    return false;
  }
  const exec::Slot slot = slots[index++];
  switch (expected.kind) {
    case WastValueKind::I32:
    case WastValueKind::I64: {
      const uint64_t mask = expected.kind == WastValueKind::I32 ? 0xFFFFFFFFu : ~uint64_t(0);
      if ((slot & mask) == (expected.bits & mask)) return true;
      detail = std::string(expected.kind == WastValueKind::I32 ? "i32" : "i64") + ": expected " +
               hex(expected.bits & mask) + ", got " + hex(slot & mask);
      return false;
    }
    case WastValueKind::F32:
    case WastValueKind::F64: {
      const unsigned width = expected.kind == WastValueKind::F32 ? 32 : 64;
      if (float_matches(expected.bits, expected.nan[0], slot, width)) return true;
      detail = "f" + std::to_string(width) + ": expected " + spelled(expected.bits, expected.nan[0]) + ", got bits " +
               hex(slot);
      return false;
    }
    case WastValueKind::RefHost:
    case WastValueKind::RefHeap:
      detail = "a 3.0 reference result";
      return false;
    case WastValueKind::Either: {
      --index;
      for (const WastValue& alternative : expected.alternatives) {
        size_t at = index;
        std::string ignored;
        if (result_matches(alternative, slots, at, ignored)) {
          index = at;
          return true;
        }
      }
      detail = "none of the " + std::to_string(expected.alternatives.size()) + " alternatives matches";
      return false;
    }
    case WastValueKind::RefNull:
      if (slot == exec::kNullRef) return true;
      detail = "expected a null reference, got " + hex(slot);
      return false;
    case WastValueKind::RefExtern:
    case WastValueKind::RefFunc: {
      if (expected.any_reference) {  // any non-null reference
        if (slot != exec::kNullRef) return true;
        detail = "expected a non-null reference, got null";
        return false;
      }
      if (expected.kind == WastValueKind::RefExtern && slot == extern_ref(expected.bits)) return true;
      detail = "expected (ref.extern " + std::to_string(expected.bits) + "), got " + hex(slot);
      return false;
    }
    case WastValueKind::V128: {
      std::array<uint8_t, 16> bytes;
      std::memcpy(bytes.data(), &slot, 8);
      std::memcpy(bytes.data() + 8, &slots[index++], 8);
      return v128_matches(expected, bytes, detail);
    }
  }
  return false;
}

}  // namespace wasmprof::spectest
