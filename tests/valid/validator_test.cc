#include "valid/validator.hh"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "binary/decoder.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

Result<Ok> validate_bytes(const Bytes& bytes) {
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) return module.error();
  return validate_module(*module);
}

Error invalid(const Bytes& bytes) {
  Result<Ok> result = validate_bytes(bytes);
  EXPECT_FALSE(result.ok()) << "module was accepted";
  return result.ok() ? Error{} : result.error();
}

void expect_valid(const Bytes& bytes) {
  Result<Ok> result = validate_bytes(bytes);
  EXPECT_TRUE(result.ok()) << result.error().to_string();
}

TEST(Validator, SimpleArithmetic) {
  expect_valid(single_function_module({I32, I32}, {I32}, {0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B}));
}

TEST(Validator, TypeMismatchNamesFunctionAndOffset) {
  // (param i32) (result i64): local.get 0 ; end  -> i32 where i64 is expected.
  Bytes bytes = single_function_module({I32}, {I64}, {0x20, 0x00, 0x0B});
  Error error = invalid(bytes);
  EXPECT_EQ(error.kind, ErrorKind::Invalid);
  EXPECT_EQ(error.function_index, 0u);
  EXPECT_EQ(error.section, "code");
  EXPECT_EQ(error.message, "type mismatch: expected i64, found i32");
  ASSERT_TRUE(error.offset);
  EXPECT_EQ(bytes[*error.offset], 0x0B);  // the failing instruction is the final end
}

TEST(Validator, StackUnderflowIsATypeMismatch) {
  EXPECT_NE(invalid(single_function_module({}, {}, {0x6A, 0x1A, 0x0B})).message.find("type mismatch"),
            std::string::npos);
}

TEST(Validator, ValuesLeftOnStackAtEnd) {
  EXPECT_NE(invalid(single_function_module({}, {}, {0x41, 0x01, 0x0B})).message.find("left on the stack"),
            std::string::npos);
}

TEST(Validator, UnreachableMakesTheStackPolymorphic) {
  // unreachable ; i32.add ; drop ; end and unreachable ; br_table with mixed label types.
  expect_valid(single_function_module({}, {}, {0x00, 0x6A, 0x1A, 0x0B}));
  expect_valid(single_function_module({}, {F64}, {0x00, 0x0B}));
  // block (result f64) block (result f32) unreachable br_table 0 1 1 ... as in unreached-valid.wast
  expect_valid(single_function_module(
      {}, {}, {0x02, F64, 0x02, F32, 0x00, 0x0E, 0x02, 0x00, 0x01, 0x01, 0x0B, 0x1A, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B,
               0x1A, 0x0B}));
}

TEST(Validator, BrTableArityMustAgree) {
  // block (result i32) block ... br_table 0 1 with arities 0 and 1.
  Error error = invalid(single_function_module(
      {}, {}, {0x02, I32, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B, 0x1A, 0x0B}));
  EXPECT_NE(error.message.find("type mismatch"), std::string::npos) << error.message;
}

TEST(Validator, UnknownLocalGlobalFunctionLabel) {
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x20, 0x00, 0x1A, 0x0B})).message, "unknown local 0");
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x23, 0x00, 0x1A, 0x0B})).message, "unknown global 0");
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x10, 0x05, 0x0B})).message, "unknown function 5");
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x0C, 0x01, 0x0B})).message, "unknown label 1");
}

TEST(Validator, MemoryInstructionsNeedAMemoryAndNaturalAlignment) {
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B})).message,
            "unknown memory 0");
  Bytes with_memory = module_bytes({one_type({}, {}), functions_of_type0(1), section(5, {0x01, 0x00, 0x01}),
                                    code_section({body({0x00}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B})})});
  EXPECT_EQ(invalid(with_memory).message, "alignment must not be larger than natural");
}

TEST(Validator, MultipleMemoriesAreNotPartOf2_0) {
  EXPECT_EQ(invalid(module_bytes({section(5, {0x02, 0x00, 0x01, 0x00, 0x01})})).message, "multiple memories");
}

TEST(Validator, MemoryLimits) {
  EXPECT_NE(invalid(module_bytes({section(5, concat({{0x01, 0x00}, leb_u32(65537)}))})).message.find("65536"),
            std::string::npos);
  EXPECT_EQ(invalid(module_bytes({section(5, {0x01, 0x01, 0x02, 0x01})})).message,
            "size minimum must not be greater than maximum");
}

TEST(Validator, DuplicateExportNames) {
  Bytes exports = section(7, vec(2, concat({name_bytes("f"), {0x00, 0x00}, name_bytes("f"), {0x00, 0x00}})));
  Bytes bytes = module_bytes({one_type({}, {}), functions_of_type0(1), exports, code_section({body({0x00}, {0x0B})})});
  EXPECT_EQ(invalid(bytes).message, "duplicate export name \"f\"");
}

TEST(Validator, StartFunctionMustTakeAndReturnNothing) {
  Bytes bytes = module_bytes({one_type({I32}, {}), functions_of_type0(1), section(8, {0x00}),
                              code_section({body({0x00}, {0x0B})})});
  EXPECT_EQ(invalid(bytes).message, "start function must have type [] -> []");
}

TEST(Validator, RefFuncNeedsADeclaration) {
  // ref.func 0 ; drop, with no element segment or export mentioning function 0.
  EXPECT_EQ(invalid(single_function_module({}, {}, {0xD2, 0x00, 0x1A, 0x0B})).message, "undeclared function reference 0");
  Bytes declared = module_bytes({one_type({}, {}), functions_of_type0(1), section(9, {0x01, 0x03, 0x00, 0x01, 0x00}),
                                 code_section({body({0x00}, {0xD2, 0x00, 0x1A, 0x0B})})});
  expect_valid(declared);
}

TEST(Validator, DataDropNeedsDataCountSection) {
  Bytes bytes = module_bytes({one_type({}, {}), functions_of_type0(1), code_section({body({0x00}, {0xFC, 0x09, 0x00, 0x0B})}),
                              section(11, vec(1, {0x01, 0x00}))});
  EXPECT_EQ(invalid(bytes).message, "data count section required");
}

TEST(Validator, GlobalInitializersAreConstantAndReadOnlyImportedGlobals) {
  // (global i32 (i32.const 1) (i32.const 2)) -- two values.
  EXPECT_NE(invalid(module_bytes({section(6, {0x01, I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0B})})).message.find("type mismatch"),
            std::string::npos);
  // (global i32 (i32.add ...)) -- not constant.
  EXPECT_NE(invalid(module_bytes({section(6, {0x01, I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B})}))
                .message.find("constant expression required"),
            std::string::npos);
  // The second global reads the first, which is not imported.
  EXPECT_EQ(invalid(module_bytes({section(6, {0x02, I32, 0x00, 0x41, 0x01, 0x0B, I32, 0x00, 0x23, 0x00, 0x0B})})).message,
            "unknown global 0");
}

TEST(Validator, SelectWithoutTypeRejectsReferences) {
  Bytes code = {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x01, 0x1B, 0x1A, 0x0B};
  EXPECT_NE(invalid(single_function_module({}, {}, code)).message.find("select"), std::string::npos);
}

TEST(Validator, SimdLaneIndexMustBeInRange) {
  Bytes v128_const = {0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  Bytes ok_code = concat({v128_const, {0xFD, 0x1B, 0x03, 0x1A, 0x0B}});  // i32x4.extract_lane 3
  expect_valid(single_function_module({}, {}, ok_code));
  Bytes bad_code = concat({v128_const, {0xFD, 0x1B, 0x04, 0x1A, 0x0B}});  // lane 4 of 4
  EXPECT_EQ(invalid(single_function_module({}, {}, bad_code)).message, "invalid lane index 4");
}

TEST(Validator, MultiValueBlocksUseTypeIndices) {
  // type 0: [] -> [i32 i32]; block (type 0) i32.const 1 i32.const 2 end ; i32.add ; drop
  Bytes types = section(1, vec(1, {0x60, 0x00, 0x02, I32, I32}));
  Bytes functions = section(3, vec(1, {0x00}));
  Bytes code = code_section({body({0x00}, {0x02, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0B, 0x0B})});
  expect_valid(module_bytes({types, functions, code}));
}

TEST(Validator, TooManyLocalsIsAnImplementationLimit) {
  Error error = invalid(single_function_module({}, {}, {0x0B}, vec(1, concat({leb_u32(1000000), {I32}}))));
  EXPECT_EQ(error.kind, ErrorKind::Limit);
}

TEST(Validator, TrailingBytesAfterFinalEnd) {
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x0B, 0x01})).kind, ErrorKind::Malformed);
}

TEST(Validator, MissingFinalEnd) {
  EXPECT_EQ(invalid(single_function_module({}, {}, {0x01})).kind, ErrorKind::Malformed);
}

// A code section large enough to be validated on several threads (validator.cc) reports the
// error a single pass reports: the first invalid function, wherever the ranges split.
Bytes large_module_with_invalid(const std::vector<uint32_t>& invalid_functions) {
  constexpr uint32_t kFunctions = 2000;
  Bytes filler;  // 100 x (i32.const 0; drop): 300 bytes a body, 600 KB in all
  for (int i = 0; i < 100; ++i) filler.insert(filler.end(), {0x41, 0x00, 0x1A});
  Bytes bodies;
  for (uint32_t f = 0; f < kFunctions; ++f) {
    const bool broken = std::find(invalid_functions.begin(), invalid_functions.end(), f) != invalid_functions.end();
    Bytes code = filler;
    if (broken) code.push_back(0x6A);  // i32.add on an empty stack
    code.push_back(0x0B);
    const Bytes entry = body({0x00}, code);
    bodies.insert(bodies.end(), entry.begin(), entry.end());
  }
  return module_bytes({one_type({}, {}), functions_of_type0(kFunctions), section(10, vec(kFunctions, bodies))});
}

TEST(Validator, ALargeCodeSectionReportsItsFirstInvalidFunction) {
  expect_valid(large_module_with_invalid({}));
  const std::vector<std::pair<std::vector<uint32_t>, uint32_t>> cases = {
      {{1999}, 1999}, {{3, 1999}, 3}, {{1000, 1500, 1999}, 1000}, {{0}, 0}};
  for (const auto& [invalid_functions, first] : cases) {
    Error error = invalid(large_module_with_invalid(invalid_functions));
    EXPECT_EQ(error.kind, ErrorKind::Invalid);
    EXPECT_EQ(error.section, "code");
    EXPECT_EQ(error.function_index, first);
  }
}

}  // namespace
}  // namespace wasmprof
