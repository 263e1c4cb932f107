// The text parser, module by module: the bytes each form and abbreviation becomes, the errors
// (with where they are) of what is not a module, and that the results decode and validate.
#include "wasmprof/wat.hh"

#include <gtest/gtest.h>

#include <algorithm>

#include "binary/decoder.hh"
#include "valid/validator.hh"

namespace wasmprof {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

Bytes module_of(std::initializer_list<uint8_t> sections) {
  Bytes bytes = kHeader;
  bytes.insert(bytes.end(), sections);
  return bytes;
}

Bytes parse(std::string_view text) {
  Result<Bytes> bytes = wat_to_binary(text, WatOptions{.name_section = false});
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : format_text_error("test.wat", text, bytes.error()));
  return bytes.ok() ? bytes.value() : Bytes{};
}

// The compiler-style message of a text that must be rejected.
std::string error_of(std::string_view text) {
  Result<Bytes> bytes = wat_to_binary(text, WatOptions{.name_section = false});
  EXPECT_FALSE(bytes.ok()) << "accepted: " << text;
  return bytes.ok() ? "" : format_text_error("t.wat", text, bytes.error());
}

bool decodes_and_validates(const Bytes& bytes) {
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) {
    ADD_FAILURE() << module.error().to_string();
    return false;
  }
  Result<Ok> valid = validate_module(module.value());
  if (!valid) ADD_FAILURE() << valid.error().to_string();
  return valid.ok();
}

// By default the identifiers become a name section, as Wasmtime's wat crate writes it: the
// module's (subsection 0) and the functions' by increasing index, without '$'.
TEST(Wat, IdentifiersBecomeTheNameSection) {
  const Result<Bytes> bytes = wat_to_binary("(module $m (func) (func $second) (func $third))");
  ASSERT_TRUE(bytes.ok());
  const Bytes names = {0x00, 0x1B, 0x04, 'n', 'a', 'm', 'e',                         // custom "name"
                       0x00, 0x02, 0x01, 'm',                                        // module "m"
                       0x01, 0x10, 0x02, 0x01, 0x06, 's', 'e', 'c', 'o', 'n', 'd',   // 1 "second"
                       0x02, 0x05, 't', 'h', 'i', 'r', 'd'};                         // 2 "third"
  ASSERT_GE(bytes.value().size(), names.size());
  EXPECT_TRUE(std::equal(names.begin(), names.end(), bytes.value().end() - ptrdiff_t(names.size())));
  // Decoded as any module's names.
  Result<DecodedModule> module = decode_module(bytes.value());
  ASSERT_TRUE(module.ok());
  const NameMap& decoded = module.value().names;
  EXPECT_EQ(decoded.module_name, "m");
  EXPECT_EQ(decoded.functions.at(1), "second");
  EXPECT_EQ(decoded.functions.at(2), "third");
  EXPECT_EQ(decoded.functions.count(0), 0u);
  // Nothing to name: no section; and none when asked for none.
  EXPECT_EQ(wat_to_binary("(module (func))").value(),
            wat_to_binary("(module (func))", WatOptions{.name_section = false}).value());
  EXPECT_EQ(wat_to_binary("(module $m (func $f))", WatOptions{.name_section = false}).value(),
            wat_to_binary("(module (func))", WatOptions{.name_section = false}).value());
}

TEST(Wat, EmptyModuleAndBareFields) {
  EXPECT_EQ(parse("(module)"), kHeader);
  EXPECT_EQ(parse("(module $name)"), kHeader);
  EXPECT_EQ(parse(""), kHeader);
  EXPECT_EQ(parse("(func)"), parse("(module (func))"));
}

TEST(Wat, FunctionWithNamedParamsLocalsAndFoldedBody) {
  const Bytes bytes = parse(R"(
    (module
      (func $add (export "add") (param $a i32) (param $b i32) (result i32) (local $t i32) (local i64 i64)
        (local.set $t (i32.add (local.get $a) (local.get $b)))
        local.get $t))
  )");
  EXPECT_EQ(bytes, module_of({
                       0x01, 0x07, 0x01, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F,  // type (i32 i32) -> i32
                       0x03, 0x02, 0x01, 0x00,                                // one function of type 0
                       0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,     // export "add" func 0
                       0x0A, 0x11, 0x01, 0x0F, 0x02, 0x01, 0x7F, 0x02, 0x7E,  // locals: 1 i32, 2 i64
                       0x20, 0x00, 0x20, 0x01, 0x6A, 0x21, 0x02, 0x20, 0x02, 0x0B,
                   }));
  EXPECT_TRUE(decodes_and_validates(bytes));
}

TEST(Wat, InlineTypeUsesFindOrAddTypes) {
  // The explicit type is index 0 wherever it is written; an inline use equal to it takes it;
  // one that matches none is added after every explicit type.
  const Bytes bytes = parse(R"(
    (func (param i64))
    (func (param i32) (result i32) (local.get 0))
    (type $t (func (param i32) (result i32)))
  )");
  EXPECT_EQ(bytes, module_of({
                       0x01, 0x0A, 0x02, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x60, 0x01, 0x7E, 0x00,
                       0x03, 0x03, 0x02, 0x01, 0x00,
                       0x0A, 0x09, 0x02, 0x02, 0x00, 0x0B, 0x04, 0x00, 0x20, 0x00, 0x0B,
                   }));
  EXPECT_NE(error_of("(type $t (func (param i32))) (func (type $t) (param i64))").find("inline function type"),
            std::string::npos);
}

TEST(Wat, LabelsByNameAndDepthFlatAndFolded) {
  const Bytes flat = parse(R"(
    (func $f (result i32)
      block $outer (result i32)
        loop $inner
          i32.const 1
          br_if $inner
          i32.const 2
          br $outer
        end $inner
        i32.const 3
      end $outer)
  )");
  const Bytes folded = parse(R"(
    (func $f (result i32)
      (block $outer (result i32)
        (loop $inner
          (br_if $inner (i32.const 1))
          (br $outer (i32.const 2)))
        (i32.const 3)))
  )");
  EXPECT_EQ(flat, folded);
  EXPECT_TRUE(decodes_and_validates(flat));
  EXPECT_NE(error_of("(func block $a end $b)").find("mismatching label"), std::string::npos);
  EXPECT_NE(error_of("(func br $nowhere)").find("unknown label $nowhere"), std::string::npos);
}

TEST(Wat, FoldedIfWithConditionThenAndElse) {
  const Bytes folded = parse(
      "(func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))");
  const Bytes flat =
      parse("(func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 else i32.const 2 end)");
  EXPECT_EQ(folded, flat);
  EXPECT_TRUE(decodes_and_validates(folded));
}

TEST(Wat, AnEmptyElseIsLeftOut) {
  const Bytes expected = parse("(func (if (i32.const 1) (then nop)))");
  EXPECT_EQ(parse("(func (if (i32.const 1) (then nop) (else)))"), expected);
  EXPECT_EQ(parse("(func i32.const 1 if nop else end)"), expected);
  EXPECT_NE(parse("(func (if (i32.const 1) (then nop) (else nop)))"), expected);
}

TEST(Wat, LineCommentsEndAtCarriageReturnsToo) {
  EXPECT_EQ(parse("(func (result i32) ;; c\r (i32.const 1))"), parse("(func (result i32) (i32.const 1))"));
}

TEST(Wat, MultiValueBlockTypeBecomesATypeIndex) {
  const Bytes bytes = parse("(func (result i32 i32) (block (result i32 i32) (i32.const 1) (i32.const 2)))");
  EXPECT_EQ(bytes, module_of({
                       0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x7F, 0x7F,
                       0x03, 0x02, 0x01, 0x00,
                       0x0A, 0x0B, 0x01, 0x09, 0x00, 0x02, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0B, 0x0B,
                   }));
}

TEST(Wat, MemoryArgumentsAndDataAbbreviation) {
  const Bytes bytes = parse(R"(
    (memory (export "m") (data "ab" "c"))
    (func (result i32) (i32.load8_u offset=0x10 align=1 (i32.const 0)) (i64.load (i32.const 0)) drop)
  )");
  EXPECT_TRUE(decodes_and_validates(bytes));
  // One page, min = max, and an active segment at 0 holding the three bytes.
  const Bytes memory = {0x05, 0x04, 0x01, 0x01, 0x01, 0x01};
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), memory.begin(), memory.end()), bytes.end());
  const Bytes data = {0x0B, 0x09, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x03, 'a', 'b', 'c'};
  EXPECT_TRUE(std::equal(data.begin(), data.end(), bytes.end() - long(data.size())));
  const Bytes load8 = {0x41, 0x00, 0x2D, 0x00, 0x10};  // align=1 is log2 0, then the offset
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), load8.begin(), load8.end()), bytes.end());
  const Bytes load64 = {0x41, 0x00, 0x29, 0x03, 0x00};  // i64.load's natural alignment, 2^3
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), load64.begin(), load64.end()), bytes.end());
  EXPECT_NE(error_of("(memory 1) (func (i32.load align=3 (i32.const 0)) drop)").find("power of two"),
            std::string::npos);
  // Offsets are u64 in 3.0's text (memory64's): beyond u32, a 32-bit memory's is invalid, not malformed.
  EXPECT_NE(error_of("(memory 1) (func (i32.load offset=18446744073709551616 (i32.const 0)) drop)").find("memory offset"),
            std::string::npos);
  const Bytes far = parse("(memory 1) (func (i32.load offset=4294967296 (i32.const 0)) drop)");
  const Bytes load_far = {0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10};
  EXPECT_NE(std::search(far.begin(), far.end(), load_far.begin(), load_far.end()), far.end());
  const Result<DecodedModule> decoded = decode_module(far);
  EXPECT_TRUE(!decoded || !validate_module(decoded.value()));
}

TEST(Wat, TablesElementsAndEveryElementSegmentForm) {
  const Bytes bytes = parse(R"(
    (table $t funcref (elem $f $g))
    (table $u 2 externref)
    (func $f) (func $g)
    (elem (i32.const 0) $f)
    (elem (table $t) (offset (i32.const 1)) func $g)
    (elem $passive funcref (ref.func $f) (ref.null func))
    (elem declare func $g)
    (elem (table $u) (i32.const 0) externref (ref.null extern))
    (func (table.init $t $passive (i32.const 0) (i32.const 0) (i32.const 1)) (elem.drop $passive))
  )");
  EXPECT_TRUE(decodes_and_validates(bytes));
  Result<DecodedModule> module = decode_module(bytes);
  ASSERT_TRUE(module.ok());
  ASSERT_EQ(module->elements.size(), 6u);
  EXPECT_EQ(module->tables[0].limits.min, 2u);
  EXPECT_EQ(module->tables[0].limits.max, 2u);
  EXPECT_EQ(module->elements[3].mode, SegmentMode::Passive);
  EXPECT_EQ(module->elements[4].mode, SegmentMode::Declarative);
  EXPECT_EQ(module->elements[5].element_type, ValueType::ExternRef);
  EXPECT_EQ(module->elements[5].table_index, 1u);
}

TEST(Wat, ImportsInlineAndExplicitComeFirst) {
  const Bytes bytes = parse(R"(
    (import "env" "f" (func $f (param i32)))
    (func $g (import "env" "g") (result i32))
    (global $x (import "env" "x") (mut i64))
    (memory (import "env" "m") 1 2)
    (table (import "env" "t") 0 funcref)
    (func (export "h") (call $f (call $g)) (global.set $x (i64.const -1)))
  )");
  EXPECT_TRUE(decodes_and_validates(bytes));
  Result<DecodedModule> module = decode_module(bytes);
  ASSERT_TRUE(module.ok());
  EXPECT_EQ(module->imports.size(), 5u);
  EXPECT_EQ(module->imported_function_count, 2u);
  EXPECT_EQ(module->exports[0].index, 2u);
  EXPECT_NE(error_of("(func) (import \"a\" \"b\" (func))").find("import after function"), std::string::npos);
  // Imports come before every definition, of any kind.
  EXPECT_NE(error_of("(memory 1) (import \"a\" \"b\" (global i32))").find("import after memory"), std::string::npos);
  EXPECT_NE(error_of("(global i32 (i32.const 0)) (func (import \"a\" \"b\"))").find("import after global"),
            std::string::npos);
}

TEST(Wat, GlobalsStartAndExports) {
  const Bytes bytes = parse(R"(
    (global $g (export "g") (mut i32) (i32.const 42))
    (global f64 (f64.const -0x1.8p1))
    (func $main (global.set $g (i32.const 1)))
    (start $main)
    (export "main" (func $main))
  )");
  EXPECT_TRUE(decodes_and_validates(bytes));
  Result<DecodedModule> module = decode_module(bytes);
  ASSERT_TRUE(module.ok());
  EXPECT_EQ(module->start, 0u);
  EXPECT_EQ(module->exports.size(), 2u);
  EXPECT_EQ(module->globals[1].init.instructions[0].bits, 0xC008000000000000u);
  EXPECT_NE(error_of("(func $m) (start $m) (start $m)").find("multiple start sections"), std::string::npos);
}

TEST(Wat, VectorConstantsInEveryShapeShufflesAndLanes) {
  const Bytes bytes = parse(R"(
    (memory 1)
    (func (result v128)
      (drop (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))
      (drop (v128.const i16x8 0 1 2 3 4 5 6 0xffff))
      (drop (v128.const i32x4 0 1 2 -1))
      (drop (v128.const i64x2 0 -1))
      (drop (v128.const f32x4 0 1 -inf nan:0x1))
      (drop (i32x4.extract_lane 3 (v128.const f64x2 1.5 -0x1p-1074)))
      (drop (v128.load8_lane offset=2 1 (i32.const 0) (v128.const i64x2 0 0)))
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0)))
  )");
  EXPECT_TRUE(decodes_and_validates(bytes));
  const Bytes i8 = {0xFD, 0x0C, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF};
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), i8.begin(), i8.end()), bytes.end());
  const Bytes lane_load = {0xFD, 0x54, 0x00, 0x02, 0x01};  // align 1 (log2 0), offset 2, lane 1
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), lane_load.begin(), lane_load.end()), bytes.end());
  EXPECT_NE(error_of("(func (drop (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))").find("i8 lane"),
            std::string::npos);
  EXPECT_NE(error_of("(func (drop (i8x16.extract_lane_s 256 (v128.const i64x2 0 0))))").find("lane index"),
            std::string::npos);
}

// Flat, a lane access's one number is its lane, whatever instruction follows (a number is the
// memory's only before another number or `offset=`/`align=`): what `wasmprof print` writes.
TEST(Wat, AFlatLaneAccessFollowedByAnInstructionReadsItsNumberAsTheLane) {
  const Bytes bytes = parse(R"(
    (memory 1)
    (func (param i32 v128)
      local.get 0
      local.get 1
      v128.store8_lane 3
      local.get 0
      local.get 1
      v128.load16_lane offset=4 2
      drop)
  )");
  EXPECT_TRUE(decodes_and_validates(bytes));
  const Bytes store = {0xFD, 0x58, 0x00, 0x00, 0x03, 0x20};  // align 1, offset 0, lane 3, local.get
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), store.begin(), store.end()), bytes.end());
}

TEST(Wat, ConstantsAreRangeChecked) {
  EXPECT_TRUE(decodes_and_validates(parse("(func (drop (i32.const 0xffff_ffff)) (drop (i32.const -0x8000_0000)))")));
  EXPECT_NE(error_of("(func (drop (i32.const 0x1_0000_0000)))").find("i32 literal"), std::string::npos);
  EXPECT_NE(error_of("(func (drop (f32.const 1e39)))").find("f32 literal"), std::string::npos);
  EXPECT_NE(error_of("(func (drop (i64.const 1.5)))").find("i64 literal"), std::string::npos);
}

TEST(Wat, BinaryAndQuoteModules) {
  EXPECT_EQ(parse("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"), kHeader);
  EXPECT_EQ(parse("(module quote \"(func\" \" (export \\\"f\\\"))\")"), parse("(func (export \"f\"))"));
  const std::string error = error_of("(module quote \"(func\\n  (i32.const x))\")");
  EXPECT_NE(error.find("t.wat:1:9: error:"), std::string::npos) << error;
  EXPECT_NE(error.find("in the quoted module, line 2, column 14"), std::string::npos) << error;
}

TEST(Wat, ErrorsSayWhereAndWhatWasExpected) {
  EXPECT_EQ(error_of("(module\n  (func (result i32)\n    (i32.add (i32.const 1) (i32.const 2) oops)))"),
            "t.wat:3:42: error: expected ')', found 'oops'");
  EXPECT_EQ(error_of("(func (i32.frobnicate))"), "t.wat:1:8: error: unknown operator 'i32.frobnicate'");
  EXPECT_EQ(error_of("(func $f) (func $f)"), "t.wat:1:12: error: duplicate func $f");
  EXPECT_EQ(error_of("(func (call $missing))"), "t.wat:1:13: error: unknown func $missing");
  EXPECT_EQ(error_of("(modul)"), "t.wat:1:2: error: unknown module field 'modul'");
  EXPECT_EQ(error_of("(module) (module)"), "t.wat:1:10: error: expected the end of the text after the module, found '('");
  EXPECT_EQ(error_of("(export \"\\ff\" (func 0))"), "t.wat:1:9: error: malformed UTF-8 encoding in the export's name");
  EXPECT_EQ(error_of("(func (local $x i32) (local $x i32))"), "t.wat:1:29: error: duplicate local $x");
  EXPECT_EQ(error_of("(func\n\t(block"), "t.wat:2:2: error: unclosed '(': expected ')' before the end of the text");
}

TEST(Wat, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "(func ";
  for (int i = 0; i < 5000; ++i) deep += "(block ";
  for (int i = 0; i < 5000; ++i) deep += ")";
  deep += ")";
  Result<Bytes> bytes = wat_to_binary(deep);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().kind, ErrorKind::Limit);
  // Flat blocks nest without recursion: as deep as the validator allows.
  std::string flat = "(func ";
  for (int i = 0; i < 20000; ++i) flat += "block ";
  for (int i = 0; i < 20000; ++i) flat += "end ";
  flat += ")";
  EXPECT_TRUE(decodes_and_validates(parse(flat)));
}

TEST(Wat, TextPositionsCountCharacters) {
  EXPECT_EQ(text_position("ab\ncd", 4).line, 2u);
  EXPECT_EQ(text_position("ab\ncd", 4).column, 2u);
  EXPECT_EQ(text_position(";; \xC3\xA9x", 5).column, 5u);  // é is one column
  EXPECT_TRUE(is_binary_module(kHeader));
  EXPECT_FALSE(is_binary_module(Bytes{'(', 'm'}));
}

}  // namespace
}  // namespace wasmprof
