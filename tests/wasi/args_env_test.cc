// args_* and environ_*: sizes, and the pointer array + NUL-terminated strings layout.
#include "wasi/test_support.hh"

namespace wasmprof::wasi::testing {
namespace {

class ArgsEnv : public WasiTest {
 protected:
  void SetUp() override {
    WasiTest::SetUp();
    WasiConfig config;
    config.args = {"prog.wasm", "", "two words"};
    config.env = {"A=1", "EMPTY=", "LONG=" + std::string(300, 'x')};
    make_context(config);
  }
};

TEST_F(ArgsEnv, ArgsSizesCountEveryTerminator) {
  ASSERT_EQ(calls::args_sizes_get(*context_, memory_.view(), kOut, kOut + 4), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 3u);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), 10u + 1u + 10u);
}

TEST_F(ArgsEnv, ArgsGetLaysOutPointersAndStrings) {
  ASSERT_EQ(calls::args_get(*context_, memory_.view(), kOut, kBuf), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), kBuf);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), kBuf + 10);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 8), kBuf + 11);
  EXPECT_EQ(memory_.read_bytes(kBuf, 21), std::string("prog.wasm\0\0two words\0", 21));
}

TEST_F(ArgsEnv, EnvironSizesAndLayout) {
  ASSERT_EQ(calls::environ_sizes_get(*context_, memory_.view(), kOut, kOut + 4), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 3u);
  const uint32_t size = 4 + 7 + 306;
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), size);
  ASSERT_EQ(calls::environ_get(*context_, memory_.view(), kOut, kBuf), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), kBuf + 4);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 8), kBuf + 11);
  EXPECT_EQ(memory_.read_bytes(kBuf, 11), std::string("A=1\0EMPTY=\0", 11));
  EXPECT_EQ(memory_.read_bytes(kBuf + 11, size - 11), "LONG=" + std::string(300, 'x') + '\0');
}

TEST_F(ArgsEnv, StringsEndingPastMemoryAreFaultAndNothingIsWritten) {
  // The buffer's last byte would be one past the end of memory.
  const uint32_t buffer = uint32_t(memory_.size()) - 20;
  memory_.write<uint32_t>(kOut, 0xabababab);
  EXPECT_EQ(calls::args_get(*context_, memory_.view(), kOut, buffer), Errno::Fault);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 0xababababu);
  EXPECT_EQ(calls::environ_get(*context_, memory_.view(), uint32_t(memory_.size()) - 8, kBuf), Errno::Fault);
  EXPECT_EQ(calls::args_sizes_get(*context_, memory_.view(), kOut, uint32_t(memory_.size()) - 3), Errno::Fault);
}

TEST_F(ArgsEnv, EmptyListsHaveZeroSizes) {
  make_context(WasiConfig{});
  memory_.write<uint32_t>(kOut, 99);
  memory_.write<uint32_t>(kOut + 4, 99);
  ASSERT_EQ(calls::environ_sizes_get(*context_, memory_.view(), kOut, kOut + 4), Errno::Success);
  EXPECT_EQ(memory_.read<uint32_t>(kOut), 0u);
  EXPECT_EQ(memory_.read<uint32_t>(kOut + 4), 0u);
  // With nothing to write, any pointer will do, even one at the very end of memory.
  EXPECT_EQ(calls::environ_get(*context_, memory_.view(), uint32_t(memory_.size()), uint32_t(memory_.size())),
            Errno::Success);
}

}  // namespace
}  // namespace wasmprof::wasi::testing
