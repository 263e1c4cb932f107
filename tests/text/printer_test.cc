// The printer (text/printer.hh, wasmprof/wat.hh's binary_to_wat and print_function_instructions):
// what each field and instruction is printed as, names from the name section, folding, literals
// that read back to their bits, errors for what cannot be printed, and the offsets of a
// function's instructions (printer_offsets_test.cc: that they are the interpreter's).
#include "text/printer.hh"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "binary/decoder.hh"
#include "support/wasm_builder.hh"
#include "text/literals.hh"
#include "wasmprof/wat.hh"

namespace wasmprof {
namespace {

using test::Bytes;

Bytes parse(std::string_view text, bool name_section = false) {
  Result<Bytes> bytes = wat_to_binary(text, WatOptions{.name_section = name_section});
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : format_text_error("test.wat", text, bytes.error())) << "\n" << text;
  return bytes.ok() ? bytes.value() : Bytes{};
}

std::string print(const Bytes& bytes, bool folded = false) {
  Result<std::string> text = binary_to_wat(bytes, PrintOptions{.folded = folded});
  EXPECT_TRUE(text.ok()) << text.error().to_string();
  return text.ok() ? text.value() : "";
}

// The module printed (flat, then folded) must parse back to the same bytes; returns the flat text.
std::string round_trip(const Bytes& bytes) {
  const std::string flat = print(bytes);
  EXPECT_EQ(parse(flat), bytes) << flat;
  const std::string folded = print(bytes, true);
  EXPECT_EQ(parse(folded), bytes) << folded;
  return flat;
}

bool has_line(const std::string& text, std::string_view line) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view candidate(text.data() + at, end - at);
    candidate.remove_prefix(std::min(candidate.find_first_not_of(' '), candidate.size()));
    if (candidate == line) return true;
    at = end + 1;
  }
  return false;
}

#define EXPECT_LINE(text, line) EXPECT_TRUE(has_line(text, line)) << "no line '" << (line) << "' in\n" << (text)

TEST(Printer, FloatsAreTheShortestDecimalOrTheirName) {
  EXPECT_EQ(text::f32_text(0x00000000), "0");
  EXPECT_EQ(text::f32_text(0x80000000), "-0");
  EXPECT_EQ(text::f32_text(0x3FC00000), "1.5");
  EXPECT_EQ(text::f32_text(0x3DCCCCCD), "0.1");
  EXPECT_EQ(text::f32_text(0x00000001), "1e-45");
  EXPECT_EQ(text::f32_text(0x7F800000), "inf");
  EXPECT_EQ(text::f32_text(0xFF800000), "-inf");
  EXPECT_EQ(text::f32_text(0x7FC00000), "nan");
  EXPECT_EQ(text::f32_text(0xFFC00000), "-nan");
  EXPECT_EQ(text::f32_text(0x7F800001), "nan:0x1");
  EXPECT_EQ(text::f32_text(0x7FA00000), "nan:0x200000");
  EXPECT_EQ(text::f64_text(0x3FB999999999999A), "0.1");
  EXPECT_EQ(text::f64_text(0x7FF8000000000000), "nan");
  EXPECT_EQ(text::f64_text(0xFFF0000000000001), "-nan:0x1");
  EXPECT_EQ(text::f64_text(0x7FEFFFFFFFFFFFFF), "1.7976931348623157e+308");
}

// Every kind of float (both signs, zero, subnormal, normal, the largest, infinities, NaNs with any
// payload) and 50,000 random patterns read back to their bits.
TEST(Printer, FloatsReadBackToTheirBits) {
  std::mt19937_64 random(18);
  std::vector<uint64_t> patterns = {0, 1, 0x7FFFFF, 0x800000, 0x7F7FFFFF, 0x7F800000, 0x7FC00000, 0x7F800001,
                                    0x7FFFFFFF, 0x3F800000, 0x00400000};
  for (int i = 0; i < 50000; ++i) patterns.push_back(random());
  for (const uint64_t pattern : patterns) {
    for (const uint64_t sign : {uint64_t(0), uint64_t(1) << 31}) {
      const uint32_t bits = uint32_t(pattern) | uint32_t(sign);
      ASSERT_EQ(text::parse_f32(text::f32_text(bits)), bits) << text::f32_text(bits);
    }
    for (const uint64_t sign : {uint64_t(0), uint64_t(1) << 63}) {
      const uint64_t bits = (pattern & ~(uint64_t(1) << 63)) | sign;
      ASSERT_EQ(text::parse_f64(text::f64_text(bits)), bits) << text::f64_text(bits);
      const uint64_t widened = (pattern >> 32 << 29) | sign;  // small exponents: subnormals and zeros
      ASSERT_EQ(text::parse_f64(text::f64_text(widened)), widened) << text::f64_text(widened);
    }
  }
}

TEST(Printer, IdentifiersKeepTheirCharactersOrUnderscores) {
  EXPECT_EQ(text::identifier_of("fib"), "$fib");
  EXPECT_EQ(text::identifier_of("_ZN4core3fmt5write17h$LT$T$GT$E"), "$_ZN4core3fmt5write17h$LT$T$GT$E");
  EXPECT_EQ(text::identifier_of("a b(c);\"d\""), "$a_b_c___d_");
  EXPECT_EQ(text::identifier_of("\xC3\xA9t\xC3\xA9"), "$__t__");
  EXPECT_EQ(text::identifier_of(""), "");
}

TEST(Printer, EveryFieldInTheBinarysOrder) {
  const Bytes bytes = parse(R"((module
    (type $t (func (param i32) (result i32)))
    (import "env" "f" (func (type $t)))
    (import "env" "table" (table 1 funcref))
    (import "env" "memory" (memory 1 2))
    (import "env" "g" (global (mut i64)))
    (func (type $t) local.get 0)
    (table 2 10 externref)
    (memory 3)
    (global f32 (f32.const 1.5))
    (global (mut i32) (global.get 0) )
    (export "run" (func 1))
    (export "g" (global 0))
    (start 1)
    (data (i32.const 8) "hi\00\"\\\7f\80")
    (data "passive"))
  )");
  const std::string text = round_trip(bytes);
  EXPECT_EQ(text,
            "(module\n"
            "  (type (;0;) (func (param i32) (result i32)))\n"
            "  (import \"env\" \"f\" (func (;0;) (type 0) (param i32) (result i32)))\n"
            "  (import \"env\" \"table\" (table (;0;) 1 funcref))\n"
            "  (import \"env\" \"memory\" (memory (;0;) 1 2))\n"
            "  (import \"env\" \"g\" (global (;0;) (mut i64)))\n"
            "  (func (;1;) (type 0) (param i32) (result i32)\n"
            "    local.get 0\n"
            "  )\n"
            "  (table (;1;) 2 10 externref)\n"
            "  (memory (;1;) 3)\n"
            "  (global (;1;) f32 (f32.const 1.5))\n"
            "  (global (;2;) (mut i32) (global.get 0))\n"
            "  (export \"run\" (func 1))\n"
            "  (export \"g\" (global 0))\n"
            "  (start 1)\n"
            "  (data (;0;) (i32.const 8) \"hi\\00\\22\\5c\\7f\\80\")\n"
            "  (data (;1;) \"passive\")\n"
            ")\n");
}

TEST(Printer, ElementSegmentsInEveryForm) {
  const Bytes bytes = parse(R"((module
    (table $a 4 funcref) (table $b 4 externref) (table $c 4 funcref)
    (func $f) (func $g)
    (elem (i32.const 0) $f $g)
    (elem (table $c) (i32.const 1) func $g)
    (elem (table $b) (i32.const 2) externref (ref.null extern))
    (elem func $f)
    (elem funcref (ref.func $f) (ref.null func) (item global.get 0))
    (elem declare func $g)
    (elem (i32.const 3) funcref (ref.null func))
    (global funcref (ref.null func)))
  )");
  const std::string text = round_trip(bytes);
  EXPECT_LINE(text, "(elem (;0;) (i32.const 0) func 0 1)");
  EXPECT_LINE(text, "(elem (;1;) (table 2) (i32.const 1) func 1)");
  EXPECT_LINE(text, "(elem (;2;) (table 1) (i32.const 2) externref (ref.null extern))");
  EXPECT_LINE(text, "(elem (;3;) func 0)");
  EXPECT_LINE(text, "(elem (;4;) funcref (ref.func 0) (ref.null func) (global.get 0))");
  EXPECT_LINE(text, "(elem (;5;) declare func 1)");
  EXPECT_LINE(text, "(elem (;6;) (i32.const 3) funcref (ref.null func))");
}

TEST(Printer, InstructionsWithTheirImmediates) {
  const Bytes bytes = parse(R"((module
    (type $v (func))
    (memory 1) (table 2 funcref) (table $t2 1 funcref)
    (elem $e func) (data $d "")
    (func (param i32 i64) (local v128 f32)
      i32.const -1 drop
      i64.const -9223372036854775808 drop
      f32.const nan:0x200000 drop
      f64.const -inf drop
      local.get 0 i32.load offset=4 align=1 drop
      local.get 0 i64.load drop
      local.get 0 i64.load32_u offset=8 align=4 drop
      v128.const i32x4 1 2 3 0xffffffff local.set 2
      local.get 2 local.get 2 i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 drop
      local.get 0 local.get 2 v128.load8_lane offset=1 15 drop
      local.get 2 i32x4.extract_lane 3 drop
      i32.const 0 call_indirect $t2 (type $v)
      i32.const 0 call_indirect (type $v)
      i32.const 0 i32.const 0 i32.const 0 table.init $t2 $e
      i32.const 0 i32.const 0 i32.const 0 table.init $e
      i32.const 0 i32.const 0 i32.const 0 table.copy $t2 0
      i32.const 0 i32.const 0 i32.const 0 table.copy
      i32.const 0 i32.const 0 i32.const 0 memory.init $d
      data.drop $d elem.drop $e
      ref.null extern drop ref.func 0 drop
      i32.const 1 i32.const 2 i32.const 0 select (result i32) drop
      block (result i32) block i32.const 0 local.get 0 br_table 0 1 2 end i32.const 1 end drop))
  )");
  const std::string text = round_trip(bytes);
  for (std::string_view line :
       {"i32.const -1", "i64.const -9223372036854775808", "f32.const nan:0x200000", "f64.const -inf",
        "i32.load offset=4 align=1", "i64.load", "i64.load32_u offset=8",
        "v128.const i32x4 0x00000001 0x00000002 0x00000003 0xffffffff",
        "i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31", "v128.load8_lane offset=1 15",
        "i32x4.extract_lane 3", "call_indirect 1 (type 0)", "call_indirect (type 0)", "table.init 1 0",
        "table.init 0", "table.copy 1 0", "table.copy", "memory.init 0", "data.drop 0", "elem.drop 0",
        "ref.null extern", "ref.func 0", "select (result i32)", "block (result i32)  ;; label = @1",
        "block  ;; label = @2", "br_table 0 (;@2;) 1 (;@1;) 2 (;@0;)", "(local v128 f32)"})
    EXPECT_LINE(text, line);
}

// A name section for `bytes` (appended): functions' names, and one function's locals'.
Bytes with_names(const Bytes& bytes, const std::vector<std::pair<uint32_t, std::string>>& functions,
                 uint32_t function, const std::vector<std::pair<uint32_t, std::string>>& locals,
                 const std::vector<std::pair<uint32_t, std::string>>& globals = {}) {
  const auto name_map = [](const std::vector<std::pair<uint32_t, std::string>>& names) {
    Bytes entries;
    for (const auto& [index, name] : names)
      entries = test::concat({entries, test::leb_u32(index), test::name_bytes(name)});
    return test::vec(uint32_t(names.size()), entries);
  };
  const Bytes local_names = test::vec(1, test::concat({test::leb_u32(function), name_map(locals)}));
  Bytes payload = test::concat({test::section(0, test::name_bytes("mod")), test::section(1, name_map(functions)),
                                test::section(2, local_names)});
  if (!globals.empty()) payload = test::concat({payload, test::section(7, name_map(globals))});
  return test::concat({bytes, test::custom_section("name", payload)});
}

TEST(Printer, NamesFromTheNameSectionAsIdentifiers) {
  const Bytes code = parse(R"((module
    (global (mut i32) (i32.const 0))
    (func (param i32 i32) (local i32 i32 i64)
      local.get 0 local.get 3 i32.add global.set 0 call 1 call 2 call 3)
    (func) (func) (func))
  )");
  const Bytes named = with_names(code, {{0, "sum"}, {1, "sum"}, {2, "a b"}, {3, "sum.1"}}, 0,
                                 {{0, "x"}, {3, "acc"}, {4, "x"}}, {{0, "__stack_pointer"}});
  const std::string text = print(named);
  EXPECT_LINE(text, "(module $mod");
  // A duplicate gets a suffix no other function has; what cannot be in an identifier becomes '_'.
  EXPECT_LINE(text, "(func $sum (;0;) (type 0) (param $x i32) (param i32)");
  EXPECT_LINE(text, "(local i32) (local $acc i32) (local $x.1 i64)");
  EXPECT_LINE(text, "local.get $x");
  EXPECT_LINE(text, "local.get $acc");
  EXPECT_LINE(text, "global.set $__stack_pointer");
  EXPECT_LINE(text, "call $sum.2");
  EXPECT_LINE(text, "call $a_b");
  EXPECT_LINE(text, "call $sum.1");
  EXPECT_LINE(text, "(global $__stack_pointer (;0;) (mut i32) (i32.const 0))");
  EXPECT_LINE(text, ";; custom section \"name\", " + std::to_string(named.size() - code.size() - 7) + " bytes");
  // Parsed back, the identifiers are the name section again (functions and the module).
  Result<DecodedModule> decoded = decode_module(parse(text, true));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->names.module_name, "mod");
  EXPECT_EQ(decoded->names.functions,
            (std::map<uint32_t, std::string>{{0, "sum"}, {1, "sum.2"}, {2, "a_b"}, {3, "sum.1"}}));
}

TEST(Printer, FoldedExpressionsTakeTheirOperands) {
  const Bytes bytes = parse(R"((module
    (func $f (param i32) (result i32)
      local.get 0 i32.const 1 i32.add
      local.get 0
      if (result i32) i32.const 2 else i32.const 3 end
      i32.mul
      call $f
      block (param i32) (result i32) end
      i32.eqz
      if nop end
      i32.const 5))
  )");
  const std::string text = print(bytes, true);
  EXPECT_EQ(parse(text), bytes) << text;
  EXPECT_NE(text.find("    (i32.add (local.get 0) (i32.const 1))\n"
                      "    (if (result i32)  ;; label = @1\n"
                      "      (local.get 0)\n"
                      "      (then\n"
                      "        (i32.const 2))\n"
                      "      (else\n"
                      "        (i32.const 3)))\n"
                      "    (call 0 (i32.mul))\n"
                      "    (block (type 0) (param i32) (result i32)  ;; label = @1\n"
                      "    )\n"
                      "    (if  ;; label = @1\n"
                      "      (i32.eqz)\n"
                      "      (then\n"
                      "        (nop)))\n"
                      "    (i32.const 5)\n"),
            std::string::npos)
      << text;
}

// However deep the code nests, folded text stays within the parser's 1000 parentheses (deeper
// blocks are printed flat, longer chains of operands split) and flat text is indented at most 48
// levels: both parse back.
TEST(Printer, DeepCodeParsesBack) {
  std::string deep_blocks = "(module (func (result i32)";
  for (int i = 0; i < 900; ++i) deep_blocks += " block (result i32)";
  deep_blocks += " i32.const 0";
  for (int i = 0; i < 900; ++i) deep_blocks += " end";
  deep_blocks += "))";
  std::string long_chain = "(module (func (result i32) i32.const 0";
  for (int i = 0; i < 5000; ++i) long_chain += " i32.eqz";
  long_chain += "))";
  for (const std::string& source : {deep_blocks, long_chain}) {
    const Bytes bytes = parse(source);
    const std::string text = round_trip(bytes);
    size_t widest = 0;
    for (size_t at = 0; at < text.size();) {
      const size_t end = text.find('\n', at);
      widest = std::max(widest, text.find_first_not_of(' ', at) - at);
      at = end + 1;
    }
    EXPECT_LE(widest, 96u);
  }
}

TEST(Printer, FunctionInstructionsOnePerLineWithTheirOffsets) {
  const Bytes bytes = parse(R"((module
    (import "env" "f" (func))
    (func (param i32) (result i32) (local i64)
      block (result i32)
        local.get 0
        br_if 0
        i32.const 1
      end))
  )");
  Result<std::vector<PrintedInstruction>> lines = print_function_instructions(bytes, 1);
  ASSERT_TRUE(lines.ok()) << lines.error().to_string();
  std::vector<std::string> texts;
  std::vector<uint32_t> depths;
  for (const PrintedInstruction& line : *lines) {
    texts.push_back(line.text);
    depths.push_back(line.depth);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"block (result i32)  ;; label = @1", "local.get 0", "br_if 0 (;@1;)",
                                             "i32.const 1", "end", "end"}));
  EXPECT_EQ(depths, (std::vector<uint32_t>{0, 1, 1, 1, 0, 0}));
  // Each offset is its opcode's byte: the code section's last body ends `0b 0b` (two ends).
  EXPECT_EQ(bytes[(*lines)[0].module_offset], 0x02);
  EXPECT_EQ(bytes[(*lines)[1].module_offset], 0x20);
  EXPECT_EQ(bytes[(*lines)[2].module_offset], 0x0D);
  EXPECT_EQ(bytes[(*lines)[3].module_offset], 0x41);
  EXPECT_EQ((*lines)[4].module_offset, bytes.size() - 2);
  EXPECT_EQ((*lines)[5].module_offset, bytes.size() - 1);

  Result<std::vector<PrintedInstruction>> imported = print_function_instructions(bytes, 0);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.error().message, "function 0 is imported: it has no body");
  Result<std::vector<PrintedInstruction>> unknown = print_function_instructions(bytes, 2);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "function 2 does not exist");
}

TEST(Printer, AMalformedBodyIsAnErrorAtItsOffset) {
  using namespace test;
  const Bytes bytes = concat({kHeader, section(1, vec(1, {0x60, 0x00, 0x00})), section(3, vec(1, {0x00})),
                              section(10, vec(1, {0x04, 0x00, 0x01, 0xFF, 0x0B}))});
  ASSERT_TRUE(decode_module(bytes).ok());  // the decoder leaves bodies to the validator
  for (const bool folded : {false, true}) {
    Result<std::string> text = binary_to_wat(bytes, PrintOptions{.folded = folded});
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(text.error().offset, bytes.size() - 2);
  }
  Result<std::string> not_wasm = binary_to_wat(Bytes{0x00, 0x61, 0x73});
  ASSERT_FALSE(not_wasm.ok());
  EXPECT_EQ(not_wasm.error().kind, ErrorKind::Malformed);
}

// A function declaring four billion locals takes a few bytes; its text would take gigabytes.
TEST(Printer, TooManyLocalsIsALimitNotGigabytesOfText) {
  using namespace test;
  const Bytes locals = concat({vec(1, concat({leb_u32(0xFFFFFFFF), {0x7F}})), {0x0B}});
  const Bytes bytes = concat({kHeader, section(1, vec(1, {0x60, 0x00, 0x00})), section(3, vec(1, {0x00})),
                              section(10, vec(1, concat({leb_u32(locals.size()), locals})))});
  ASSERT_TRUE(decode_module(bytes).ok());
  Result<std::string> text = binary_to_wat(bytes);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().kind, ErrorKind::Limit);
  // The instructions alone can be printed.
  Result<std::vector<PrintedInstruction>> lines = print_function_instructions(bytes, 0);
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(lines->size(), 1u);
}

// Invalid modules are printed as they are, indices out of range included.
TEST(Printer, InvalidModulesArePrintedAsTheyAre) {
  using namespace test;
  // call 9, local.get 7, br 5 and a block of type 3, in a module of one type and one function.
  const Bytes body = {0x00, 0x10, 0x09, 0x20, 0x07, 0x0C, 0x05, 0x02, 0x03, 0x0B, 0x0B};
  const Bytes bytes = concat({kHeader, section(1, vec(1, {0x60, 0x00, 0x00})), section(3, vec(1, {0x00})),
                              section(10, vec(1, concat({leb_u32(body.size()), body})))});
  for (const bool folded : {false, true}) {
    const std::string text = print(bytes, folded);
    EXPECT_NE(text.find("call 9"), std::string::npos) << text;
    EXPECT_NE(text.find("local.get 7"), std::string::npos) << text;
    EXPECT_NE(text.find("br 5"), std::string::npos) << text;
    EXPECT_NE(text.find("block (type 3)"), std::string::npos) << text;
    EXPECT_EQ(parse(text), bytes) << text;
  }
}

}  // namespace

// WebAssembly 3.0's syntax (the decoder reads it with DecodeOptions::wasm3): recursive GC types
// with names of types and fields, reference types with heap types, tags and try_table, 64-bit and
// multiple memories, a table with an initializer, the proposals' instructions.
TEST(Printer, WebAssembly3ModulesParseBack) {
  const Bytes bytes = parse(R"((module
    (rec (type $node (sub (struct (field $next (mut (ref null $node))) (field i8))))
         (type $leaf (sub final $node (struct (field (mut (ref null $node))) (field i8) (field f64)))))
    (type $bytes (array (mut i8)))
    (type $f (func (param (ref $node)) (result anyref)))
    (import "m" "t" (tag $imported))
    (tag $oops (param i32))
    (memory $low 1)
    (memory $high i64 2 4)
    (table 2 (ref null func) (ref.func $g))
    (global $g0 (mut nullref) (ref.null none))
    (func $g (type $f) (param $n (ref $node)) (result anyref)
      (local $l exnref)
      (block $done (result anyref)
        (try_table (catch $oops $done) (catch_all_ref 1)
          (drop (struct.get_s $node 1 (local.get $n)))
          (br_on_cast $done anyref (ref $leaf) (local.get $n))
          (i64.store $high offset=4294967296 (i64.const 0) (i64.const 1))
          (drop (memory.size $high))
          (throw $oops (i32.const 1))))
      (return_call_ref $f (local.get $n) (ref.as_non_null (ref.func $g)))))
  )");
  Result<DecodedModule> as_2_0 = decode_module(bytes);
  ASSERT_FALSE(as_2_0.ok());  // what runs modules reads 2.0, which this is not
  Result<DecodedModule> module = decode_module(bytes, DecodeOptions{.wasm3 = true});
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  EXPECT_TRUE(module->proposals.has(Feature::Gc));
  EXPECT_TRUE(module->proposals.has(Feature::Memory64));
  EXPECT_TRUE(module->proposals.has(Feature::Exceptions));
  const std::string text = round_trip(bytes);
  for (const std::string_view line :
       {"(type (;0;) (sub (struct (field (mut (ref null 0))) (field i8))))",
        "(type (;1;) (sub final 0 (struct (field (mut (ref null 0))) (field i8) (field f64))))",
        "(type (;2;) (array (mut i8)))", "(type (;3;) (func (param (ref 0)) (result anyref)))",
        "(import \"m\" \"t\" (tag (;0;) (type 4)))", "(tag (;1;) (type 5) (param i32))",
        "(memory (;1;) i64 2 4)", "(table (;0;) 2 funcref (ref.func 0))",
        "(global (;0;) (mut nullref) (ref.null none))", "(local exnref)",
        "try_table (catch 1 0 (;@1;)) (catch_all_ref 1 (;@0;))  ;; label = @2", "struct.get_s 0 1",
        "br_on_cast 1 (;@1;) (ref null any) (ref 1)", "i64.store 1 offset=4294967296", "memory.size 1", "throw 1",
        "return_call_ref 3"})
    EXPECT_LINE(text, line);
}

// The name section's type, field, tag and label names (wasm-tools writes them) become identifiers;
// labels name their blocks, branches keep their depths.
TEST(Printer, TypeFieldTagAndLabelNames) {
  using namespace test;
  const Bytes code = parse(R"((module
    (type (struct (field i32)))
    (tag (param i32))
    (func (param (ref null 0)) (result i32)
      block (result i32) local.get 0 struct.get 0 0 br 0 end))
  )");
  const auto name_map = [](uint32_t index, std::string_view name) {
    return vec(1, concat({leb_u32(index), name_bytes(name)}));
  };
  const auto indirect = [&](uint32_t outer, uint32_t index, std::string_view name) {
    return vec(1, concat({leb_u32(outer), name_map(index, name)}));
  };
  const Bytes payload = concat({section(3, indirect(0, 0, "exit")), section(4, name_map(0, "point")),
                                section(10, indirect(0, 0, "x")), section(11, name_map(0, "boom"))});
  const Bytes named = concat({code, custom_section("name", payload)});
  for (const bool folded : {false, true}) {
    const std::string text = print(named, folded);
    EXPECT_LINE(text, "(type $point (;0;) (struct (field $x i32)))");
    EXPECT_LINE(text, "(tag $boom (;0;) (type 1) (param i32))");
    EXPECT_NE(text.find("block $exit (result i32)  ;; label = @1"), std::string::npos) << text;
    EXPECT_NE(text.find("struct.get $point $x"), std::string::npos) << text;
    EXPECT_NE(text.find("br 0 (;@1;)"), std::string::npos) << text;
    EXPECT_EQ(parse(text), code) << text;
  }
}

// A tag import is no function import: calls are folded by the called function's own type.
TEST(Printer, ImportedTagsDoNotShiftFunctions) {
  const Bytes bytes = parse(R"((module
    (import "m" "e" (tag))
    (import "m" "f" (func $f (param i32) (result i32)))
    (func (result i32) (call $f (i32.const 1))))
  )");
  const std::string folded = print(bytes, true);
  EXPECT_NE(folded.find("(call 0 (i32.const 1))"), std::string::npos) << folded;
  EXPECT_EQ(parse(folded), bytes) << folded;
}

}  // namespace wasmprof
