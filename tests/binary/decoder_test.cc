#include "binary/decoder.hh"

#include <gtest/gtest.h>

#include "binary/instruction_reader.hh"
#include "support/wasm_builder.hh"
#include "valid/validator.hh"

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

// 3.0's encodings are read only with DecodeOptions::wasm3 (the printer's); without it they are
// malformed as in 2.0, with the same messages, and the validator refuses what 3.0 decoding read.
TEST(Decoder, WebAssembly3IsReadOnlyWhenAsked) {
  const DecodeOptions wasm3{.wasm3 = true};
  // (rec (type (struct (field (mut i32))))), then a 64-bit memory, then a tag of type 0.
  const Bytes rec = section(1, vec(1, {0x4E, 0x01, 0x5F, 0x01, 0x7F, 0x01}));
  EXPECT_EQ(decode_error(module_bytes({rec})).message, "malformed function type: expected 0x60");
  Result<DecodedModule> gc = decode_module(module_bytes({rec}), wasm3);
  ASSERT_TRUE(gc.ok()) << gc.error().to_string();
  ASSERT_EQ(gc->type_definitions.size(), 1u);
  EXPECT_EQ(gc->type_definitions[0].composite, TypeDefinition::Composite::Struct);
  EXPECT_TRUE(gc->type_definitions[0].fields[0].is_mutable);
  ASSERT_EQ(gc->recursion_groups.size(), 1u);
  EXPECT_TRUE(gc->recursion_groups[0].explicit_rec);
  EXPECT_TRUE(gc->proposals.has(Feature::Gc));
  Result<Ok> refused = validate_module(gc.value());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Limit);

  const Bytes memory64 = section(5, vec(1, {0x05, 0x01, 0x80, 0x80, 0x80, 0x80, 0x20}));
  EXPECT_EQ(decode_error(module_bytes({memory64})).message, "integer too large: malformed limits flags");
  Result<DecodedModule> wide = decode_module(module_bytes({memory64}), wasm3);
  ASSERT_TRUE(wide.ok()) << wide.error().to_string();
  EXPECT_TRUE(wide->wide_memories[0].is64);
  EXPECT_EQ(wide->wide_memories[0].max, uint64_t(1) << 33);
  EXPECT_TRUE(wide->proposals.has(Feature::Memory64));
  // Shared limits are the threads proposal's, which 3.0 does not have.
  EXPECT_FALSE(decode_module(module_bytes({section(5, vec(1, {0x03, 0x01, 0x02}))}), wasm3).ok());

  const Bytes tags = module_bytes({one_type({}, {}), section(13, vec(1, {0x00, 0x00}))});
  EXPECT_EQ(decode_error(tags).message, "malformed section id");
  Result<DecodedModule> tagged = decode_module(tags, wasm3);
  ASSERT_TRUE(tagged.ok()) << tagged.error().to_string();
  EXPECT_EQ(tagged->tag_count(), 1u);
  EXPECT_TRUE(tagged->proposals.has(Feature::Exceptions));
  // The tag section sits between memory and global.
  EXPECT_FALSE(decode_module(module_bytes({section(6, vec(0, {})), section(13, vec(0, {}))}), wasm3).ok());

  // A 2.0 module decodes the same either way, and nothing of 3.0 is noted.
  const Bytes plain = single_function_module({0x7F}, {0x7F}, {0x20, 0x00, 0x0B});
  Result<DecodedModule> either = decode_module(plain, wasm3);
  ASSERT_TRUE(either.ok());
  EXPECT_FALSE(either->proposals.any());
  EXPECT_TRUE(validate_module(either.value()).ok());
}

// A body is read by the validator as 2.0, so a 3.0 instruction is an illegal opcode there, as
// it was before opcodes3.def listed it; InstructionReader's Wasm3 mode reads it and its immediates.
TEST(Decoder, InstructionsOf3AreIllegalOpcodesBut3ModeReadsThem) {
  const Bytes tail_call = single_function_module({}, {}, {0x12, 0x00, 0x0B});
  Result<DecodedModule> module = decode_module(tail_call);
  ASSERT_TRUE(module.ok());
  Result<Ok> valid = validate_module(module.value());
  ASSERT_FALSE(valid.ok());
  EXPECT_EQ(valid.error().kind, ErrorKind::Malformed);
  EXPECT_NE(valid.error().message.find("illegal opcode 0x12"), std::string::npos) << valid.error().message;

  // i64.load with memory 1 (alignment flags' bit 6) and an offset of 2^32; return_call 0;
  // relaxed SIMD's 0xFD 0x100; br_on_cast 0 (ref null any) (ref 3).
  const Bytes code = {0x29, 0x43, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x12, 0x00, 0xFD, 0x80, 0x02,
                      0xFB, 0x18, 0x01, 0x00, 0x6E, 0x03};
  Reader bytes(code);
  InstructionReader reader(bytes, InstructionReader::Mode::Wasm3);
  const Instruction load = reader.read();
  EXPECT_EQ(load.opcode, Opcode::I64Load);
  EXPECT_EQ(load.memarg.memory, 1u);
  EXPECT_EQ(load.memarg.align_log2, 3u);
  EXPECT_EQ(load.memarg.offset64, uint64_t(1) << 32);
  EXPECT_EQ(reader.read().opcode, Opcode::ReturnCall);
  EXPECT_EQ(reader.info().feature, Feature::TailCall);
  EXPECT_EQ(reader.read().opcode, Opcode::I8x16RelaxedSwizzle);
  const Instruction cast = reader.read();
  EXPECT_EQ(cast.opcode, Opcode::BrOnCast);
  EXPECT_EQ(cast.type, (StorageType{kRefNull, -0x12}));
  EXPECT_EQ(cast.second_heap, 3);
  EXPECT_TRUE(reader.at_end());

  Reader again(code);
  InstructionReader as_2_0(again);
  const Instruction load_2_0 = as_2_0.read();  // 2.0's: an alignment the validator refuses, then offset 1
  EXPECT_EQ(load_2_0.memarg.align_log2, 0x43u);
  EXPECT_EQ(load_2_0.memarg.offset, 1u);
}

}  // namespace wasmprof
