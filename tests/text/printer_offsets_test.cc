// print_function_instructions' offsets against the runtime's: the offset a backtrace gives a
// frame is the printed line of the instruction the frame is at (what the profile's assembly view
// relies on). Apart from printer_test.cc, which links the text layer alone, as it links the runtime.
#include <gtest/gtest.h>

#include "wasmprof/wasmprof.hh"
#include "wasmprof/wat.hh"

namespace wasmprof {
namespace {

using Bytes = std::vector<uint8_t>;

// The offsets are the ones a frame has, interpreted or compiled: a trap's backtrace points at the
// printed lines of the instruction that trapped and of the call to it.
class PrinterOffsets : public testing::TestWithParam<Strategy> {};

TEST_P(PrinterOffsets, AreTheFrameOffsetsOfABacktrace) {
  Result<Bytes> parsed = wat_to_binary(R"((module
    (func $inner (param i32) (result i32)
      i32.const 1
      local.get 0
      i32.div_s)
    (func (export "outer") (param i32) (result i32)
      i32.const 7
      local.get 0
      call $inner
      i32.add))
  )");
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  const Bytes& bytes = parsed.value();
  Config config;
  config.strategy = GetParam();
  Engine engine(config);
  Store<int> store(engine, 0);
  Result<Module> module = Module::compile(engine, bytes);
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  Linker linker(engine);
  Result<Instance> instance = linker.instantiate(store, module.value());
  ASSERT_TRUE(instance.ok()) << instance.error().to_string();
  Result<int32_t> result = instance->get_typed_func<int32_t(int32_t)>(store, "outer")->call(store, 0);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.error().kind, ErrorKind::Trap);
  const std::vector<FrameInfo>& frames = result.error().trap->backtrace().frames();
  ASSERT_EQ(frames.size(), 2u);
  const auto line_at = [&](uint32_t function, uint32_t offset) -> std::string {
    Result<std::vector<PrintedInstruction>> lines = print_function_instructions(bytes, function);
    if (!lines) return lines.error().to_string();
    for (const PrintedInstruction& line : *lines)
      if (line.module_offset == offset) return line.text;
    return "no instruction at " + std::to_string(offset);
  };
  EXPECT_EQ(line_at(frames[0].func_index, frames[0].module_offset), "i32.div_s");
  EXPECT_EQ(line_at(frames[1].func_index, frames[1].module_offset), "call $inner");
}

INSTANTIATE_TEST_SUITE_P(Strategies, PrinterOffsets, testing::Values(Strategy::Interpreter, Strategy::Compiled));

}  // namespace
}  // namespace wasmprof
