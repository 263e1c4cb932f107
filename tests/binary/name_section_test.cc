#include <gtest/gtest.h>

#include "binary/decoder.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

Bytes with_name_section(const Bytes& payload) {
  return module_bytes({one_type({}, {}), functions_of_type0(2),
                       code_section({body({0x00}, {0x0B}), body({0x01, 0x01, 0x7F}, {0x0B})}),
                       custom_section("name", payload)});
}

TEST(NameSection, ModuleFunctionAndLocalNames) {
  Bytes payload = concat({
      section(0, name_bytes("demo")),
      section(1, vec(2, concat({{0x00}, name_bytes("first"), {0x01}, name_bytes("_Z3foov")}))),
      section(2, vec(1, concat({{0x01}, vec(1, concat({{0x00}, name_bytes("counter")}))}))),
  });
  Result<DecodedModule> module = decode_module(with_name_section(payload));
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  EXPECT_TRUE(module->warnings.empty());
  EXPECT_EQ(module->names.module_name, "demo");
  EXPECT_EQ(module->names.functions.at(0), "first");
  EXPECT_EQ(module->names.functions.at(1), "_Z3foov");
  EXPECT_EQ(module->names.locals.at(1).at(0), "counter");
}

TEST(NameSection, ExtendedSubsectionsNameTypesTablesMemoriesGlobalsAndSegments) {
  const auto one_name = [](uint8_t index, const char* name) { return vec(1, concat({{index}, name_bytes(name)})); };
  Bytes payload = concat({
      section(1, one_name(0, "f")),
      section(3, vec(0, {})),  // labels: skipped
      section(4, one_name(0, "sig")),
      section(5, one_name(0, "table")),
      section(6, one_name(1, "heap")),
      section(7, one_name(2, "__stack_pointer")),
      section(8, one_name(0, "elems")),
      section(9, one_name(0, ".rodata")),
  });
  Result<DecodedModule> module = decode_module(with_name_section(payload));
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  EXPECT_TRUE(module->warnings.empty()) << module->warnings.front();
  EXPECT_EQ(module->names.functions.at(0), "f");
  EXPECT_EQ(module->names.types.at(0), "sig");
  EXPECT_EQ(module->names.tables.at(0), "table");
  EXPECT_EQ(module->names.memories.at(1), "heap");
  EXPECT_EQ(module->names.globals.at(2), "__stack_pointer");
  EXPECT_EQ(module->names.elements.at(0), "elems");
  EXPECT_EQ(module->names.data.at(0), ".rodata");
}

TEST(NameSection, MalformedNameSectionIsAWarningNotAnError) {
  // The function-names subsection claims 5 entries but holds one; what was read stays.
  Bytes payload = concat({section(0, name_bytes("kept")), section(1, vec(5, concat({{0x00}, name_bytes("f")})))});
  Result<DecodedModule> module = decode_module(with_name_section(payload));
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  ASSERT_EQ(module->warnings.size(), 1u);
  EXPECT_EQ(module->names.module_name, "kept");
  EXPECT_EQ(module->names.functions.at(0), "f");
}

TEST(NameSection, InvalidUtf8IsReplacedAndWarned) {
  Bytes bad = {0x04, 'a', 0xFF, 0xC3, 0xA9};
  Result<DecodedModule> module = decode_module(with_name_section(section(1, vec(1, concat({{0x00}, bad})))));
  ASSERT_TRUE(module.ok());
  EXPECT_EQ(module->names.functions.at(0), "a\xEF\xBF\xBD\xC3\xA9");
  EXPECT_EQ(module->warnings.size(), 1u);
}

TEST(NameSection, SubsectionsOutOfOrderStopParsing) {
  Bytes payload = concat({section(1, vec(1, concat({{0x00}, name_bytes("f")}))), section(0, name_bytes("late"))});
  Result<DecodedModule> module = decode_module(with_name_section(payload));
  ASSERT_TRUE(module.ok());
  EXPECT_FALSE(module->names.has_module_name);
  EXPECT_EQ(module->warnings.size(), 1u);
}

}  // namespace
}  // namespace wasmprof
