// Consecutive local-to-local copies join into one copy64x2 instruction. It must copy in order
// (the second may read what the first wrote) and never swallow a copy that a branch lands on.
#include <gtest/gtest.h>

#include "exec/handlers.hh"
#include "exec/interpreter_fixture.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F;

bool uses(const exec::CompiledFunction& function, exec::HandlerId id) {
  for (const exec::Word& word : function.code)
    if (word.u64 == uint64_t(id)) return true;
  return false;
}

// The register rotation of a hash round, as clang emits it:
// (param n) locals a b c d = 1 2 3 4:
//   loop: d = c; c = b; b = a; a = d * 3 + b; n -= 1; br_if n
// result a + b + c + d
Bytes rotation_module() {
  const Bytes code = {
      0x41, 0x01, 0x21, 0x01, 0x41, 0x02, 0x21, 0x02, 0x41, 0x03, 0x21, 0x03, 0x41, 0x04, 0x21, 0x04,  // a..d = 1..4
      0x03, 0x40,                                                                                    // loop
      0x20, 0x03, 0x21, 0x04,                                                                        //   d = c
      0x20, 0x02, 0x21, 0x03,                                                                        //   c = b
      0x20, 0x01, 0x21, 0x02,                                                                        //   b = a
      0x20, 0x04, 0x41, 0x03, 0x6C, 0x20, 0x02, 0x6A, 0x21, 0x01,                                    //   a = d*3 + b
      0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00,                                          //   br_if --n
      0x0B,                                                                                          // end
      0x20, 0x01, 0x20, 0x02, 0x6A, 0x20, 0x03, 0x6A, 0x20, 0x04, 0x6A, 0x0B};
  return single_function_module({I32}, {I32}, code, {0x01, 0x04, I32});
}

uint32_t rotation_expected(uint32_t n) {
  uint32_t a = 1, b = 2, c = 3, d = 4;
  do {
    d = c;
    c = b;
    b = a;
    a = d * 3 + b;
  } while (--n);
  return a + b + c + d;
}

TEST(CopyFusion, ChainedCopiesRunInOrder) {
  InterpreterFixture wasm(rotation_module());
  ASSERT_TRUE(wasm.instance);
  EXPECT_TRUE(uses(*wasm.instance->functions[0]->code, exec::HandlerId::copy64x2));
  for (uint32_t n : {1u, 2u, 3u, 10u, 1000u}) {
    std::vector<exec::Slot> slots = {n};
    ASSERT_EQ(wasm.call(0, slots), exec::TrapKind::None);
    EXPECT_EQ(uint32_t(slots[0]), rotation_expected(n)) << "n=" << n;
  }
}

// local 1 = local 0 just before a loop whose first instruction is another copy: the loop's
// branch target must stay the start of an instruction, so the two copies stay apart.
// (param n) (local x y): x = n; loop: y = x; x = y - 1; br_if x; end; result y
TEST(CopyFusion, NoCopyJoinsAcrossALoopHeader) {
  const Bytes code = {0x20, 0x00, 0x21, 0x01,                                // x = n
                      0x03, 0x40,                                            // loop
                      0x20, 0x01, 0x21, 0x02,                                //   y = x
                      0x20, 0x02, 0x41, 0x01, 0x6B, 0x22, 0x01, 0x0D, 0x00,  //   br_if (x = y - 1)
                      0x0B, 0x20, 0x02, 0x0B};
  InterpreterFixture wasm(single_function_module({I32}, {I32}, code, {0x01, 0x02, I32}));
  ASSERT_TRUE(wasm.instance);
  for (uint32_t n : {1u, 5u, 100u}) {
    std::vector<exec::Slot> slots = {n};
    ASSERT_EQ(wasm.call(0, slots), exec::TrapKind::None);
    EXPECT_EQ(uint32_t(slots[0]), 1u) << "n=" << n;  // the last y is 1
  }
}

// Copies at the end of a block that a br_if leaves early: the copy after the block's end must
// not join the ones before it, or the branch would land inside a copy64x2.
// (param n m) (local x y z): block: x = m; br_if 0 (n); y = m; z = x; end; z = x; result y*100 + z
TEST(CopyFusion, NoCopyJoinsAcrossABlockEnd) {
  const Bytes code = {0x02, 0x40,                                            // block
                      0x20, 0x01, 0x21, 0x02,                                //   x = m
                      0x20, 0x00, 0x0D, 0x00,                                //   br_if 0 (n)
                      0x20, 0x01, 0x21, 0x03,                                //   y = m
                      0x20, 0x02, 0x21, 0x04,                                //   z = x
                      0x0B,                                                  // end
                      0x20, 0x02, 0x21, 0x04,                                // z = x
                      0x20, 0x03, 0x41, 0xE4, 0x00, 0x6C, 0x20, 0x04, 0x6A,  // y*100 + z
                      0x0B};
  InterpreterFixture wasm(single_function_module({I32, I32}, {I32}, code, {0x01, 0x03, I32}));
  ASSERT_TRUE(wasm.instance);
  EXPECT_TRUE(uses(*wasm.instance->functions[0]->code, exec::HandlerId::copy64x2));
  for (uint32_t n : {0u, 3u}) {
    std::vector<exec::Slot> slots = {n, 5};
    ASSERT_EQ(wasm.call(0, slots), exec::TrapKind::None);
    EXPECT_EQ(uint32_t(slots[0]), n == 0 ? 505u : 5u) << "n=" << n;
  }
}

}  // namespace
}  // namespace wasmprof
