// Arithmetic folded into the instruction that consumes it must compute what the two
// instructions compute apart: multiply-add (i32, i64, the product on either side), add of an
// unsigned right shift by a constant (i64), bit-field extraction `(x >> k) & mask`, operations
// with a shifted or rotated operand (shifted_operand_ops.def), constants as either operand
// (f64 included), and sums of constants merged.
#include <gtest/gtest.h>

#include "exec/handlers.hh"
#include "exec/interpreter_fixture.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F64 = 0x7C;

bool uses(const exec::CompiledFunction& function, exec::HandlerId id) {
  for (const exec::Word& word : function.code)
    if (word.u64 == uint64_t(id)) return true;
  return false;
}

const std::vector<uint64_t> kValues = {0, 1, 2, 3, 0x7F, 0xFFFFFFFF, 0x80000000, 0x100000000, 0xFFFFFFFFFFFFFFFF,
                                       0x8000000000000000, 0x123456789ABCDEF0, 0xFEDCBA9876543210};

// Runs (param T T T) (result T) `code` in two forms, fused and with the inner result kept in
// local 3 (which no fold crosses), on every triple of kValues; the fused one must use `fused`
// and be shorter, the other must not use it unless `both_use` (a merged immediate add).
void expect_same(uint8_t type, const Bytes& fused_code, const Bytes& unfused_code, exec::HandlerId fused,
                 bool both_use = false) {
  InterpreterFixture with(single_function_module({type, type, type}, {type}, fused_code, {0x01, 0x01, type}));
  InterpreterFixture without(single_function_module({type, type, type}, {type}, unfused_code, {0x01, 0x01, type}));
  ASSERT_TRUE(with.instance && without.instance);
  EXPECT_TRUE(uses(*with.instance->functions[0]->code, fused));
  if (!both_use) EXPECT_FALSE(uses(*without.instance->functions[0]->code, fused));
  EXPECT_LT(with.instance->functions[0]->code->code.size(), without.instance->functions[0]->code->code.size());
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

struct ShiftedCase {
  uint8_t type, operation, shift;
  exec::HandlerId fused;
};

TEST(FusedArithmetic, OperationsWithAShiftedOperand) {
  using H = exec::HandlerId;
  const ShiftedCase cases[] = {
      {I32, 0x73, 0x74, H::I32XorShl},  {I32, 0x73, 0x76, H::I32XorShrU}, {I32, 0x73, 0x77, H::I32XorRotl},
      {I32, 0x73, 0x78, H::I32XorRotr}, {I32, 0x72, 0x74, H::I32OrShl},   {I32, 0x72, 0x76, H::I32OrShrU},
      {I32, 0x6A, 0x76, H::I32AddShrU}, {I32, 0x6A, 0x77, H::I32AddRotl}, {I32, 0x6A, 0x74, H::I32AddShl},
      {I64, 0x85, 0x86, H::I64XorShl},  {I64, 0x85, 0x88, H::I64XorShrU}, {I64, 0x85, 0x89, H::I64XorRotl},
      {I64, 0x84, 0x86, H::I64OrShl},   {I64, 0x84, 0x88, H::I64OrShrU},  {I64, 0x7C, 0x86, H::I64AddShl},
      {I64, 0x7C, 0x88, H::I64AddShrU},
  };
  for (const ShiftedCase& c : cases) {
    for (int64_t k : {0, 1, 7, 31, 32, 33, 63, 64, -1}) {
      const Bytes shifted = concat({{0x20, 0x01, uint8_t(c.type == I32 ? 0x41 : 0x42)}, sleb(k), {c.shift}});
      // a op (b shift k), and (b shift k) op a
      expect_same(c.type, concat({{0x20, 0x00}, shifted, {c.operation, 0x0B}}),
                  concat({{0x20, 0x00}, shifted, {0x21, 0x03, 0x20, 0x03, c.operation, 0x0B}}), c.fused);
      expect_same(c.type, concat({shifted, {0x20, 0x00, c.operation, 0x0B}}),
                  concat({shifted, {0x21, 0x03, 0x20, 0x03, 0x20, 0x00, c.operation, 0x0B}}), c.fused);
    }
  }
}

TEST(FusedArithmetic, SumsOfConstantsMerge) {
  for (uint8_t type : {I32, I64}) {
    const uint8_t add = type == I32 ? 0x6A : 0x7C, cnst = type == I32 ? 0x41 : 0x42;
    const exec::HandlerId immediate = type == I32 ? exec::HandlerId::I32AddImm : exec::HandlerId::I64AddImm;
    for (int64_t k1 : {int64_t(1), int64_t(-1), int64_t(INT32_MAX), int64_t(INT32_MIN), INT64_MAX}) {
      for (int64_t k2 : {int64_t(1), int64_t(-7), int64_t(INT32_MAX), INT64_MIN}) {
        // (a + k1) + k2: one immediate add with k1 + k2, wrapping as the two adds do.
        const Bytes first = concat({{0x20, 0x00, cnst}, sleb(type == I32 ? int32_t(k1) : k1), {add}});
        const Bytes second = concat({{cnst}, sleb(type == I32 ? int32_t(k2) : k2), {add, 0x0B}});
        expect_same(type, concat({first, second}), concat({first, {0x21, 0x03, 0x20, 0x03}, second}), immediate, true);
      }
    }
  }
  // (a + b) + k in one I32AddAddImm
  for (int32_t k : {0, 1, -1, INT32_MIN}) {
    const Bytes sum = {0x20, 0x00, 0x20, 0x01, 0x6A};
    const Bytes constant = concat({{0x41}, sleb(k), {0x6A, 0x0B}});
    expect_same(I32, concat({sum, constant}), concat({sum, {0x21, 0x03, 0x20, 0x03}, constant}),
                exec::HandlerId::I32AddAddImm);
  }
}

Bytes f64_const(double value) {
  Bytes out = {0x44};
  uint8_t bytes[8];
  std::memcpy(bytes, &value, 8);
  out.insert(out.end(), bytes, bytes + 8);
  return out;
}

TEST(FusedArithmetic, ConstantsOnEitherSide) {
  // f64: x op c and c op x, for add, sub, mul, div (sub and div reversed).
  struct F64Case {
    uint8_t opcode;
    exec::HandlerId constant_second, constant_first;
  };
  using H = exec::HandlerId;
  const F64Case f64_cases[] = {{0xA0, H::F64AddImm, H::F64AddImm},
                               {0xA1, H::F64SubImm, H::F64ImmSub},
                               {0xA2, H::F64MulImm, H::F64MulImm},
                               {0xA3, H::F64DivImm, H::F64ImmDiv}};
  for (const F64Case& c : f64_cases) {
    for (double constant : {0.001, -2.5, 0.0, 1e308}) {
      const Bytes k = f64_const(constant);
      expect_same(F64, concat({{0x20, 0x00}, k, {c.opcode, 0x0B}}),
                  concat({k, {0x21, 0x03, 0x20, 0x00, 0x20, 0x03, c.opcode, 0x0B}}), c.constant_second);
      expect_same(F64, concat({k, {0x20, 0x00, c.opcode, 0x0B}}),
                  concat({k, {0x21, 0x03, 0x20, 0x03, 0x20, 0x00, c.opcode, 0x0B}}), c.constant_first);
    }
  }
  // Commutative integer operations with the constant first use the immediate form.
  const std::pair<uint8_t, exec::HandlerId> commutative[] = {
      {0x6A, H::I32AddImm}, {0x6C, H::I32MulImm}, {0x71, H::I32AndImm}, {0x72, H::I32OrImm}, {0x73, H::I32XorImm}};
  for (const auto& [opcode, immediate_form] : commutative) {
    const Bytes k = concat({{0x41}, sleb(-12345)});
    expect_same(I32, concat({k, {0x20, 0x00, opcode, 0x0B}}),
                concat({k, {0x21, 0x03, 0x20, 0x03, 0x20, 0x00, opcode, 0x0B}}), immediate_form);
  }
}

}  // namespace
}  // namespace wasmprof
