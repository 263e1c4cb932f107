#include "text/instruction_parser.hh"

#include <bit>
#include <string>
#include <unordered_map>

#include "binary/opcode.hh"
#include "text/literals.hh"

namespace wasmprof::text {
namespace {

// opcodes.def's and opcodes3.def's text names, the one list of mnemonics. Where two opcodes share
// a name (`select` and its typed form, ref.test and ref.cast's nullable forms) the first is kept;
// the immediates tell them apart (parse_select, Immediate CastType).
const std::unordered_map<std::string_view, Opcode>& mnemonics() {
  static const std::unordered_map<std::string_view, Opcode> table = [] {
    std::unordered_map<std::string_view, Opcode> names;
#define WASM_OP(code, ident, text, immediate, signature, align, lanes) names.emplace(text, Opcode::ident);
#include "binary/opcodes.def"
#undef WASM_OP
#define WASM_OP3(prefix, code, ident, text, immediate, feature) names.emplace(text, Opcode::ident);
#include "binary/opcodes3.def"
#undef WASM_OP3
    return names;
  }();
  return table;
}

constexpr uint8_t kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05, kEnd = 0x0B, kTryTable = 0x1F;

void write_opcode(Bytes& out, Opcode opcode) {
  if (const uint8_t prefix = opcode_prefix(opcode)) {
    write_byte(out, prefix);
    write_unsigned(out, opcode_code(opcode));  // after a prefix, a u32
  } else {
    write_byte(out, uint8_t(opcode_code(opcode)));
  }
}

bool is_number_token(const Token& token) {
  return token.kind == TokenKind::Atom || token.kind == TokenKind::Keyword;
}

void parse_value_types_into(Cursor& cursor, ModuleState& state, std::vector<ValType>& types) {
  while (!cursor.at_right_paren()) types.push_back(expect_value_type(cursor, state));
}

// i32/i64 add, sub and mul: what extended constant expressions allow beyond 2.0's.
bool is_extended_const(Opcode opcode) {
  const uint32_t code = uint32_t(opcode);
  return (code >= 0x6A && code <= 0x6C) || (code >= 0x7C && code <= 0x7E);
}

}  // namespace

TypeUse parse_type_use(Cursor& cursor, ModuleState& state, bool allow_param_ids) {
  TypeUse use;
  if (cursor.take_form("type")) {
    use.index = resolve_index(cursor, state, Space::Type);
    cursor.expect_right_paren();
  }
  while (cursor.peek_form("param")) {
    use.has_inline = true;
    cursor.expect_form("param");
    if (cursor.peek_kind(TokenKind::Id)) {
      if (!allow_param_ids) cursor.fail("unexpected token: a parameter here cannot be named");
      use.param_ids.push_back(cursor.take_id());
      use.inline_type.params.push_back(expect_value_type(cursor, state));
    } else {
      const size_t before = use.inline_type.params.size();
      parse_value_types_into(cursor, state, use.inline_type.params);
      use.param_ids.resize(use.param_ids.size() + use.inline_type.params.size() - before);
    }
    cursor.expect_right_paren();
  }
  while (cursor.peek_form("result")) {
    use.has_inline = true;
    cursor.expect_form("result");
    parse_value_types_into(cursor, state, use.inline_type.results);
    cursor.expect_right_paren();
  }
  return use;
}

uint32_t resolve_type_use(Cursor& cursor, ModuleState& state, const TypeUse& use, const Token& where) {
  if (!use.index) return state.type_index_of(use.inline_type);
  // A numbered type that does not exist is the validator's to report (unknown type), unless its
  // inline part is to be checked against it.
  const Signature* declared = state.signature_of(*use.index);
  if (!declared) {
    if (use.has_inline) cursor.fail_at(where, "unknown type " + std::to_string(*use.index));
    return *use.index;
  }
  if (use.has_inline && *declared != use.inline_type)
    cursor.fail_at(where, "inline function type does not match the type of (type " + std::to_string(*use.index) + ")");
  return *use.index;
}

void InstructionParser::parse_sequence(Bytes& out) {
  std::vector<OpenBlock> open;  // flat blocks opened in this sequence, innermost last
  while (true) {
    const Token& token = cursor_.peek();
    if (token.kind == TokenKind::RightParen || token.kind == TokenKind::End) break;
    if (token.kind == TokenKind::LeftParen) {
      parse_folded(out);
      continue;
    }
    if (token.kind != TokenKind::Keyword) cursor_.fail_expected("an instruction");
    const std::string_view keyword = cursor_.spelling(token);
    if (keyword == "end") {
      if (open.empty()) break;  // the enclosing form's ')' is expected instead
      cursor_.next();
      check_end_label(token);
      drop_empty_else(out, open.back().else_end);
      open.pop_back();
      scope_.labels.pop_back();
      write_byte(out, kEnd);
    } else if (keyword == "else") {
      if (open.empty() || !open.back().is_if || open.back().has_else) cursor_.fail("unexpected 'else' outside an 'if'");
      cursor_.next();
      check_end_label(token);
      open.back().has_else = true;
      write_byte(out, kElse);
      open.back().else_end = out.size();
    } else if (keyword == "block" || keyword == "loop" || keyword == "if" || keyword == "try_table") {
      open_flat_block(out, open);
    } else {
      parse_plain(out);
    }
  }
  if (!open.empty()) cursor_.fail_expected("'end'");
}

void InstructionParser::open_flat_block(Bytes& out, std::vector<OpenBlock>& open) {
  const std::string_view keyword = cursor_.spelling(cursor_.next());
  if (keyword == "try_table") {
    state_.features.add(Feature::Exceptions);
    write_byte(out, kTryTable);
    const std::optional<std::string_view> label = cursor_.take_id();
    parse_block_type(out);
    parse_catches(out);  // their labels are outside the block's own
    scope_.labels.push_back(label);
    open.push_back(OpenBlock{false, false});
    return;
  }
  write_byte(out, keyword == "block" ? kBlock : keyword == "loop" ? kLoop : kIf);
  push_label();
  parse_block_type(out);
  open.push_back(OpenBlock{keyword == "if", false});
}

// An `else` with nothing after it is left out, as wabt writes it: an `if` without one means the
// same (its type must then pass its parameters through, as an empty else would), one byte shorter.
void InstructionParser::drop_empty_else(Bytes& out, size_t else_end) {
  if (else_end != 0 && out.size() == else_end) out.pop_back();
}

// `end $l` and `else $l` may repeat the block's label, and then must name it.
void InstructionParser::check_end_label(const Token& keyword) {
  std::optional<std::string_view> id = cursor_.take_id();
  if (!id) return;
  if (scope_.labels.empty() || scope_.labels.back() != id)
    cursor_.fail_at(keyword, "mismatching label " + std::string(*id) + " after '" +
                                 std::string(cursor_.spelling(keyword)) + "'");
}

void InstructionParser::push_label() { scope_.labels.push_back(cursor_.take_id()); }

// blocktype (spec 6.5.2): a type of no parameters and at most one result is written as that
// result's value type (0x40 for none), as wabt writes it even for a `(type x)` of that shape;
// anything else as a type index (an inline signature first finding or adding its type).
void InstructionParser::parse_block_type(Bytes& out) {
  const Token& where = cursor_.peek();
  const TypeUse use = parse_type_use(cursor_, state_, false);
  const auto is_short = [](const Signature& type) { return type.params.empty() && type.results.size() <= 1; };
  const auto write_short = [&out](const Signature& type) {
    if (type.results.empty()) return write_byte(out, 0x40);
    write_bytes(out, type.results[0]);
  };
  if (!use.index && is_short(use.inline_type)) return write_short(use.inline_type);
  const uint32_t index = resolve_type_use(cursor_, state_, use, where);
  if (const Signature* declared = state_.signature_of(index); declared && is_short(*declared))
    return write_short(*declared);
  write_signed(out, int64_t(index));
}

void InstructionParser::parse_folded(Bytes& out) {
  cursor_.expect_left_paren();
  const Token& token = cursor_.peek();
  if (token.kind != TokenKind::Keyword) cursor_.fail_expected("an instruction");
  const std::string_view keyword = cursor_.spelling(token);
  if (keyword == "block" || keyword == "loop") {
    cursor_.next();
    parse_folded_block(out, keyword == "block" ? kBlock : kLoop);
  } else if (keyword == "if") {
    cursor_.next();
    parse_folded_if(out);
  } else if (keyword == "try_table") {
    cursor_.next();
    state_.features.add(Feature::Exceptions);
    write_byte(out, kTryTable);
    const std::optional<std::string_view> label = cursor_.take_id();
    parse_block_type(out);
    parse_catches(out);
    scope_.labels.push_back(label);
    parse_sequence(out);
    cursor_.expect_right_paren();
    scope_.labels.pop_back();
    write_byte(out, kEnd);
  } else {
    // The operands come first in the binary, the instruction and its immediates after them.
    Bytes instruction;
    parse_plain(instruction);
    while (cursor_.peek_kind(TokenKind::LeftParen)) parse_folded(out);
    cursor_.expect_right_paren();
    write_bytes(out, instruction);
  }
}

void InstructionParser::parse_folded_block(Bytes& out, uint8_t opcode) {
  write_byte(out, opcode);
  push_label();
  parse_block_type(out);
  parse_sequence(out);
  cursor_.expect_right_paren();
  scope_.labels.pop_back();
  write_byte(out, kEnd);
}

// (if label? blocktype folded-condition* (then instr*) (else instr*)?)
void InstructionParser::parse_folded_if(Bytes& out) {
  std::optional<std::string_view> label = cursor_.take_id();
  Bytes header;
  write_byte(header, kIf);
  parse_block_type(header);
  while (cursor_.peek_kind(TokenKind::LeftParen) && !cursor_.peek_form("then")) parse_folded(out);
  write_bytes(out, header);
  scope_.labels.push_back(label);
  cursor_.expect_form("then");
  parse_sequence(out);
  cursor_.expect_right_paren();
  if (cursor_.take_form("else")) {
    write_byte(out, kElse);
    const size_t else_end = out.size();
    parse_sequence(out);
    cursor_.expect_right_paren();
    drop_empty_else(out, else_end);
  }
  cursor_.expect_right_paren();
  scope_.labels.pop_back();
  write_byte(out, kEnd);
}

void InstructionParser::parse_plain(Bytes& out) {
  const Token& token = cursor_.next();
  if (token.kind != TokenKind::Keyword) cursor_.fail_at(token, "expected an instruction, found " + cursor_.describe(token));
  const std::string_view name = cursor_.spelling(token);
  if (name == "select") return parse_select(out);
  const auto found = mnemonics().find(name);
  if (found == mnemonics().end()) cursor_.fail_at(token, "unknown operator '" + std::string(name) + "'");
  const Opcode code = found->second;
  if (code == Opcode::Block || code == Opcode::Loop || code == Opcode::If || code == Opcode::Else ||
      code == Opcode::End || code == Opcode::TryTable)
    cursor_.fail_at(token, "unexpected '" + std::string(name) + "'");
  const OpcodeInfo& info = *opcode_info(code);
  if (info.wasm3) return parse_3_0(out, code, info);
  if (scope_.constant && is_extended_const(code)) state_.features.add(Feature::ExtendedConst);
  write_opcode(out, code);
  parse_immediates(out, token, code);
}

// An instruction of opcodes3.def: the module then uses its proposal.
void InstructionParser::parse_3_0(Bytes& out, Opcode code, const OpcodeInfo& info) {
  state_.features.add(info.feature);
  const auto opcode = [&](Opcode written) { write_opcode(out, written); };
  const auto type_index = [&] { write_unsigned(out, resolve_index(cursor_, state_, Space::Type)); };
  switch (info.immediate) {
    case ImmediateKind::None: opcode(code); break;
    case ImmediateKind::Function:
      opcode(code);
      write_unsigned(out, resolve_index(cursor_, state_, Space::Func));
      break;
    case ImmediateKind::CallIndirect:
      opcode(code);
      parse_call_indirect(out);
      break;
    case ImmediateKind::TypeIndex:
      opcode(code);
      type_index();
      break;
    case ImmediateKind::TypeField: {
      opcode(code);
      const uint32_t type = resolve_index(cursor_, state_, Space::Type);
      write_unsigned(out, type);
      write_unsigned(out, field_index(type));
      break;
    }
    case ImmediateKind::TypeCount:
      opcode(code);
      type_index();
      write_unsigned(out, expect_u32(cursor_, "an element count"));
      break;
    case ImmediateKind::TypeData:
      opcode(code);
      type_index();
      state_.uses_data_count = true;
      write_unsigned(out, resolve_index(cursor_, state_, Space::Data));
      break;
    case ImmediateKind::TypeElement:
      opcode(code);
      type_index();
      write_unsigned(out, resolve_index(cursor_, state_, Space::Elem));
      break;
    case ImmediateKind::TypeType:
      opcode(code);
      type_index();
      type_index();
      break;
    case ImmediateKind::Label:
      opcode(code);
      write_unsigned(out, label_depth());
      break;
    case ImmediateKind::Tag:
      opcode(code);
      write_unsigned(out, resolve_index(cursor_, state_, Space::Tag));
      break;
    case ImmediateKind::CastType: {
      // ref.test (ref null? ht) and ref.cast: two opcodes, the second for a nullable type.
      Cursor& c = cursor_;
      bool nullable = false;
      Bytes heap;
      if (c.take_form("ref")) {
        nullable = c.take_keyword("null");
        heap = expect_heap_type(c, state_);
        c.expect_right_paren();
      } else {
        const ValType type = expect_reference_type(c, state_);  // a short form: nullable
        nullable = true;
        heap.assign(type.begin(), type.end());
      }
      opcode(Opcode(uint32_t(code) + (nullable ? 1 : 0)));
      write_bytes(out, heap);
      break;
    }
    case ImmediateKind::BrOnCast:
      opcode(code);
      parse_br_on_cast(out);
      break;
    default:
      cursor_.fail("instruction with an immediate the text parser does not know");
  }
}

// br_on_cast $l rt1 rt2: a flags byte (bit 0: rt1 nullable, bit 1: rt2 nullable), the label,
// then both heap types.
void InstructionParser::parse_br_on_cast(Bytes& out) {
  const uint32_t label = label_depth();
  uint8_t flags = 0;
  Bytes heaps;
  for (uint8_t bit : {uint8_t(1), uint8_t(2)}) {
    if (cursor_.take_form("ref")) {
      if (cursor_.take_keyword("null")) flags |= bit;
      write_bytes(heaps, expect_heap_type(cursor_, state_));
      cursor_.expect_right_paren();
    } else {
      const ValType type = expect_reference_type(cursor_, state_);
      flags |= bit;
      write_bytes(heaps, type);
    }
  }
  write_byte(out, flags);
  write_unsigned(out, label);
  write_bytes(out, heaps);
}

// A struct field by its identifier within the type, or by index.
uint32_t InstructionParser::field_index(uint32_t type) {
  const Token& token = cursor_.peek();
  if (token.kind == TokenKind::Id) {
    if (type < state_.types.size()) {
      const auto& fields = state_.types[type].fields;
      if (const auto found = fields.find(cursor_.spelling(token)); found != fields.end()) {
        cursor_.next();
        return found->second;
      }
    }
    cursor_.fail_at(token, "unknown field " + std::string(cursor_.spelling(token)));
  }
  return expect_u32(cursor_, "a field index");
}

// try_table's handlers: (catch $tag $l), (catch_ref $tag $l), (catch_all $l), (catch_all_ref $l).
void InstructionParser::parse_catches(Bytes& out) {
  Bytes catches;
  uint32_t count = 0;
  while (true) {
    uint8_t kind;
    if (cursor_.take_form("catch")) kind = 0;
    else if (cursor_.take_form("catch_ref")) kind = 1;
    else if (cursor_.take_form("catch_all")) kind = 2;
    else if (cursor_.take_form("catch_all_ref")) kind = 3;
    else break;
    write_byte(catches, kind);
    if (kind < 2) write_unsigned(catches, resolve_index(cursor_, state_, Space::Tag));
    write_unsigned(catches, label_depth());
    cursor_.expect_right_paren();
    ++count;
  }
  write_unsigned(out, count);
  write_bytes(out, catches);
}

// select, or with `(result t*)` the typed select (0x1C) of opcodes.def's second `select`.
void InstructionParser::parse_select(Bytes& out) {
  if (!cursor_.peek_form("result")) {
    write_opcode(out, Opcode::Select);
    return;
  }
  std::vector<ValType> types;
  while (cursor_.take_form("result")) {
    parse_value_types_into(cursor_, state_, types);
    cursor_.expect_right_paren();
  }
  write_opcode(out, Opcode::SelectTyped);
  write_unsigned(out, types.size());
  for (const ValType& type : types) write_bytes(out, type);
}

void InstructionParser::parse_immediates(Bytes& out, const Token& token, Opcode code) {
  const OpcodeInfo* info = opcode_info(code);
  switch (info->immediate) {
    case ImmediateKind::None: return;
    case ImmediateKind::BlockType: return;  // structured instructions are parsed apart
    case ImmediateKind::Label: write_unsigned(out, label_depth()); return;
    case ImmediateKind::BrTable: parse_br_table(out); return;
    case ImmediateKind::Function: write_unsigned(out, resolve_index(cursor_, state_, Space::Func)); return;
    case ImmediateKind::CallIndirect: parse_call_indirect(out); return;
    case ImmediateKind::RefType: {
      const Bytes heap = expect_heap_type(cursor_, state_);
      if (is_type_index(heap)) state_.features.add(Feature::FunctionReferences);
      return write_bytes(out, heap);
    }
    case ImmediateKind::SelectTypes: return;  // parse_select
    case ImmediateKind::Local: write_unsigned(out, local_index()); return;
    case ImmediateKind::Global: {
      const uint32_t global = resolve_index(cursor_, state_, Space::Global);
      // 3.0 (with GC) lets constant expressions read globals the module defines, not only imports.
      if (scope_.constant && global >= state_.imported_globals) state_.features.add(Feature::Gc);
      return write_unsigned(out, global);
    }
    case ImmediateKind::Table: parse_optional_table(out); return;
    case ImmediateKind::TableInit: parse_table_init(out); return;
    case ImmediateKind::TableCopy: parse_table_copy(out); return;
    case ImmediateKind::Element: write_unsigned(out, resolve_index(cursor_, state_, Space::Elem)); return;
    case ImmediateKind::Data:
      state_.uses_data_count = true;
      write_unsigned(out, resolve_index(cursor_, state_, Space::Data));
      return;
    case ImmediateKind::MemArg: parse_memarg(out, info->max_align_log2); return;
    case ImmediateKind::MemArgLane:
      parse_memarg(out, info->max_align_log2, true);
      parse_lane(out);
      return;
    case ImmediateKind::MemoryZero: parse_memory_index(out, true); return;
    case ImmediateKind::MemoryInit: {
      // memory.init memory? data: encoded data first (as table.init).
      state_.uses_data_count = true;
      Bytes memory{0};
      if (cursor_.peek_index(1)) {
        memory.clear();
        parse_memory_index(memory, false);
      }
      write_unsigned(out, resolve_index(cursor_, state_, Space::Data));
      write_bytes(out, memory);
      return;
    }
    case ImmediateKind::MemoryCopy:
      if (!cursor_.peek_index()) {
        write_byte(out, 0);
        write_byte(out, 0);
        return;
      }
      parse_memory_index(out, false);
      parse_memory_index(out, false);
      return;
    case ImmediateKind::Lane: parse_lane(out); return;
    case ImmediateKind::Shuffle:
      for (int lane = 0; lane < 16; ++lane) parse_lane(out);
      return;
    case ImmediateKind::I32: parse_integer_immediate(out, 32); return;
    case ImmediateKind::I64: parse_integer_immediate(out, 64); return;
    case ImmediateKind::F32: parse_float_immediate(out, 32); return;
    case ImmediateKind::F64: parse_float_immediate(out, 64); return;
    case ImmediateKind::V128: parse_v128(out); return;
    default: break;  // opcodes3.def's kinds: parse_3_0
  }
  cursor_.fail_at(token, "instruction with an immediate the text parser does not know");
}

// A label by name (the innermost of that name) or by relative depth.
uint32_t InstructionParser::label_depth() {
  const Token& token = cursor_.peek();
  if (token.kind == TokenKind::Id) {
    cursor_.next();
    const std::string_view id = cursor_.spelling(token);
    for (size_t i = scope_.labels.size(); i-- > 0;)
      if (scope_.labels[i] == id) return uint32_t(scope_.labels.size() - 1 - i);
    cursor_.fail_at(token, "unknown label " + std::string(id));
  }
  return expect_u32(cursor_, "a label");
}

uint32_t InstructionParser::local_index() {
  const Token& token = cursor_.peek();
  if (token.kind == TokenKind::Id) {
    cursor_.next();
    const auto found = scope_.locals.ids.find(cursor_.spelling(token));
    if (found == scope_.locals.ids.end()) cursor_.fail_at(token, "unknown local " + std::string(cursor_.spelling(token)));
    return found->second;
  }
  return expect_u32(cursor_, "a local");
}

// br_table l* l_default: at least one label.
void InstructionParser::parse_br_table(Bytes& out) {
  std::vector<uint32_t> labels;
  while (cursor_.peek_index()) labels.push_back(label_depth());
  if (labels.empty()) cursor_.fail_expected("a label");
  write_unsigned(out, labels.size() - 1);
  for (uint32_t label : labels) write_unsigned(out, label);
}

// call_indirect table? typeuse: encoded as the type index, then the table's.
void InstructionParser::parse_call_indirect(Bytes& out) {
  uint32_t table = 0;
  if (cursor_.peek_index()) table = resolve_index(cursor_, state_, Space::Table);
  const Token& where = cursor_.peek();
  const TypeUse use = parse_type_use(cursor_, state_, false);
  write_unsigned(out, resolve_type_use(cursor_, state_, use, where));
  write_unsigned(out, table);
}

// 2.0's table instructions may leave out their table: then it is table 0.
void InstructionParser::parse_optional_table(Bytes& out) {
  write_unsigned(out, cursor_.peek_index() ? resolve_index(cursor_, state_, Space::Table) : 0);
}

// table.init table? elem: encoded element first.
void InstructionParser::parse_table_init(Bytes& out) {
  uint32_t table = 0;
  if (cursor_.peek_index(1)) table = resolve_index(cursor_, state_, Space::Table);
  write_unsigned(out, resolve_index(cursor_, state_, Space::Elem));
  write_unsigned(out, table);
}

// table.copy (destination source)?
void InstructionParser::parse_table_copy(Bytes& out) {
  if (!cursor_.peek_index()) {
    write_unsigned(out, 0);
    write_unsigned(out, 0);
    return;
  }
  write_unsigned(out, resolve_index(cursor_, state_, Space::Table));
  write_unsigned(out, resolve_index(cursor_, state_, Space::Table));
}

// A memory index (3.0, multiple memories), or memory 0 where it may be left out.
void InstructionParser::parse_memory_index(Bytes& out, bool optional) {
  if (optional && !cursor_.peek_index()) return write_byte(out, 0);
  const uint32_t memory = resolve_index(cursor_, state_, Space::Memory);
  if (memory != 0) state_.features.add(Feature::MultiMemory);
  write_unsigned(out, memory);
}

// memarg: a memory index? (3.0), `offset=n`? `align=n`?, the offset a u64 (beyond u32 only a
// 64-bit memory is valid) and the alignment a power of two (written as log2); the alignment
// defaults to the instruction's natural one. A memory other than 0 is written after the
// alignment, whose bit 6 says it is there. Before a lane index, a number is the memory's only
// when another number or the memarg follows it.
void InstructionParser::parse_memarg(Bytes& out, uint8_t natural_align_log2, bool lane_follows) {
  uint64_t offset = 0;
  uint32_t align_log2 = natural_align_log2;
  std::optional<uint32_t> memory;
  const auto memarg_keyword_at = [&](size_t ahead) {
    if (!cursor_.peek_kind(TokenKind::Keyword, ahead)) return false;
    const std::string_view spelling = cursor_.spelling(cursor_.peek(ahead));
    return spelling.starts_with("offset=") || spelling.starts_with("align=");
  };
  if (cursor_.peek_kind(TokenKind::Id) ||
      (cursor_.peek_index() && (!lane_follows || cursor_.peek_index(1) || memarg_keyword_at(1))))
    memory = resolve_index(cursor_, state_, Space::Memory);
  const auto value_after = [&](std::string_view prefix, std::string_view what) -> std::optional<uint64_t> {
    const Token& token = cursor_.peek();
    if (token.kind != TokenKind::Keyword || !cursor_.spelling(token).starts_with(prefix)) return std::nullopt;
    cursor_.next();
    std::optional<uint64_t> value = parse_unsigned(cursor_.spelling(token).substr(prefix.size()), UINT64_MAX);
    if (!value) cursor_.fail_at(token, "malformed " + std::string(what) + ": expected a u64 after '" + std::string(prefix) + "'");
    return value;
  };
  if (std::optional<uint64_t> value = value_after("offset=", "memory offset")) offset = *value;
  const Token& align_token = cursor_.peek();
  if (std::optional<uint64_t> value = value_after("align=", "alignment")) {
    if (*value == 0 || !std::has_single_bit(*value)) cursor_.fail_at(align_token, "alignment must be a power of two");
    align_log2 = uint32_t(std::countr_zero(*value));
  }
  if (memory && *memory != 0) {
    state_.features.add(Feature::MultiMemory);
    write_unsigned(out, align_log2 | 0x40);
    write_unsigned(out, *memory);
  } else {
    write_unsigned(out, align_log2);
  }
  write_unsigned(out, offset);
}

// A lane index: a u8 (whether the shape has that lane is the validator's rule).
void InstructionParser::parse_lane(Bytes& out) {
  const Token& token = cursor_.peek();
  std::optional<uint64_t> lane;
  if (token.kind == TokenKind::Atom) lane = parse_unsigned(cursor_.spelling(token), 255);
  if (!lane) cursor_.fail_expected("a lane index (0 to 255)");
  cursor_.next();
  write_byte(out, uint8_t(*lane));
}

void InstructionParser::parse_integer_immediate(Bytes& out, unsigned bits) {
  const Token& token = cursor_.peek();
  std::optional<uint64_t> value;
  if (token.kind == TokenKind::Atom) value = parse_integer(cursor_.spelling(token), bits);
  if (!value) cursor_.fail_expected("an i" + std::to_string(bits) + " literal (malformed or out of range)");
  cursor_.next();
  write_signed(out, bits == 32 ? int64_t(int32_t(uint32_t(*value))) : int64_t(*value));
}

void InstructionParser::parse_float_immediate(Bytes& out, unsigned bits) {
  const Token& token = cursor_.peek();
  if (!is_number_token(token)) cursor_.fail_expected("an f" + std::to_string(bits) + " literal");
  const std::string_view spelling = cursor_.spelling(token);
  const std::optional<uint64_t> value = parse_float(spelling, bits);
  if (!value) cursor_.fail_expected("an f" + std::to_string(bits) + " literal (malformed or out of range)");
  cursor_.next();
  write_fixed(out, *value, bits / 8);
}

// v128.const shape lane*: sixteen bytes, little-endian lanes.
void InstructionParser::parse_v128(Bytes& out) {
  std::optional<VectorShape> shape;
  if (cursor_.peek_kind(TokenKind::Keyword)) shape = vector_shape(cursor_.spelling(cursor_.peek()));
  if (!shape) cursor_.fail_expected("a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2)");
  cursor_.next();
  for (unsigned lane = 0; lane < shape->lane_count(); ++lane) {
    if (shape->is_float) {
      parse_float_immediate(out, shape->lane_bits);
      continue;
    }
    const Token& literal = cursor_.peek();
    std::optional<uint64_t> value;
    if (literal.kind == TokenKind::Atom) value = parse_integer(cursor_.spelling(literal), shape->lane_bits);
    if (!value) cursor_.fail_expected("an i" + std::to_string(shape->lane_bits) + " lane (malformed or out of range)");
    cursor_.next();
    write_fixed(out, *value, shape->lane_bits / 8);
  }
}

}  // namespace wasmprof::text
