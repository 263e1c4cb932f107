// Comparisons fused into br_if and if must branch exactly as the unfused pair would.
#include <gtest/gtest.h>

#include <functional>

#include "exec/handlers.hh"
#include "exec/interpreter.hh"
#include "runtime/store_objects.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

struct Comparison {
  uint8_t opcode;
  bool is_64;
  std::function<bool(int64_t, int64_t)> truth;
};

std::vector<Comparison> comparisons() {
  auto u32 = [](int64_t v) { return uint32_t(v); };
  auto s32 = [](int64_t v) { return int32_t(v); };
  auto u64 = [](int64_t v) { return uint64_t(v); };
  return {
      {0x46, false, [=](int64_t a, int64_t b) { return u32(a) == u32(b); }},
      {0x47, false, [=](int64_t a, int64_t b) { return u32(a) != u32(b); }},
      {0x48, false, [=](int64_t a, int64_t b) { return s32(a) < s32(b); }},
      {0x49, false, [=](int64_t a, int64_t b) { return u32(a) < u32(b); }},
      {0x4A, false, [=](int64_t a, int64_t b) { return s32(a) > s32(b); }},
      {0x4B, false, [=](int64_t a, int64_t b) { return u32(a) > u32(b); }},
      {0x4C, false, [=](int64_t a, int64_t b) { return s32(a) <= s32(b); }},
      {0x4D, false, [=](int64_t a, int64_t b) { return u32(a) <= u32(b); }},
      {0x4E, false, [=](int64_t a, int64_t b) { return s32(a) >= s32(b); }},
      {0x4F, false, [=](int64_t a, int64_t b) { return u32(a) >= u32(b); }},
      {0x51, true, [=](int64_t a, int64_t b) { return a == b; }},
      {0x52, true, [=](int64_t a, int64_t b) { return a != b; }},
      {0x53, true, [=](int64_t a, int64_t b) { return a < b; }},
      {0x54, true, [=](int64_t a, int64_t b) { return u64(a) < u64(b); }},
      {0x55, true, [=](int64_t a, int64_t b) { return a > b; }},
      {0x56, true, [=](int64_t a, int64_t b) { return u64(a) > u64(b); }},
      {0x57, true, [=](int64_t a, int64_t b) { return a <= b; }},
      {0x58, true, [=](int64_t a, int64_t b) { return u64(a) <= u64(b); }},
      {0x59, true, [=](int64_t a, int64_t b) { return a >= b; }},
      {0x5A, true, [=](int64_t a, int64_t b) { return u64(a) >= u64(b); }},
      // eqz takes one operand: the second local is dropped before it.
      {0x45, false, [=](int64_t a, int64_t) { return u32(a) == 0; }},
      {0x50, true, [=](int64_t a, int64_t) { return a == 0; }},
  };
}

bool is_unary(uint8_t opcode) { return opcode == 0x45 || opcode == 0x50; }

// (param T T) (result i32): 1 if the comparison holds, 0 otherwise, through br_if or if.
Bytes comparison_module(const Comparison& comparison, bool through_if) {
  const uint8_t type = comparison.is_64 ? 0x7E : 0x7F;
  Bytes operands = is_unary(comparison.opcode) ? Bytes{0x20, 0x00} : Bytes{0x20, 0x00, 0x20, 0x01};
  Bytes code;
  if (through_if) {
    code = concat({operands, {comparison.opcode, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x00, 0x0B, 0x0B}});
  } else {
    code = concat({{0x02, 0x40}, operands, {comparison.opcode, 0x0D, 0x00, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01, 0x0B}});
  }
  return single_function_module({type, type}, {0x7F}, code);
}

TEST(FusedBranch, EveryComparisonBranchesAsUnfused) {
  const std::vector<int64_t> values = {0, 1, -1, 2, INT32_MIN, INT32_MAX, int64_t(UINT32_MAX), INT64_MIN, INT64_MAX, 0x100000000};
  for (const Comparison& comparison : comparisons()) {
    for (bool through_if : {false, true}) {
      auto compiled = runtime::compile_module(comparison_module(comparison, through_if));
      ASSERT_TRUE(compiled.ok()) << compiled.error().to_string();
      runtime::StoreObjects store;
      exec::ExecContext context;
      auto instance = store.instantiate(compiled.value(), {}, context);
      ASSERT_TRUE(instance.ok());
      for (int64_t a : values) {
        for (int64_t b : values) {
          const int64_t a_in = comparison.is_64 ? a : int64_t(uint32_t(a));
          const int64_t b_in = comparison.is_64 ? b : int64_t(uint32_t(b));
          exec::Slot slots[2] = {uint64_t(a_in), uint64_t(b_in)};
          ASSERT_EQ(exec::invoke(context, *instance.value()->functions[0], slots), exec::TrapKind::None);
          EXPECT_EQ(uint32_t(slots[0]), comparison.truth(a_in, b_in) ? 1u : 0u)
              << "opcode 0x" << std::hex << int(comparison.opcode) << std::dec << (through_if ? " via if" : " via br_if")
              << " a=" << a_in << " b=" << b_in;
        }
      }
    }
  }
}

bool uses_handler(const exec::CompiledFunction& function, exec::HandlerId id) {
  // Only the first word of each instruction is a handler id, but no operand in these tiny
  // functions can collide with the ids looked for.
  for (const exec::Word& word : function.code)
    if (word.u64 == uint64_t(id)) return true;
  return false;
}

TEST(FusedBranch, ComparisonIsFoldedIntoTheBranch) {
  auto with_br_if = runtime::compile_module(comparison_module(comparisons()[2], false));
  ASSERT_TRUE(with_br_if.ok());
  EXPECT_TRUE(uses_handler(*with_br_if.value()->code->translated(0).value(), exec::HandlerId::br_if_i32_lt_s));
  EXPECT_FALSE(uses_handler(*with_br_if.value()->code->translated(0).value(), exec::HandlerId::I32LtS));
  // Through `if`, the branch skips the then-arm when the comparison fails: the negation.
  auto with_if = runtime::compile_module(comparison_module(comparisons()[2], true));
  ASSERT_TRUE(with_if.ok());
  EXPECT_TRUE(uses_handler(*with_if.value()->code->translated(0).value(), exec::HandlerId::br_if_i32_ge_s));
  EXPECT_FALSE(uses_handler(*with_if.value()->code->translated(0).value(), exec::HandlerId::I32LtS));
}

// `local.get 0; i32.const mask; i32.and` as the condition of br_if and of if: fused into a
// bit test, it must branch exactly when some bit of the mask is set.
TEST(FusedBranch, BitTestsBranchAsTheAndThenBranch) {
  const uint32_t masks[] = {0, 1, 0x80, 0xFF00, 0x80000000u, 0xFFFFFFFFu};
  const uint32_t values[] = {0, 1, 2, 0x80, 0x100, 0xFF00, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu};
  for (uint32_t mask : masks) {
    Bytes constant = {0x41};
    int64_t v = int32_t(mask);
    while (true) {  // signed LEB128
      const uint8_t byte = v & 0x7F;
      v >>= 7;
      if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
        constant.push_back(byte);
        break;
      }
      constant.push_back(byte | 0x80);
    }
    const Bytes condition = concat({{0x20, 0x00}, constant, {0x71}});
    // block (cond; br_if 0; i32.const 0; return) i32.const 1
    const Bytes via_br_if = concat({{0x02, 0x40}, condition, {0x0D, 0x00, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01, 0x0B}});
    // cond; if (result i32) i32.const 1 else i32.const 0 end
    const Bytes via_if = concat({condition, {0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x00, 0x0B, 0x0B}});
    for (const Bytes& code : {via_br_if, via_if}) {
      auto compiled = runtime::compile_module(single_function_module({0x7F}, {0x7F}, code));
      ASSERT_TRUE(compiled.ok());
      EXPECT_TRUE(uses_handler(*compiled.value()->code->translated(0).value(), exec::HandlerId::br_if_i32_any_bits) ||
                  uses_handler(*compiled.value()->code->translated(0).value(), exec::HandlerId::br_if_i32_no_bits));
      EXPECT_FALSE(uses_handler(*compiled.value()->code->translated(0).value(), exec::HandlerId::I32AndImm));
      runtime::StoreObjects store;
      exec::ExecContext context;
      auto instance = store.instantiate(compiled.value(), {}, context);
      ASSERT_TRUE(instance.ok());
      for (uint32_t value : values) {
        exec::Slot slots[1] = {value};
        ASSERT_EQ(exec::invoke(context, *instance.value()->functions[0], slots), exec::TrapKind::None);
        EXPECT_EQ(uint32_t(slots[0]), (value & mask) != 0 ? 1u : 0u) << std::hex << value << " & " << mask;
      }
    }
  }
}

Bytes i32_const(int32_t value) {
  Bytes out = {0x41};
  int64_t v = value;
  while (true) {  // signed LEB128
    const uint8_t byte = v & 0x7F;
    v >>= 7;
    if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
      out.push_back(byte);
      return out;
    }
    out.push_back(byte | 0x80);
  }
}

// `(x & mask) == k`, `(x & mask) != k` and `(x & mask) == 0` (eqz) as branch conditions fold
// the and too (masked comparisons for 16-bit mask and k); each must branch as written.
TEST(FusedBranch, MaskedComparisonsBranchAsTheAndCompareBranch) {
  struct Case {
    uint32_t mask, k;
    uint8_t compare;  // 0x46 eq, 0x47 ne, 0x45 eqz (k unused)
  };
  const Case cases[] = {{3, 2, 0x47}, {3, 2, 0x46}, {0xFFFF, 0x1234, 0x46}, {6, 0, 0x47}, {1, 0, 0x45},
                        {0x80000000u, 0, 0x45}, {0x10000, 0x10000, 0x46}, {0xFF, 0x1FF, 0x47}};
  const uint32_t values[] = {0, 1, 2, 3, 6, 0x1234, 0x11234, 0x80000000u, 0xFFFFFFFFu};
  for (const Case& c : cases) {
    Bytes condition = concat({{0x20, 0x00}, i32_const(int32_t(c.mask)), {0x71}});
    if (c.compare != 0x45) condition = concat({condition, i32_const(int32_t(c.k))});
    condition.push_back(c.compare);
    auto truth = [&](uint32_t x) {
      const uint32_t masked = x & c.mask;
      return c.compare == 0x46 ? masked == c.k : c.compare == 0x47 ? masked != c.k : masked == 0;
    };
    const Bytes via_br_if = concat({{0x02, 0x40}, condition, {0x0D, 0x00, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01, 0x0B}});
    const Bytes via_if = concat({condition, {0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x00, 0x0B, 0x0B}});
    for (const Bytes& code : {via_br_if, via_if}) {
      auto compiled = runtime::compile_module(single_function_module({0x7F}, {0x7F}, code));
      ASSERT_TRUE(compiled.ok());
      const bool small = c.mask <= 0xFFFF && c.k <= 0xFFFF;
      if (c.compare == 0x45 || small) EXPECT_FALSE(uses_handler(*compiled.value()->code->translated(0).value(), exec::HandlerId::I32AndImm));
      runtime::StoreObjects store;
      exec::ExecContext context;
      auto instance = store.instantiate(compiled.value(), {}, context);
      ASSERT_TRUE(instance.ok());
      for (uint32_t value : values) {
        exec::Slot slots[1] = {value};
        ASSERT_EQ(exec::invoke(context, *instance.value()->functions[0], slots), exec::TrapKind::None);
        EXPECT_EQ(uint32_t(slots[0]), truth(value) ? 1u : 0u)
            << std::hex << value << " & " << c.mask << " op " << int(c.compare) << " " << c.k;
      }
    }
  }
}

// When the and's result is also kept in a local (local.tee), the and must still run.
TEST(FusedBranch, AnAndKeptInALocalIsNotFolded) {
  // (param x) (local m): block (x & 3; local.tee 1; i32.const 2; i32.ne; br_if 0) ; m
  const Bytes code = {0x02, 0x40, 0x20, 0x00, 0x41, 0x03, 0x71, 0x22, 0x01, 0x41, 0x02, 0x47, 0x0D, 0x00, 0x0B, 0x20, 0x01, 0x0B};
  auto compiled = runtime::compile_module(single_function_module({0x7F}, {0x7F}, code, {0x01, 0x01, 0x7F}));
  ASSERT_TRUE(compiled.ok());
  runtime::StoreObjects store;
  exec::ExecContext context;
  auto instance = store.instantiate(compiled.value(), {}, context);
  ASSERT_TRUE(instance.ok());
  for (uint32_t value : {0u, 2u, 7u, 0xFEu}) {
    exec::Slot slots[1] = {value};
    ASSERT_EQ(exec::invoke(context, *instance.value()->functions[0], slots), exec::TrapKind::None);
    EXPECT_EQ(uint32_t(slots[0]), value & 3);
  }
}

}  // namespace
}  // namespace wasmprof
