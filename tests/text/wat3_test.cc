// The text format of WebAssembly 3.0 beyond 2.0, form by form: the bytes each becomes (spec 3.0,
// chapter 5), and the proposal each is counted under (text/module_parser.hh's Feature). The
// decoder of the binary layer reads only 2.0, so these bytes are checked as bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "text/lexer.hh"
#include "text/module_parser.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::text {
namespace {

Bytes parse(std::string_view text, Features* features = nullptr) {
  Result<Bytes> bytes = parse_module(text, ParseOptions{.features = features});
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : format_text_error("test.wat", text, bytes.error()));
  return bytes.ok() ? bytes.value() : Bytes{};
}

// The bytes in hex, for a failure's message.
std::string hex(const Bytes& bytes) {
  std::string out;
  char digits[4];
  for (uint8_t byte : bytes) {
    std::snprintf(digits, sizeof digits, "%02x ", byte);
    out += digits;
  }
  return out;
}

// Whether `part` occurs in `whole`, as a run of bytes.
bool contains(const Bytes& whole, std::initializer_list<uint8_t> part) {
  return std::search(whole.begin(), whole.end(), part.begin(), part.end()) != whole.end();
}

TEST(Wat3, QuotedIdentifiersNameWhatPlainOnesName) {
  const Result<TokenList> tokens = tokenize(R"((func $"a\62") (call $ab) $"\u{41}" (@"name" x"y"1))");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens->spelling(tokens->tokens[2]), "$ab");
  EXPECT_EQ(tokens->spelling(tokens->tokens[8]), "$A");
  EXPECT_EQ(tokens->tokens.size(), 10u);  // the annotation is skipped
  EXPECT_FALSE(tokenize(R"($"")").ok());  // empty
  EXPECT_FALSE(tokenize(R"((@"\ef"))").ok());  // an annotation's name is UTF-8
  const Bytes bytes = parse(R"((module (func $"f g") (func (call $"f\20g"))))");
  EXPECT_TRUE(contains(bytes, {0x10, 0x00, 0x0B})) << hex(bytes);  // call 0
}


TEST(Wat3, TailCalls) {
  Features features;
  const Bytes bytes = parse("(module (type $t (func)) (table 1 funcref) (func $f (return_call $f))"
                            " (func (return_call_indirect (type $t) (i32.const 0))))",
                            &features);
  EXPECT_TRUE(contains(bytes, {0x12, 0x00, 0x0B})) << hex(bytes);              // return_call 0
  EXPECT_TRUE(contains(bytes, {0x41, 0x00, 0x13, 0x00, 0x00})) << hex(bytes);  // return_call_indirect type 0 table 0
  EXPECT_TRUE(features.has(Feature::TailCall));
  EXPECT_FALSE(features.has(Feature::Gc));
}

TEST(Wat3, ExceptionsTagsTryTableAndExnref) {
  Features features;
  const Bytes bytes = parse("(module (tag $i (import \"m\" \"t\")) (tag $e (export \"e\") (param i32))"
                            " (func (result exnref) (block $h (result exnref)"
                            "  (try_table (catch $e $h) (catch_all_ref $h) (throw $e (i32.const 1))) unreachable)))",
                            &features);
  EXPECT_TRUE(features.has(Feature::Exceptions));
  EXPECT_TRUE(contains(bytes, {0x01, 't', 0x04, 0x00, 0x00})) << hex(bytes);  // import of a tag of type 0
  EXPECT_TRUE(contains(bytes, {0x0D, 0x03, 0x01, 0x00, 0x01})) << hex(bytes);  // tag section: 1 tag, type 1
  EXPECT_TRUE(contains(bytes, {0x01, 'e', 0x04, 0x01})) << hex(bytes);         // export "e" tag 1
  // try_table, empty block type, 2 catches (catch tag 1 -> label 0; catch_all_ref -> 0), throw 1.
  EXPECT_TRUE(contains(bytes, {0x1F, 0x40, 0x02, 0x00, 0x01, 0x00, 0x03, 0x00, 0x41, 0x01, 0x08, 0x01, 0x0B})) << hex(bytes);
  EXPECT_TRUE(contains(bytes, {0x02, 0x69})) << hex(bytes);  // block (result exnref)
}

TEST(Wat3, MultipleMemoriesAndMemory64) {
  Features features;
  const Bytes bytes = parse("(module (memory $a 1) (memory $b i64 1 2)"
                            " (func (drop (i32.load $b offset=8 (i64.const 0))) (drop (memory.size $b))"
                            "  (memory.copy $a $b (i32.const 0) (i64.const 0) (i32.const 0))))",
                            &features);
  EXPECT_TRUE(features.has(Feature::MultiMemory));
  EXPECT_TRUE(features.has(Feature::Memory64));
  EXPECT_TRUE(contains(bytes, {0x05, 0x06, 0x02, 0x00, 0x01, 0x05, 0x01, 0x02})) << hex(bytes);  // limits, the second i64
  EXPECT_TRUE(contains(bytes, {0x28, 0x42, 0x01, 0x08})) << hex(bytes);  // align 2 with bit 6, memory 1, offset 8
  EXPECT_TRUE(contains(bytes, {0x3F, 0x01})) << hex(bytes);              // memory.size 1
  EXPECT_TRUE(contains(bytes, {0xFC, 0x0A, 0x00, 0x01})) << hex(bytes);  // memory.copy 0 1
}

TEST(Wat3, ConstantExpressionsReadingDefinedGlobalsAre3_0) {
  Features features;
  parse("(module (global (import \"m\" \"g\") i32) (global i32 (global.get 0)))", &features);
  EXPECT_FALSE(features.any());
  parse("(module (global i32 (i32.const 1)) (global i32 (global.get 0)))", &features);
  EXPECT_TRUE(features.has(Feature::Gc));
}

TEST(Wat3, ExtendedConstAndRelaxedSimd) {
  Features features;
  const Bytes bytes = parse("(module (global i32 (i32.add (i32.const 1) (i32.const 2)))"
                            " (func (param v128) (result v128) (i32x4.relaxed_dot_i8x16_i7x16_add_s"
                            "  (local.get 0) (local.get 0) (local.get 0))))",
                            &features);
  EXPECT_TRUE(features.has(Feature::ExtendedConst));
  EXPECT_TRUE(features.has(Feature::RelaxedSimd));
  EXPECT_TRUE(contains(bytes, {0xFD, 0x93, 0x02})) << hex(bytes);  // 0x113 as a LEB128
  Features plain;
  parse("(module (func (drop (i32.add (i32.const 1) (i32.const 2)))))", &plain);
  EXPECT_FALSE(plain.any());  // arithmetic outside a constant expression is 2.0's
}

TEST(Wat3, TypedFunctionReferences) {
  Features features;
  const Bytes bytes = parse("(module (type $t (func (param i32))) (func $f (type $t))"
                            " (elem declare func $f)"
                            " (table 1 (ref $t) (ref.func $f))"
                            " (func (param (ref null $t)) (call_ref $t (i32.const 1) (ref.as_non_null (local.get 0)))"
                            "  (block $l (br_on_null $l (local.get 0)) drop) (drop (ref.null $t))))",
                            &features);
  EXPECT_TRUE(features.has(Feature::FunctionReferences));
  EXPECT_FALSE(features.has(Feature::Gc));
  EXPECT_TRUE(contains(bytes, {0x40, 0x00, 0x64, 0x00, 0x00, 0x01, 0xD2, 0x00, 0x0B})) << hex(bytes);  // table with init
  EXPECT_TRUE(contains(bytes, {0x60, 0x01, 0x63, 0x00, 0x00})) << hex(bytes);  // (func (param (ref null 0)))
  EXPECT_TRUE(contains(bytes, {0x20, 0x00, 0xD4, 0x14, 0x00})) << hex(bytes);  // ref.as_non_null, call_ref 0
  EXPECT_TRUE(contains(bytes, {0x20, 0x00, 0xD5, 0x00})) << hex(bytes);        // br_on_null 0
  EXPECT_TRUE(contains(bytes, {0xD0, 0x00, 0x1A})) << hex(bytes);              // ref.null 0
  Features nullable;
  parse("(module (type $t (func)) (global (import \"m\" \"g\") (ref null $t)))", &nullable);
  EXPECT_TRUE(nullable.has(Feature::FunctionReferences));  // type 0 is one byte, as func's heap type is
  // (ref null func) is 2.0's funcref.
  Features plain;
  const Bytes funcref = parse("(module (global (ref null func) (ref.null func)))", &plain);
  EXPECT_TRUE(contains(funcref, {0x70, 0x00, 0xD0, 0x70, 0x0B})) << hex(funcref);
  EXPECT_FALSE(plain.any());
}

TEST(Wat3, GcTypesInRecursionGroupsWithSubtypes) {
  Features features;
  const Bytes bytes = parse("(module (rec (type $a (sub (struct (field $x i32) (field (mut i8) i16))))"
                            " (type $b (sub final $a (struct (field i32) (field (ref null $b)))))) "
                            " (type $v (array (mut i64))) (type $f (func)))",
                            &features);
  EXPECT_TRUE(features.has(Feature::Gc));
  const Bytes types = {0x01, 0x1D, 0x03,                                             // 3 groups
                       0x4E, 0x02,                                                   // rec of 2
                       0x50, 0x00, 0x5F, 0x03, 0x7F, 0x00, 0x78, 0x01, 0x77, 0x00,   // sub $a
                       0x4F, 0x01, 0x00, 0x5F, 0x02, 0x7F, 0x00, 0x63, 0x01, 0x00,   // sub final $b
                       0x5E, 0x7E, 0x01,                                             // array
                       0x60, 0x00, 0x00};                                            // func
  EXPECT_TRUE(std::equal(types.begin(), types.end(), bytes.begin() + 8)) << hex(bytes);
}

TEST(Wat3, GcInstructions) {
  Features features;
  const Bytes bytes = parse("(module (type $s (struct (field $x (mut i32)) (field $y i64))) (type $a (array i8))"
                            " (func (param (ref $s) anyref) (result i32)"
                            "  (struct.set $s $x (local.get 0) (struct.get $s $x (local.get 0)))"
                            "  (drop (array.new_fixed $a 2 (i32.const 1) (i32.const 2)))"
                            "  (drop (ref.test (ref null $s) (local.get 1))) (drop (ref.cast i31ref (local.get 1)))"
                            "  (block $l (result anyref) (br_on_cast $l anyref (ref $s) (local.get 1)))"
                            "  drop (i31.get_s (ref.i31 (i32.const 7)))))",
                            &features);
  EXPECT_TRUE(features.has(Feature::Gc));
  EXPECT_TRUE(contains(bytes, {0xFB, 0x02, 0x00, 0x00, 0xFB, 0x05, 0x00, 0x00})) << hex(bytes);  // struct.get/set $s $x
  EXPECT_TRUE(contains(bytes, {0xFB, 0x08, 0x01, 0x02})) << hex(bytes);                          // array.new_fixed $a 2
  EXPECT_TRUE(contains(bytes, {0xFB, 0x15, 0x00})) << hex(bytes);                                // ref.test null $s
  EXPECT_TRUE(contains(bytes, {0xFB, 0x17, 0x6C})) << hex(bytes);                                // ref.cast null i31
  EXPECT_TRUE(contains(bytes, {0xFB, 0x18, 0x01, 0x00, 0x6E, 0x00})) << hex(bytes);              // br_on_cast: flags 1
  EXPECT_TRUE(contains(bytes, {0xFB, 0x1C, 0xFB, 0x1D})) << hex(bytes);                          // ref.i31, i31.get_s
  EXPECT_FALSE(parse_module("(module (type $s (struct)) (func (struct.get $s $nope)))").ok());
}

}  // namespace
}  // namespace wasmprof::text
