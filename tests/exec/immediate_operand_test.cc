// Operations with a constant second operand use immediate forms (and fused immediate
// branches); they must compute exactly what the same operation on two slots computes.
#include <gtest/gtest.h>

#include "exec/handlers.hh"
#include "exec/interpreter.hh"
#include "runtime/store_objects.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

struct Compiled {
  runtime::StoreObjects store;
  exec::ExecContext context;
  exec::ModuleInstance* instance = nullptr;
  explicit Compiled(const Bytes& bytes) {
    auto compiled = runtime::compile_module(bytes);
    EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
    instance = store.instantiate(compiled.value(), {}, context).value();
  }
  uint64_t call(std::vector<exec::Slot> slots) {
    EXPECT_EQ(exec::invoke(context, *instance->functions[0], slots.data()), exec::TrapKind::None);
    return slots[0];
  }
};

struct Operation {
  uint8_t opcode;
  bool is_64;
  bool is_comparison;
};

std::vector<Operation> operations() {
  std::vector<Operation> list;
  for (uint8_t op : {0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78}) list.push_back({op, false, false});
  for (uint8_t op = 0x46; op <= 0x4F; ++op) list.push_back({op, false, true});
  for (uint8_t op : {0x7C, 0x7D, 0x7E, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A}) list.push_back({op, true, false});
  for (uint8_t op = 0x51; op <= 0x5A; ++op) list.push_back({op, true, true});
  return list;
}

const std::vector<int64_t> kValues = {0, 1, -1, 5, 31, 32, 33, 63, 64, INT32_MIN, INT32_MAX, int64_t(UINT32_MAX),
                                      0x100000000, INT64_MIN, INT64_MAX, -12345678901};

TEST(ImmediateOperands, MatchTheTwoSlotForm) {
  for (const Operation& operation : operations()) {
    const uint8_t type = operation.is_64 ? 0x7E : 0x7F;
    const uint8_t result = operation.is_comparison ? 0x7F : type;
    Compiled two_slots(single_function_module({type, type}, {result}, {0x20, 0x00, 0x20, 0x01, operation.opcode, 0x0B}));
    for (int64_t constant : kValues) {
      const int64_t c = operation.is_64 ? constant : int64_t(int32_t(constant));
      const Bytes constant_code = concat({{uint8_t(operation.is_64 ? 0x42 : 0x41)}, sleb(c)});
      Compiled with_constant(
          single_function_module({type}, {result}, concat({{0x20, 0x00}, constant_code, {operation.opcode, 0x0B}})));
      // As a branch condition too: block (local.get 0; const; cmp; br_if 0; i32.const 0; return) i32.const 1
      std::unique_ptr<Compiled> as_branch;
      if (operation.is_comparison)
        as_branch = std::make_unique<Compiled>(single_function_module(
            {type}, {0x7F},
            concat({{0x02, 0x40, 0x20, 0x00}, constant_code, {operation.opcode, 0x0D, 0x00, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01, 0x0B}})));
      for (int64_t value : kValues) {
        const uint64_t mask = operation.is_64 ? ~uint64_t(0) : 0xFFFFFFFFu;
        const uint64_t a = uint64_t(value) & mask, b = uint64_t(c) & mask;
        const uint64_t result_mask = operation.is_comparison ? 0xFFFFFFFFu : mask;
        const uint64_t expected = two_slots.call({a, b}) & result_mask;
        EXPECT_EQ(with_constant.call({a}) & result_mask, expected)
            << "opcode 0x" << std::hex << int(operation.opcode) << " a=" << a << " constant=" << b;
        if (as_branch)
          EXPECT_EQ(as_branch->call({a}) & 0xFFFFFFFFu, expected)
              << "br_if on opcode 0x" << std::hex << int(operation.opcode) << " a=" << a << " constant=" << b;
      }
    }
  }
}

bool uses(const exec::CompiledFunction& function, exec::HandlerId id) {
  for (const exec::Word& word : function.code)
    if (word.u64 == uint64_t(id)) return true;
  return false;
}

// The immediate forms take part in the later folds as the two-slot forms do: a comparison
// with a constant fuses into the branch, and a result goes straight into the local.set's local.
TEST(ImmediateOperands, FoldIntoBranchesAndLocalSets) {
  // block (local.get 0; i32.const 5; i32.lt_s; br_if 0; i32.const 0; return) i32.const 1
  auto branch = runtime::compile_module(single_function_module(
      {0x7F}, {0x7F}, {0x02, 0x40, 0x20, 0x00, 0x41, 0x05, 0x48, 0x0D, 0x00, 0x41, 0x00, 0x0F, 0x0B, 0x41, 0x01, 0x0B}));
  ASSERT_TRUE(branch.ok());
  EXPECT_TRUE(uses(*branch.value()->code->translated(0).value(), exec::HandlerId::br_if_i32_lt_s_imm));
  EXPECT_FALSE(uses(*branch.value()->code->translated(0).value(), exec::HandlerId::I32LtSImm));
  // local.get 0; i32.const 4; i32.add; local.set 0; local.get 0 (the result is already in slot 0)
  auto set = runtime::compile_module(
      single_function_module({0x7F}, {0x7F}, {0x20, 0x00, 0x41, 0x04, 0x6A, 0x21, 0x00, 0x20, 0x00, 0x0B}));
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(uses(*set.value()->code->translated(0).value(), exec::HandlerId::I32AddImm));
  EXPECT_FALSE(uses(*set.value()->code->translated(0).value(), exec::HandlerId::copy64));
  Compiled run(single_function_module({0x7F}, {0x7F}, {0x20, 0x00, 0x41, 0x04, 0x6A, 0x21, 0x01, 0x20, 0x01, 0x0B},
                                      {0x01, 0x01, 0x7F}));
  EXPECT_EQ(run.call({38, 0}), 42u);
}

}  // namespace
}  // namespace wasmprof
