// The handler registry: one list (handler_list.def) gives the ids, the declarations and the table.
// These check what the list alone cannot: that every id reaches a handler of its own, and that
// the derived forms the translator asks for exist exactly where the instruction lists say.
#include <gtest/gtest.h>

#include <set>

#include "exec/handlers.hh"

namespace wasmprof::exec {
namespace {

TEST(HandlerTable, EveryIdHasItsOwnHandler) {
  std::set<Handler> seen;
  for (uint32_t id = 0; id < kHandlerCount; ++id) {
    ASSERT_NE(kHandlerTable[id], nullptr) << "handler id " << id;
    EXPECT_TRUE(seen.insert(kHandlerTable[id]).second) << "handler id " << id << " shares its function";
  }
  EXPECT_EQ(seen.size(), kHandlerCount);
}

TEST(HandlerTable, ImmediateFormsExistForBinaryImmRowsOnly) {
  size_t with_immediate = 0;
#define X(name, shape, ...)                                                                  \
  {                                                                                          \
    const std::optional<HandlerId> plain = handler_for_opcode(Opcode::name);                 \
    ASSERT_TRUE(plain.has_value()) << #name;                                                 \
    EXPECT_EQ(*plain, HandlerId::name) << #name;                                             \
    const std::optional<HandlerId> immediate = immediate_handler_for_opcode(Opcode::name);   \
    bool listed = false;                                                                     \
    WASMPROF_IF_IMM_##shape(listed = true;)                                                  \
    EXPECT_EQ(immediate.has_value(), listed) << #name;                                       \
    if (immediate) {                                                                         \
      EXPECT_NE(*immediate, *plain) << #name;                                                \
      ++with_immediate;                                                                      \
    }                                                                                        \
  }
#include "exec/scalar_ops.def"
#undef X
  // The integer operations that cannot trap, and f64 add, sub, mul, div (scalar_ops.def).
  EXPECT_EQ(with_immediate, 46u);
  EXPECT_FALSE(immediate_handler_for_opcode(Opcode::I32DivS).has_value());  // may trap: no immediate form
}

TEST(HandlerTable, OpcodesLoweredByTheTranslatorHaveNoHandler) {
  EXPECT_FALSE(handler_for_opcode(Opcode::Block).has_value());
  EXPECT_FALSE(handler_for_opcode(Opcode::LocalGet).has_value());
  EXPECT_EQ(handler_for_opcode(Opcode::I64Const), HandlerId::const64);
}

TEST(HandlerTable, LoopFormsOfBranches) {
  EXPECT_EQ(loop_branch_for(HandlerId::br), HandlerId::br_loop);
  EXPECT_EQ(loop_branch_for(HandlerId::br_if_i32_lt_s), HandlerId::br_if_i32_lt_s_loop);
  EXPECT_EQ(loop_branch_for(HandlerId::br_if_i32_lt_s_imm), HandlerId::br_if_i32_lt_s_imm_loop);
  EXPECT_FALSE(loop_branch_for(HandlerId::call).has_value());
  EXPECT_FALSE(loop_branch_for(HandlerId::br_loop).has_value());
}

}  // namespace
}  // namespace wasmprof::exec
