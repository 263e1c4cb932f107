// The WAST script reader: commands, their lines, actions, values and result patterns, modules
// parsed or kept with their error.
#include "text/wast.hh"

#include <gtest/gtest.h>

namespace wasmprof::text {
namespace {

std::vector<WastCommand> read(std::string_view script) {
  Result<std::vector<WastCommand>> commands = read_wast(script);
  EXPECT_TRUE(commands.ok()) << (commands.ok() ? "" : commands.error().message);
  return commands.ok() ? commands.value() : std::vector<WastCommand>{};
}

TEST(Wast, ReadsEveryCommandKindWithItsLine) {
  const std::vector<WastCommand> commands = read(R"wast(
(module $m (func (export "f") (param i32) (result i32) (local.get 0)))
(register "m" $m)
(invoke "f" (i32.const 1))
(assert_return (invoke $m "f" (i32.const -1)) (i32.const 0xffffffff))
(assert_trap (invoke "f" (i32.const 0)) "unreachable")
(assert_exhaustion (invoke "f" (i32.const 0)) "call stack exhausted")
(assert_malformed (module quote "(func i32.const0)") "unknown operator")
(assert_invalid
  (module (func (result i32)))
  "type mismatch")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_trap (module (func unreachable) (start 0)) "unreachable")
(assert_return (get "g") (f32.const nan:canonical))
)wast");
  ASSERT_EQ(commands.size(), 11u);
  using K = WastCommandKind;
  const K kinds[] = {K::Module, K::Register, K::Action, K::AssertReturn, K::AssertTrap, K::AssertExhaustion,
                     K::AssertMalformed, K::AssertInvalid, K::AssertUnlinkable, K::AssertUninstantiable, K::AssertReturn};
  for (size_t i = 0; i < commands.size(); ++i) EXPECT_EQ(commands[i].kind, kinds[i]) << i;
  EXPECT_EQ(commands[0].line, 2u);
  EXPECT_EQ(commands[0].module.name, "$m");
  EXPECT_EQ(commands[0].module.offset, 1u);  // where `(module` starts, to place its errors in the script
  EXPECT_FALSE(commands[0].module.error);
  EXPECT_EQ(commands[0].module.bytes.size() > 8, true);
  EXPECT_EQ(commands[1].text, "m");
  EXPECT_EQ(commands[1].registered_module, "$m");
  EXPECT_EQ(commands[3].action.module, "$m");
  EXPECT_EQ(commands[3].action.args[0].bits, 0xFFFFFFFFu);
  EXPECT_EQ(commands[3].expected[0].bits, 0xFFFFFFFFu);
  EXPECT_EQ(commands[4].text, "unreachable");
  EXPECT_TRUE(commands[6].module.quoted);
  EXPECT_TRUE(commands[6].module.error);  // the quoted text is malformed: kept as the module's error
  EXPECT_EQ(commands[7].line, 10u);       // an assertion's line is its module's
  EXPECT_EQ(commands[10].action.kind, WastAction::Kind::Get);
  EXPECT_EQ(commands[10].expected[0].nan[0], NanPattern::Canonical);
}

TEST(Wast, ValuesOfEveryKind) {
  const std::vector<WastCommand> commands = read(R"wast(
(assert_return (invoke "f" (i64.const -1) (f64.const -0x1p-1074) (ref.null extern) (ref.extern 7)
                           (v128.const i16x8 1 2 3 4 5 6 7 -1))
  (v128.const f32x4 nan:arithmetic 1 -0 inf) (ref.func) (ref.extern) (ref.null func)))wast");
  ASSERT_EQ(commands.size(), 1u);
  const std::vector<WastValue>& args = commands[0].action.args;
  ASSERT_EQ(args.size(), 5u);
  EXPECT_EQ(args[0].bits, UINT64_MAX);
  EXPECT_EQ(args[1].bits, 0x8000000000000001u);
  EXPECT_EQ(args[2].kind, WastValueKind::RefNull);
  EXPECT_EQ(args[2].reference, ValueType::ExternRef);
  EXPECT_EQ(args[3].bits, 7u);
  EXPECT_EQ(args[4].v128[14], 0xFF);
  EXPECT_EQ(args[4].lane_bits, 16);
  const std::vector<WastValue>& expected = commands[0].expected;
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected[0].nan[0], NanPattern::Arithmetic);
  EXPECT_EQ(expected[0].nan[1], NanPattern::None);
  EXPECT_EQ(expected[0].v128[4], 0x00);
  EXPECT_EQ(expected[0].v128[7], 0x3F);  // 1.0f is 0x3F800000
  EXPECT_TRUE(expected[1].any_reference);
  EXPECT_EQ(expected[1].kind, WastValueKind::RefFunc);
  EXPECT_TRUE(expected[2].any_reference);
  EXPECT_EQ(expected[3].reference, ValueType::FuncRef);
}

TEST(Wast, AScriptOfFieldsIsOneModule) {
  const std::vector<WastCommand> commands = read("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_FALSE(commands[0].module.error);
}

TEST(Wast, ErrorsSayWhere) {
  Result<std::vector<WastCommand>> bad = read_wast("(module)\n(assert_return (invoke \"f\" (i32.const 1.5)))");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().offset, 47u);  // the literal
  EXPECT_FALSE(read_wast("(assert_everything)").ok());
  EXPECT_FALSE(read_wast("(invoke \"f\" (f32.const nan:canonical))").ok());  // a pattern is no argument
  EXPECT_FALSE(read_wast("(module").ok());
}

}  // namespace
}  // namespace wasmprof::text
