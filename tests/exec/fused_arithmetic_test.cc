// Arithmetic folded into the instruction that consumes it must compute what the two
// instructions compute apart: multiply-add (i32, i64, the product on either side), add of an
// unsigned right shift by a constant (i64), and bit-field extraction `(x >> k) & mask`.
#include <gtest/gtest.h>

#include "exec/handlers.hh"
#include "exec/interpreter_fixture.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F, I64 = 0x7E;

Bytes sleb(int64_t value) {
  Bytes out;
  while (true) {
    const uint8_t byte = value & 0x7F;
    value >>= 7;
    if ((value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40))) {
      out.push_back(byte);
      return out;
    }
    out.push_back(byte | 0x80);
  }
}

bool uses(const exec::CompiledFunction& function, exec::HandlerId id) {
  for (const exec::Word& word : function.code)
    if (word.u64 == uint64_t(id)) return true;
  return false;
}

const std::vector<uint64_t> kValues = {0, 1, 2, 3, 0x7F, 0xFFFFFFFF, 0x80000000, 0x100000000, 0xFFFFFFFFFFFFFFFF,
                                       0x8000000000000000, 0x123456789ABCDEF0, 0xFEDCBA9876543210};

// Runs (param T T T) (result T) `code` in two forms, fused and with the inner result kept in
// local 3 (which no fold crosses), on every triple of kValues; the fused one must use `fused`.
void expect_same(uint8_t type, const Bytes& fused_code, const Bytes& unfused_code, exec::HandlerId fused) {
  InterpreterFixture with(single_function_module({type, type, type}, {type}, fused_code, {0x01, 0x01, type}));
  InterpreterFixture without(single_function_module({type, type, type}, {type}, unfused_code, {0x01, 0x01, type}));
  ASSERT_TRUE(with.instance && without.instance);
  EXPECT_TRUE(uses(*with.instance->functions[0]->code, fused));
  EXPECT_FALSE(uses(*without.instance->functions[0]->code, fused));
  const uint64_t mask = type == I32 ? 0xFFFFFFFFu : ~uint64_t(0);
  for (uint64_t a : kValues)
    for (uint64_t b : kValues)
      for (uint64_t c : {uint64_t(5), uint64_t(0xFFFFFFFF), uint64_t(0x1234567800000009)}) {
        std::vector<exec::Slot> x = {a & mask, b & mask, c & mask}, y = x;
        ASSERT_EQ(with.call(0, x), exec::TrapKind::None);
        ASSERT_EQ(without.call(0, y), exec::TrapKind::None);
        EXPECT_EQ(x[0] & mask, y[0] & mask) << std::hex << a << " " << b << " " << c;
      }
}

TEST(FusedArithmetic, MultiplyAddOnEitherSide) {
  for (uint8_t type : {I32, I64}) {
    const uint8_t mul = type == I32 ? 0x6C : 0x7E, add = type == I32 ? 0x6A : 0x7C;
    const exec::HandlerId fused = type == I32 ? exec::HandlerId::I32MulAdd : exec::HandlerId::I64MulAdd;
    // a + b * c
    expect_same(type, {0x20, 0x00, 0x20, 0x01, 0x20, 0x02, mul, add, 0x0B},
                {0x20, 0x00, 0x20, 0x01, 0x20, 0x02, mul, 0x21, 0x03, 0x20, 0x03, add, 0x0B}, fused);
    // b * c + a
    expect_same(type, {0x20, 0x01, 0x20, 0x02, mul, 0x20, 0x00, add, 0x0B},
                {0x20, 0x01, 0x20, 0x02, mul, 0x21, 0x03, 0x20, 0x03, 0x20, 0x00, add, 0x0B}, fused);
  }
}

TEST(FusedArithmetic, AddOfAShiftedRightI64) {
  for (int64_t shift : {0, 1, 32, 63, 64, 65, -1}) {
    const Bytes shifted = concat({{0x20, 0x01, 0x42}, sleb(shift), {0x88}});
    // a + (b >> k)
    expect_same(I64, concat({{0x20, 0x00}, shifted, {0x7C, 0x0B}}),
                concat({{0x20, 0x00}, shifted, {0x21, 0x03, 0x20, 0x03, 0x7C, 0x0B}}), exec::HandlerId::I64AddShrU);
    // (b >> k) + a
    expect_same(I64, concat({shifted, {0x20, 0x00, 0x7C, 0x0B}}),
                concat({shifted, {0x21, 0x03, 0x20, 0x03, 0x20, 0x00, 0x7C, 0x0B}}), exec::HandlerId::I64AddShrU);
  }
}

TEST(FusedArithmetic, ExtractBits) {
  for (uint8_t type : {I32, I64}) {
    const uint8_t shr = type == I32 ? 0x76 : 0x88, band = type == I32 ? 0x71 : 0x83, cnst = type == I32 ? 0x41 : 0x42;
    const exec::HandlerId fused = type == I32 ? exec::HandlerId::I32ExtractBits : exec::HandlerId::I64ExtractBits;
    for (int64_t shift : {0, 3, 31, 32, 33, 63, -1}) {
      // Masks that fit 32 bits (as an i32 constant, 0xFFFFFFFF is -1, which fits too).
      for (int64_t mask : {int64_t(0), int64_t(1), int64_t(0xFF), int64_t(0x7FFFFFFF), type == I32 ? int64_t(-1) : int64_t(0xFFFFFFFF)}) {
        const Bytes shifted = concat({{0x20, 0x00, cnst}, sleb(shift), {shr}});
        const Bytes masked = concat({{cnst}, sleb(mask), {band, 0x0B}});
        expect_same(type, concat({shifted, masked}), concat({shifted, {0x21, 0x03, 0x20, 0x03}, masked}), fused);
      }
    }
  }
}

TEST(FusedArithmetic, AWideI64MaskIsNotFolded) {
  // (x >> 4) & 0x1FFFFFFFF: the mask does not fit the 32-bit field, so two instructions stay.
  const Bytes code = concat({{0x20, 0x00, 0x42, 0x04, 0x88, 0x42}, sleb(0x1FFFFFFFF), {0x83, 0x0B}});
  InterpreterFixture wasm(single_function_module({I64}, {I64}, code));
  ASSERT_TRUE(wasm.instance);
  EXPECT_FALSE(uses(*wasm.instance->functions[0]->code, exec::HandlerId::I64ExtractBits));
  std::vector<exec::Slot> slots = {0xFFFFFFFFFFFFFFFF};
  ASSERT_EQ(wasm.call(0, slots), exec::TrapKind::None);
  EXPECT_EQ(slots[0], 0x1FFFFFFFFu);
}

}  // namespace
}  // namespace wasmprof
