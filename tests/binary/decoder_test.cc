#include "binary/decoder.hh"

#include <gtest/gtest.h>

#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

Error decode_error(const Bytes& bytes) {
  Result<DecodedModule> module = decode_module(bytes);
  EXPECT_FALSE(module.ok()) << "module was accepted";
  return module.ok() ? Error{} : module.error();
}

TEST(Decoder, EmptyModule) {
  Result<DecodedModule> module = decode_module(kHeader);
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  EXPECT_EQ(module->function_count(), 0u);
}

TEST(Decoder, RejectsBadMagicAndVersion) {
  EXPECT_EQ(decode_error({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}).message, "magic header not detected");
  Error version = decode_error({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0});
  EXPECT_EQ(version.message, "unknown binary version");
  EXPECT_EQ(version.offset, 4u);
}

TEST(Decoder, SectionsOutOfOrderOrRepeated) {
  Bytes types = section(1, vec(0, {}));
  Error repeated = decode_error(module_bytes({types, types}));
  EXPECT_EQ(repeated.message, "unexpected content after last section");
  EXPECT_EQ(repeated.offset, 8u + types.size());
  // The data count section (id 12) belongs before code (id 10).
  Error late = decode_error(module_bytes({code_section({}), section(12, {0x00})}));
  EXPECT_EQ(late.message, "unexpected content after last section");
}

TEST(Decoder, UnknownSectionId) { EXPECT_EQ(decode_error(module_bytes({section(13, {})})).message, "malformed section id"); }

TEST(Decoder, SectionSizeMismatchNamesTheSection) {
  // A type section that says 3 bytes but whose content needs only 1.
  Error error = decode_error(module_bytes({section(1, {0x00, 0x00, 0x00})}));
  EXPECT_EQ(error.message, "section size mismatch");
  EXPECT_EQ(error.section, "type");
}

TEST(Decoder, HugeCountsFailWithoutAllocating) {
  // Four billion types announced in a five-byte section: rejected by looking, not by allocating.
  Error error = decode_error(module_bytes({section(1, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}));
  EXPECT_EQ(error.kind, ErrorKind::Malformed);
  EXPECT_EQ(error.section, "type");
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  Error missing_code = decode_error(module_bytes({one_type({}, {}), functions_of_type0(1)}));
  EXPECT_EQ(missing_code.message, "function and code section have inconsistent lengths");
  Error extra = decode_error(module_bytes({one_type({}, {}), functions_of_type0(1),
                                           code_section({body({0x00}, {0x0B}), body({0x00}, {0x0B})})}));
  EXPECT_EQ(extra.message, "function and code section have inconsistent lengths");
}

TEST(Decoder, DataCountMustMatchDataSection) {
  Error error = decode_error(module_bytes({section(12, {0x02}), section(11, vec(1, {0x01, 0x00}))}));
  EXPECT_EQ(error.message, "data count and data section have inconsistent lengths");
  Error without_data = decode_error(module_bytes({section(12, {0x01})}));
  EXPECT_EQ(without_data.message, "data count and data section have inconsistent lengths");
}

TEST(Decoder, TooManyLocals) {
  // Two groups of 2^31 locals each: their sum does not fit in u32.
  Bytes locals = vec(2, concat({leb_u32(0x80000000u), {0x7F}, leb_u32(0x80000000u), {0x7F}}));
  Error error = decode_error(single_function_module({}, {}, {0x0B}, locals));
  EXPECT_EQ(error.message, "too many locals");
  EXPECT_EQ(error.section, "code");
}

TEST(Decoder, LimitsFlagsAreOneByte) {
  // 0x81 0x00 would be 1 as a LEB128, but limits flags are a byte.
  EXPECT_EQ(decode_error(module_bytes({section(5, {0x01, 0x81, 0x00, 0x00})})).kind, ErrorKind::Malformed);
}

TEST(Decoder, ImportAndExportNamesMustBeUtf8) {
  Bytes bad_name = {0x02, 0xC0, 0xAF};
  Error error = decode_error(module_bytes({section(7, vec(1, concat({bad_name, {0x00, 0x00}})))}));
  EXPECT_EQ(error.message, "malformed UTF-8 encoding");
  EXPECT_EQ(error.section, "export");
}

TEST(Decoder, RecordsBodyOffsetsRelativeToModuleAndCodeSection) {
  Bytes module_data = module_bytes({one_type({}, {}), functions_of_type0(2),
                                    code_section({body({0x00}, {0x01, 0x0B}), body({0x01, 0x01, 0x7F}, {0x0B})})});
  Result<DecodedModule> module = decode_module(module_data);
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  ASSERT_EQ(module->bodies.size(), 2u);
  const uint32_t code_payload = module->code_section_offset;
  EXPECT_EQ(module_data[code_payload - 2], 10);   // section id, then a one-byte size
  EXPECT_EQ(module_data[code_payload], 2);        // the body count
  EXPECT_EQ(module->bodies[0].entry.offset, code_payload + 2);  // after the count and the size byte
  EXPECT_EQ(module->bodies[0].code.offset, module->bodies[0].entry.offset + 1);  // after "0 local groups"
  EXPECT_EQ(module->bodies[0].code.size, 2u);
  EXPECT_EQ(module->bodies[1].local_count, 1u);
  EXPECT_EQ(module_data[module->bodies[1].code.offset], 0x0B);
}

TEST(Decoder, KeepsCustomSectionsAddressable) {
  Bytes module_data = module_bytes({custom_section(".debug_info", {1, 2, 3}), custom_section("producers", {})});
  Result<DecodedModule> module = decode_module(module_data);
  ASSERT_TRUE(module.ok());
  const CustomSection* debug = module->find_custom(".debug_info");
  ASSERT_NE(debug, nullptr);
  EXPECT_EQ(debug->payload.size, 3u);
  EXPECT_EQ(module->span(debug->payload)[2], 3);
  EXPECT_NE(module->find_custom("producers"), nullptr);
  EXPECT_EQ(module->find_custom("name"), nullptr);
}

TEST(Decoder, ElementSegmentEncodings) {
  // Flags 2 (active, explicit table, elemkind), 3 (declarative), 5 (passive expressions).
  Bytes segments = concat({
      {0x02, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00},
      {0x03, 0x00, 0x01, 0x00},
      {0x05, 0x70, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B},
  });
  Result<DecodedModule> module = decode_module(module_bytes({one_type({}, {}), functions_of_type0(1),
                                                      section(4, {0x01, 0x70, 0x00, 0x01}), section(9, vec(3, segments)),
                                                      code_section({body({0x00}, {0x0B})})}));
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  ASSERT_EQ(module->elements.size(), 3u);
  EXPECT_EQ(module->elements[0].mode, SegmentMode::Active);
  EXPECT_EQ(module->elements[1].mode, SegmentMode::Declarative);
  EXPECT_EQ(module->elements[2].mode, SegmentMode::Passive);
  EXPECT_EQ(module->elements[2].items.size(), 2u);
  EXPECT_EQ(module->elements[2].items[1].instructions[0].opcode, Opcode::RefNull);
}

TEST(Decoder, ErrorTextCarriesContext) {
  Error error = decode_error(module_bytes({section(1, {0x01, 0x61})}));
  const std::string text = error.to_string();
  EXPECT_NE(text.find("malformed module"), std::string::npos) << text;
  EXPECT_NE(text.find("type section"), std::string::npos) << text;
  EXPECT_NE(text.find("offset 0xb"), std::string::npos) << text;
}

}  // namespace
}  // namespace wasmprof
