// Module: compiling, what it says about itself, and errors as values.
#include <gtest/gtest.h>

#include "binary/decoder.hh"
#include "runtime/api_test_support.hh"
#include "valid/validator.hh"

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

// What `wasmprof inspect` prints: each index space counts its imports, as the decoder does.
TEST(Module, CountsItsIndexSpacesAndSegments) {
  Engine engine;
  Module module = test::load_module(engine, "shapes");
  EXPECT_EQ(module.type_count(), 3u);  // (f64), and the imported and defined functions' types
  EXPECT_EQ(module.imports().size(), 3u);
  EXPECT_EQ(module.function_count(), 3u);
  EXPECT_EQ(module.imported_function_count(), 1u);
  EXPECT_EQ(module.table_count(), 3u);
  EXPECT_EQ(module.memory_count(), 1u);
  EXPECT_EQ(module.global_count(), 4u);
  EXPECT_EQ(module.exports().size(), 1u);
  EXPECT_EQ(module.element_segment_count(), 2u);  // active and declarative
  EXPECT_EQ(module.data_segment_count(), 3u);     // two active, one passive
  EXPECT_EQ(module.named_function_count(), 2u);   // $imported and $named, not the anonymous one
  EXPECT_EQ(module.function_name(1), "named");
  EXPECT_FALSE(module.function_name(2).has_value());
}

TEST(Module, AnEmptyModuleHasNothing) {
  Engine engine;
  const uint8_t empty[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  Module module = Module::compile(engine, empty).value();
  EXPECT_EQ(module.type_count(), 0u);
  EXPECT_EQ(module.function_count(), 0u);
  EXPECT_EQ(module.table_count(), 0u);
  EXPECT_EQ(module.memory_count(), 0u);
  EXPECT_EQ(module.global_count(), 0u);
  EXPECT_EQ(module.element_segment_count(), 0u);
  EXPECT_EQ(module.data_segment_count(), 0u);
  EXPECT_EQ(module.named_function_count(), 0u);
  EXPECT_FALSE(module.name().has_value());
  EXPECT_TRUE(module.all_custom_sections().empty());
}

TEST(Module, ListsEveryCustomSectionInOrderWithItsPayload) {
  Engine engine;
  const uint8_t bytes[] = {
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,                    // header
      0x00, 0x09, 0x05, 'f', 'i', 'r', 's', 't', 0x01, 0x02, 0x03,     // "first": 3 bytes
      0x00, 0x07, 0x06, 's', 'e', 'c', 'o', 'n', 'd',                 // "second": empty
      0x00, 0x07, 0x05, 'f', 'i', 'r', 's', 't', 0x09,                 // "first" again: 1 byte
  };
  Module module = Module::compile(engine, bytes).value();
  const std::vector<CustomSectionView> customs = module.all_custom_sections();
  ASSERT_EQ(customs.size(), 3u);
  EXPECT_EQ(customs[0].name, "first");
  EXPECT_EQ(customs[1].name, "second");
  EXPECT_EQ(customs[2].name, "first");
  EXPECT_EQ(customs[0].payload.size(), 3u);
  EXPECT_EQ(customs[1].payload.size(), 0u);
  ASSERT_EQ(customs[2].payload.size(), 1u);
  // Views into the module's own bytes, not into the caller's.
  EXPECT_EQ(customs[0].payload.data(), module.bytes().data() + 16);
  EXPECT_EQ(customs[0].payload[2], 0x03);
  EXPECT_EQ(customs[2].payload[0], 0x09);
  // The same payloads as the lookup by name.
  const std::vector<std::span<const uint8_t>> firsts = module.custom_sections("first");
  ASSERT_EQ(firsts.size(), 2u);
  EXPECT_EQ(firsts[0].data(), customs[0].payload.data());
  EXPECT_EQ(firsts[1].data(), customs[2].payload.data());
}

// `inspect` reports a rejected module through Module::compile: the error must be the one the
// decoder or the validator gives, with its offset.
TEST(Module, AnInvalidModuleIsTheValidatorsErrorWithItsOffset) {
  Engine engine;
  const uint8_t bytes[] = {
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                    // type 0: [] -> []
      0x03, 0x02, 0x01, 0x00,                                // one function of type 0
      0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0B,        // body: i32.const 0, end (a value left over)
  };
  Result<Module> module = Module::compile(engine, bytes);
  ASSERT_FALSE(module.ok());
  Result<DecodedModule> decoded = decode_module(bytes);
  ASSERT_TRUE(decoded.ok());
  Result<Ok> valid = validate_module(*decoded);
  ASSERT_FALSE(valid.ok());
  EXPECT_EQ(module.error().kind, ErrorKind::Invalid);
  ASSERT_TRUE(module.error().offset.has_value());
  EXPECT_EQ(module.error().offset, valid.error().offset);
  EXPECT_EQ(module.error().to_string(), valid.error().to_string());
}

}  // namespace
}  // namespace wasmprof
