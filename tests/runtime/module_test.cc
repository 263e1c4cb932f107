// Module: compiling, what it says about itself, and errors as values.
#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

TEST(Module, DescribesImportsExportsAndNames) {
  Engine engine{test::config()};
  Module module = test::load_module(engine, "calls");
  EXPECT_EQ(module.name(), "calls");
  const std::vector<ImportType> imports = module.imports();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "host_add");
  EXPECT_EQ(imports[0].type.kind, ExternKind::Function);
  EXPECT_EQ(imports[0].type.func, (FuncType{{ValueType::I32, ValueType::I32}, {ValueType::I32}}));
  bool saw_memory = false, saw_swap = false;
  for (const ExportType& entry : module.exports()) {
    if (entry.name == "memory") saw_memory = entry.type.kind == ExternKind::Memory && entry.type.memory.limits.min == 1;
    if (entry.name == "swap")
      saw_swap = entry.type.func == FuncType{{ValueType::I32, ValueType::I64}, {ValueType::I64, ValueType::I32}};
  }
  EXPECT_TRUE(saw_memory);
  EXPECT_TRUE(saw_swap);
  EXPECT_EQ(module.imported_function_count(), 2u);
  EXPECT_EQ(module.function_name(2), "add");  // imports come first in the index space
  EXPECT_EQ(module.function_name(0), "host_add");
  EXPECT_FALSE(module.function_name(999).has_value());
}

TEST(Module, GivesTheLocationOfEachDefinedFunction) {
  Engine engine{test::config()};
  Module module = test::load_module(engine, "calls");
  EXPECT_FALSE(module.function_location(0).has_value());  // an import has no body
  std::optional<FunctionLocation> add = module.function_location(2);
  ASSERT_TRUE(add.has_value());
  const std::span<const uint8_t> bytes = module.bytes();
  // add's body: no locals, local.get 0, local.get 1, i32.add, end
  const uint8_t expected[] = {0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B};
  ASSERT_EQ(add->body_size, sizeof expected);
  EXPECT_TRUE(std::equal(expected, expected + sizeof expected, bytes.begin() + add->body_offset));
  EXPECT_GT(add->body_offset, module.code_section_offset());
}

TEST(Module, InvalidBytesAreAnErrorWithItsOffset) {
  Engine engine{test::config()};
  const uint8_t not_wasm[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
  Result<Module> module = Module::compile(engine, not_wasm);
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(module.error().offset, 4u);
}

TEST(Module, AMissingFileIsAnIoError) {
  Engine engine{test::config()};
  Result<Module> module = Module::from_file(engine, "/nonexistent/file.wasm");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.error().kind, ErrorKind::Io);
  EXPECT_EQ(module.error().message, "cannot open /nonexistent/file.wasm: No such file or directory");
}

// A directory opens, and reading it threw std::ios_base::failure out of the stream.
TEST(Module, ADirectoryIsAnIoErrorWithTheReason) {
  Engine engine{test::config()};
  Result<Module> module = Module::from_file(engine, "/");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.error().kind, ErrorKind::Io);
  EXPECT_EQ(module.error().message, "cannot read /: Is a directory");
}

// /proc/self/mem opens but cannot be read at offset 0, whoever reads it.
TEST(Module, AFailedReadIsAnIoErrorWithTheReason) {
  Engine engine{test::config()};
  Result<Module> module = Module::from_file(engine, "/proc/self/mem");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.error().kind, ErrorKind::Io);
  EXPECT_EQ(module.error().message, "cannot read /proc/self/mem: Input/output error");
}

TEST(Module, CopiesAreTheSameModule) {
  Engine engine{test::config()};
  Module a = test::load_module(engine, "calls");
  Module b = a;
  Module c = test::load_module(engine, "calls");
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_EQ(a.id(), b.id());
}

TEST(Module, CustomSectionsAreReachable) {
  Engine engine{test::config()};
  Module module = test::load_module(engine, "calls");
  EXPECT_EQ(module.custom_sections("name").size(), 1u);  // wat2wasm --debug-names
  EXPECT_TRUE(module.custom_sections("absent").empty());
}

}  // namespace
}  // namespace wasmprof
