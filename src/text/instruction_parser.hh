// Instructions of the text format (spec 6.5) to their binary encoding: plain instructions with
// every immediate of opcodes.def's and opcodes3.def's kinds, structured blocks flat
// (`block ... end`) and folded (`(block ...)`, `(if (cond) (then ...) (else ...))`), folded
// operands, labels by name or depth, and the type uses they carry (spec 6.6.3).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "binary/opcode.hh"
#include "text/module_state.hh"

namespace wasmprof::text {

// A type use as written: `(type x)`, then inline params and results.
struct TypeUse {
  std::optional<uint32_t> index;                        // from `(type x)`
  Signature inline_type;                                // from the inline params and results
  bool has_inline = false;                              // any `(param ...)` or `(result ...)`
  std::vector<std::optional<std::string_view>> param_ids;  // each inline param's id, if named
};

// Reads a type use; parameter ids are an error unless `allow_param_ids` (functions only).
TypeUse parse_type_use(Cursor& cursor, ModuleState& state, bool allow_param_ids);

// The type index a use stands for: `(type x)` (its inline part, if any, must match), or the
// first type equal to the inline one, added at the end of the types when there is none.
uint32_t resolve_type_use(Cursor& cursor, ModuleState& state, const TypeUse& use, const Token& where);

// The function being parsed: its locals' ids and the labels of the blocks around the parser.
struct FunctionScope {
  IndexSpace locals;
  std::vector<std::optional<std::string_view>> labels;  // innermost last
  bool constant = false;  // a constant expression: arithmetic in it is 3.0's extended const
};

class InstructionParser {
 public:
  InstructionParser(Cursor& cursor, ModuleState& state, FunctionScope& scope)
      : cursor_(cursor), state_(state), scope_(scope) {}

  // instr* (flat and folded) up to the ')' that ends the enclosing form, which is not taken.
  void parse_sequence(Bytes& out);
  // One folded instruction, `(` to `)`.
  void parse_folded(Bytes& out);

 private:
  struct OpenBlock {
    bool is_if = false;  // `else` may follow
    bool has_else = false;
    size_t else_end = 0;  // where the output ended just after `else`, if there is one
  };

  void parse_plain(Bytes& out);
  void parse_3_0(Bytes& out, Opcode code, const OpcodeInfo& info);  // an instruction of opcodes3.def
  void parse_catches(Bytes& out);
  void parse_ref_test(Bytes& out, uint32_t non_null_code);
  void parse_br_on_cast(Bytes& out);
  uint32_t field_index(uint32_t type);
  void parse_memory_index(Bytes& out, bool optional);
  void parse_immediates(Bytes& out, const Token& token, Opcode code);
  void parse_select(Bytes& out);
  void parse_block_type(Bytes& out);
  void open_flat_block(Bytes& out, std::vector<OpenBlock>& open);
  void parse_folded_block(Bytes& out, uint8_t opcode);
  void parse_folded_if(Bytes& out);
  void check_end_label(const Token& keyword);
  static void drop_empty_else(Bytes& out, size_t else_end);
  void push_label();

  uint32_t label_depth();
  uint32_t local_index();
  void parse_br_table(Bytes& out);
  void parse_call_indirect(Bytes& out);
  void parse_table_init(Bytes& out);
  void parse_table_copy(Bytes& out);
  void parse_optional_table(Bytes& out);
  void parse_memarg(Bytes& out, uint8_t natural_align_log2, bool lane_follows = false);
  void parse_lane(Bytes& out);
  void parse_integer_immediate(Bytes& out, unsigned bits);
  void parse_float_immediate(Bytes& out, unsigned bits);
  void parse_v128(Bytes& out);

  Cursor& cursor_;
  ModuleState& state_;
  FunctionScope& scope_;
};

}  // namespace wasmprof::text
