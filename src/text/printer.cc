#include "text/printer.hh"

#include <algorithm>
#include <bit>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "binary/decoder.hh"
#include "binary/instruction_reader.hh"
#include "binary/reader.hh"
#include "support/error.hh"
#include "text/lexer.hh"

namespace wasmprof::text {
namespace {

// What the validator allows a function (valid/function_validator.cc): more would only make the
// text larger than the module without being a module anyone can run.
constexpr uint64_t kMaxLocals = 50000;
// Code nested deeper is printed at this indentation: the text stays proportional to the module
// however deep its blocks go.
constexpr uint32_t kMaxIndentLevels = 48;
// The text parser allows 1000 nested parentheses (text/lexer.hh). Folded blocks nest at most this
// deep (deeper ones are printed flat, which needs none), and a folded expression is at most
// kMaxExpressionHeight parentheses high, so folded text always parses back.
constexpr uint32_t kMaxFoldedBlockParens = 200;
constexpr uint32_t kMaxExpressionHeight = 64;
// A folded expression whose children fit on one line this long is printed on one line.
constexpr size_t kOneLineExpression = 80;

// --- Literals.

void append_unsigned(std::string& out, uint64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_signed(std::string& out, int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_hex(std::string& out, uint64_t value, int min_digits = 1) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buffer[16];
  int count = 0;
  do {
    buffer[count++] = kDigits[value & 0xF];
    value >>= 4;
  } while (value != 0);
  while (count < min_digits) buffer[count++] = '0';
  out += "0x";
  while (count > 0) out += buffer[--count];
}

// A float by its bits. NaNs and infinities by name (`nan` alone is the canonical NaN, whose
// payload is only the quiet bit); finite values as the shortest decimal that std::from_chars,
// which the parser uses, reads back to the same bits.
template <class Float, class Bits>
void append_float(std::string& out, Bits bits) {
  constexpr unsigned kMantissaBits = sizeof(Bits) == 4 ? 23 : 52;
  constexpr Bits kMantissaMask = (Bits(1) << kMantissaBits) - 1;
  constexpr Bits kExponentMask = Bits(sizeof(Bits) == 4 ? 0xFF : 0x7FF) << kMantissaBits;
  const bool negative = (bits >> (sizeof(Bits) * 8 - 1)) != 0;
  if ((bits & kExponentMask) == kExponentMask) {
    if (negative) out += '-';
    const Bits payload = bits & kMantissaMask;
    if (payload == 0) {
      out += "inf";
    } else {
      out += "nan";
      if (payload != (Bits(1) << (kMantissaBits - 1))) {
        out += ':';
        append_hex(out, payload);
      }
    }
    return;
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::bit_cast<Float>(bits));
  out.append(buffer, result.ptr);
}

// A string literal. Names are UTF-8 (the decoder checked), so their other characters are kept
// as they are; data may be any bytes, so everything but printable ASCII is escaped (`\0a`).
void append_string(std::string& out, std::span<const uint8_t> bytes, bool keep_utf8) {
  static constexpr char kDigits[] = "0123456789abcdef";
  // Written through a pointer into room for the worst case (every byte escaped), then cut to
  // size: data segments can be megabytes.
  const size_t start = out.size();
  out.resize(start + 2 + bytes.size() * 3);
  char* write = out.data() + start;
  *write++ = '"';
  for (const uint8_t byte : bytes) {
    if ((byte >= 0x20 && byte < 0x7F && byte != '"' && byte != '\\') || (keep_utf8 && byte >= 0x80)) {
      *write++ = char(byte);
    } else {
      *write++ = '\\';
      *write++ = kDigits[byte >> 4];
      *write++ = kDigits[byte & 0xF];
    }
  }
  *write++ = '"';
  out.resize(size_t(write - out.data()));
}

void append_name(std::string& out, std::string_view name) {
  append_string(out, {reinterpret_cast<const uint8_t*>(name.data()), name.size()}, true);
}


// --- Names.

// One index space's identifiers from the name section: `$name`, or empty where it names nothing.
// Two names that would be the same identifier (equal, or equal once sanitized) are told apart
// by a suffix, `$f.1`, never used by another.
class Identifiers {
 public:
  Identifiers() = default;
  Identifiers(const std::map<uint32_t, std::string>& names, uint64_t count) {
    if (names.empty()) return;
    // Every name's identifier is reserved first, so a suffixed one never takes another's.
    std::unordered_set<std::string> reserved, taken;
    for (const auto& [index, name] : names)
      if (index < count) reserved.insert(identifier_of(name));
    std::unordered_map<std::string, uint32_t> next_suffix;
    for (const auto& [index, name] : names) {
      if (index >= count) break;  // names of indices that do not exist are ignored
      std::string id = identifier_of(name);
      if (id.empty()) continue;
      if (!taken.insert(id).second) {  // the first of a name keeps it, as wasm2wat does
        uint32_t& suffix = next_suffix[id];
        std::string candidate;
        do {
          candidate = id + "." + std::to_string(++suffix);
        } while (reserved.contains(candidate) || !taken.insert(candidate).second);
        id = std::move(candidate);
      }
      if (ids_.size() <= index) ids_.resize(size_t(index) + 1);
      ids_[index] = std::move(id);
    }
  }

  std::string_view id(uint32_t index) const { return index < ids_.size() ? std::string_view(ids_[index]) : ""; }

  // A reference: the identifier, or the index.
  void append_reference(std::string& out, uint32_t index) const {
    const std::string_view name = id(index);
    if (name.empty())
      append_unsigned(out, index);
    else
      out += name;
  }

  // A definition's name and index: ` $name (;3;)`, or ` (;3;)`.
  void append_definition(std::string& out, uint32_t index) const {
    const std::string_view name = id(index);
    if (!name.empty()) {
      out += ' ';
      out += name;
    }
    out += " (;";
    append_unsigned(out, index);
    out += ";)";
  }

 private:
  std::vector<std::string> ids_;
};

struct Names {
  Identifiers types, functions, tables, memories, globals, elements, data, tags;
  std::map<uint32_t, Identifiers> fields;  // by type
  std::string module;  // `$name`, or empty

  Names(const DecodedModule& module, bool use_names) {
    if (!use_names) return;
    const NameMap& names = module.names;
    types = Identifiers(names.types, module.types.size());
    tags = Identifiers(names.tags, module.tag_count());
    for (const auto& [type, type_fields] : names.fields) {
      if (type >= module.type_definitions.size()) continue;
      fields.emplace(type, Identifiers(type_fields, module.type_definitions[type].fields.size()));
    }
    functions = Identifiers(names.functions, module.function_count());
    tables = Identifiers(names.tables, module.table_count());
    memories = Identifiers(names.memories, module.memory_count());
    globals = Identifiers(names.globals, module.global_count());
    elements = Identifiers(names.elements, module.elements.size());
    data = Identifiers(names.data, module.data.size());
    if (names.has_module_name) this->module = identifier_of(names.module_name);
  }
};

// --- Instructions.

struct Arity {
  bool known = false;
  uint32_t params = 0;
  uint32_t results = 0;
};

Arity arity(uint32_t params, uint32_t results) { return Arity{true, params, results}; }

// The printer of one module: its names, and how each of its instructions is written.
class Printer {
 public:
  Printer(const DecodedModule& module, const PrintOptions& options)
      : module_(module), options_(options), names_(module, options.names) {
    for (const Import& import : module.imports)
      if (import.kind == ExternKind::Function && !import.is_tag) imported_function_types_.push_back(import.type_index);
  }

  std::string module_text();
  std::vector<PrintedInstruction> function_instructions(uint32_t function_index);

  // The function's type, or nothing when its index or its type index is out of range or no
  // function type (an invalid module is printed as it is).
  const TypeDefinition* function_type(uint32_t function_index) const {
    if (function_index < imported_function_types_.size()) return type(imported_function_types_[function_index]);
    const uint64_t defined = uint64_t(function_index) - imported_function_types_.size();
    return defined < module_.function_types.size() ? type(module_.function_types[defined]) : nullptr;
  }

  const TypeDefinition* type(uint32_t type_index) const {
    if (type_index >= module_.type_definitions.size()) return nullptr;
    const TypeDefinition& found = module_.type_definitions[type_index];
    return found.composite == TypeDefinition::Composite::Func ? &found : nullptr;
  }

  // The block type's parameters and results, or nothing for a type index out of range.
  std::optional<Arity> block_arity(const BlockType& block) const {
    switch (block.kind) {
      case BlockType::Kind::Empty: return arity(0, 0);
      case BlockType::Kind::Value: return arity(0, 1);
      case BlockType::Kind::TypeIndex:
        if (const TypeDefinition* found = type(block.type_index))
          return arity(uint32_t(found->params.size()), uint32_t(found->results.size()));
    }
    return std::nullopt;
  }

  // The instruction's mnemonic and immediates. `depth` is the number of blocks open around it,
  // for the label comments; `locals` names the function's locals; `label` is a block's
  // identifier from the name section, or empty; `catches` a try_table's clauses.
  void write_instruction(std::string& out, const Instruction& in, const std::vector<uint32_t>& targets,
                         uint32_t depth, const Identifiers& locals, std::string_view label = {},
                         const std::vector<CatchClause>& catches = {}) const;
  // A value or field type: `i32`, `funcref`, `(ref null $t)`, `i8`.
  void write_type(std::string& out, const StorageType& type) const;
  void write_heap_type(std::string& out, int64_t heap) const;
  // `  ;; label = @N`, after a block's header.
  static void write_label_comment(std::string& out, uint32_t depth) {
    out += "  ;; label = @";
    append_unsigned(out, depth);
  }

  // How many values an instruction takes and leaves (for folding), when it is known. `labels`
  // holds the arity of each open block's label, innermost last.
  Arity instruction_arity(const Instruction& in, const std::vector<uint32_t>& targets,
                          const std::vector<uint32_t>& labels, uint32_t function_results) const;

  const DecodedModule& module_;
  PrintOptions options_;
  Names names_;

 private:
  void write_block_type(std::string& out, const BlockType& block) const;
  void write_label(std::string& out, uint32_t label, uint32_t depth) const;
  void write_memarg(std::string& out, const MemArg& memarg, uint8_t natural_align_log2) const;

  void write_types(std::string& out) const;
  void write_imports(std::string& out) const;
  void write_function(std::string& out, uint32_t defined_index) const;
  void write_globals(std::string& out) const;
  void write_exports(std::string& out) const;
  void write_elements(std::string& out) const;
  void write_data(std::string& out) const;
  void write_signature(std::string& out, const TypeDefinition& type, const Identifiers* params) const;
  void write_type_definition(std::string& out, uint32_t index) const;
  void write_field(std::string& out, const FieldType& field) const;
  void write_table_type(std::string& out, const WideTableType& table) const;
  void write_tags(std::string& out) const;
  void write_type_use(std::string& out, uint32_t type_index, const Identifiers* params) const;
  void write_const_expression(std::string& out, const ConstExpr& expression) const;
  void write_offset(std::string& out, const ConstExpr& offset) const;
  static void write_limits(std::string& out, const WideLimits& limits);
  Identifiers local_identifiers(uint32_t function_index, uint64_t count) const;
  Identifiers label_identifiers(uint32_t function_index, uint64_t count) const;

  std::vector<uint32_t> imported_function_types_;  // type index of each imported function
};

void Printer::write_label(std::string& out, uint32_t label, uint32_t depth) const {
  append_unsigned(out, label);
  if (label <= depth) {  // which block, counted from the function's body (@0)
    out += " (;@";
    append_unsigned(out, depth - label);
    out += ";)";
  }
}

void Printer::write_block_type(std::string& out, const BlockType& block) const {
  switch (block.kind) {
    case BlockType::Kind::Empty: return;
    case BlockType::Kind::Value:
      out += " (result ";
      write_type(out, block.wide);
      out += ')';
      return;
    case BlockType::Kind::TypeIndex: write_type_use(out, block.type_index, nullptr); return;
  }
}

// memarg: the offset when it is not 0, the alignment when it is not the natural one.
void Printer::write_memarg(std::string& out, const MemArg& memarg, uint8_t natural_align_log2) const {
  if (memarg.memory != 0) {
    out += ' ';
    names_.memories.append_reference(out, memarg.memory);
  }
  if (memarg.offset64 != 0) {
    out += " offset=";
    append_unsigned(out, memarg.offset64);
  }
  if (memarg.align_log2 != natural_align_log2) {
    out += " align=";
    // Beyond 2^63 no number says it (nor is any module with it valid): written so, it does
    // not parse, rather than parse as another alignment.
    if (memarg.align_log2 < 64) {
      append_unsigned(out, uint64_t(1) << memarg.align_log2);
    } else {
      out += "2**";
      append_unsigned(out, memarg.align_log2);
    }
  }
}

void Printer::write_instruction(std::string& out, const Instruction& in, const std::vector<uint32_t>& targets,
                                uint32_t depth, const Identifiers& locals, std::string_view label,
                                const std::vector<CatchClause>& catches) const {
  const OpcodeInfo& info = *opcode_info(in.opcode);
  out += info.name;
  const auto type_reference = [&](uint32_t index) {
    out += ' ';
    names_.types.append_reference(out, index);
  };
  switch (info.immediate) {
    case ImmediateKind::None: return;
    case ImmediateKind::MemoryZero:
      if (in.index != 0) {
        out += ' ';
        names_.memories.append_reference(out, in.index);
      }
      return;
    case ImmediateKind::MemoryCopy:
      if (in.index != 0 || in.second_index != 0) {
        out += ' ';
        names_.memories.append_reference(out, in.index);
        out += ' ';
        names_.memories.append_reference(out, in.second_index);
      }
      return;
    case ImmediateKind::BlockType:
      if (!label.empty()) {
        out += ' ';
        out += label;
      }
      write_block_type(out, in.block_type);
      return;
    case ImmediateKind::TryTable:
      if (!label.empty()) {
        out += ' ';
        out += label;
      }
      write_block_type(out, in.block_type);
      // The clauses' labels are counted from outside the try_table's own block.
      for (const CatchClause& clause : catches) {
        static constexpr const char* kKinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
        out += " (";
        out += kKinds[clause.kind];
        if (clause.kind < 2) {
          out += ' ';
          names_.tags.append_reference(out, clause.tag);
        }
        out += ' ';
        write_label(out, clause.label, depth);
        out += ')';
      }
      return;
    case ImmediateKind::Tag:
      out += ' ';
      names_.tags.append_reference(out, in.index);
      return;
    case ImmediateKind::TypeIndex: type_reference(in.index); return;
    case ImmediateKind::TypeField: {
      type_reference(in.index);
      out += ' ';
      const auto fields = names_.fields.find(in.index);
      if (fields != names_.fields.end())
        fields->second.append_reference(out, in.second_index);
      else
        append_unsigned(out, in.second_index);
      return;
    }
    case ImmediateKind::TypeCount:
      type_reference(in.index);
      out += ' ';
      append_unsigned(out, in.second_index);
      return;
    case ImmediateKind::TypeData:
      type_reference(in.index);
      out += ' ';
      names_.data.append_reference(out, in.second_index);
      return;
    case ImmediateKind::TypeElement:
      type_reference(in.index);
      out += ' ';
      names_.elements.append_reference(out, in.second_index);
      return;
    case ImmediateKind::TypeType:
      type_reference(in.index);
      type_reference(in.second_index);
      return;
    case ImmediateKind::CastType:
    case ImmediateKind::CastTypeNull:
      out += ' ';
      write_type(out, in.type);
      return;
    case ImmediateKind::BrOnCast:
      out += ' ';
      write_label(out, in.index, depth);
      out += ' ';
      write_type(out, in.type);
      out += ' ';
      write_type(out, StorageType{(in.flags & 2) ? kRefNull : kRef, in.second_heap});
      return;
    case ImmediateKind::Label:
      out += ' ';
      write_label(out, in.index, depth);
      return;
    case ImmediateKind::BrTable:
      for (const uint32_t target : targets) {
        out += ' ';
        write_label(out, target, depth);
      }
      return;
    case ImmediateKind::Function:
      out += ' ';
      names_.functions.append_reference(out, in.index);
      return;
    case ImmediateKind::CallIndirect:
      if (in.second_index != 0) {
        out += ' ';
        names_.tables.append_reference(out, in.second_index);
      }
      out += " (type ";
      names_.types.append_reference(out, in.index);
      out += ')';
      return;
    case ImmediateKind::RefType:
      out += ' ';
      write_heap_type(out, in.type.heap);
      return;
    case ImmediateKind::SelectTypes:
      // The validator requires one type; the decoder keeps the last of any others.
      out += " (result";
      for (uint32_t i = 0; i < in.index; ++i) {
        out += ' ';
        write_type(out, in.type);
      }
      out += ')';
      return;
    case ImmediateKind::Local:
      out += ' ';
      locals.append_reference(out, in.index);
      return;
    case ImmediateKind::Global:
      out += ' ';
      names_.globals.append_reference(out, in.index);
      return;
    case ImmediateKind::Table:
      out += ' ';
      names_.tables.append_reference(out, in.index);
      return;
    case ImmediateKind::TableInit:
      if (in.second_index != 0) {
        out += ' ';
        names_.tables.append_reference(out, in.second_index);
      }
      out += ' ';
      names_.elements.append_reference(out, in.index);
      return;
    case ImmediateKind::TableCopy:
      if (in.index != 0 || in.second_index != 0) {
        out += ' ';
        names_.tables.append_reference(out, in.index);
        out += ' ';
        names_.tables.append_reference(out, in.second_index);
      }
      return;
    case ImmediateKind::Element:
      out += ' ';
      names_.elements.append_reference(out, in.index);
      return;
    case ImmediateKind::MemoryInit:
      if (in.second_index != 0) {
        out += ' ';
        names_.memories.append_reference(out, in.second_index);
      }
      out += ' ';
      names_.data.append_reference(out, in.index);
      return;
    case ImmediateKind::Data:
      out += ' ';
      names_.data.append_reference(out, in.index);
      return;
    case ImmediateKind::MemArg: write_memarg(out, in.memarg, info.max_align_log2); return;
    case ImmediateKind::MemArgLane:
      write_memarg(out, in.memarg, info.max_align_log2);
      out += ' ';
      append_unsigned(out, in.lane);
      return;
    case ImmediateKind::Lane:
      out += ' ';
      append_unsigned(out, in.lane);
      return;
    case ImmediateKind::Shuffle:
      for (const uint8_t lane : in.bytes16) {
        out += ' ';
        append_unsigned(out, lane);
      }
      return;
    case ImmediateKind::I32:
      out += ' ';
      append_signed(out, int32_t(uint32_t(in.bits)));
      return;
    case ImmediateKind::I64:
      out += ' ';
      append_signed(out, int64_t(in.bits));
      return;
    case ImmediateKind::F32:
      out += ' ';
      append_float<float>(out, uint32_t(in.bits));
      return;
    case ImmediateKind::F64:
      out += ' ';
      append_float<double>(out, uint64_t(in.bits));
      return;
    case ImmediateKind::V128:
      out += " i32x4";
      for (int lane = 0; lane < 4; ++lane) {
        uint32_t bits = 0;
        for (int byte = 0; byte < 4; ++byte) bits |= uint32_t(in.bytes16[size_t(lane * 4 + byte)]) << (8 * byte);
        out += ' ';
        append_hex(out, bits, 8);
      }
      return;
  }
}

Arity Printer::instruction_arity(const Instruction& in, const std::vector<uint32_t>& targets,
                                 const std::vector<uint32_t>& labels, uint32_t function_results) const {
  const OpcodeInfo& info = *opcode_info(in.opcode);
  if (info.signature.fixed) return arity(info.signature.param_count, info.signature.result_count);
  // A label's arity: an open block's, the function's for the outermost, unknown beyond.
  const auto label_arity = [&](uint32_t label) -> std::optional<uint32_t> {
    if (label < labels.size()) return labels[labels.size() - 1 - label];
    if (label == labels.size()) return function_results;
    return std::nullopt;
  };
  switch (in.opcode) {
    case Opcode::Unreachable:
    case Opcode::Nop:
    case Opcode::ElemDrop:
      return arity(0, 0);
    case Opcode::Br:
      if (std::optional<uint32_t> n = label_arity(in.index)) return arity(*n, 0);
      return {};
    case Opcode::BrIf:
      if (std::optional<uint32_t> n = label_arity(in.index)) return arity(*n + 1, *n);
      return {};
    case Opcode::BrTable:
      if (std::optional<uint32_t> n = label_arity(targets.back())) return arity(*n + 1, 0);
      return {};
    case Opcode::Return: return arity(function_results, 0);
    case Opcode::Call:
      if (const TypeDefinition* callee = function_type(in.index))
        return arity(uint32_t(callee->params.size()), uint32_t(callee->results.size()));
      return {};
    case Opcode::CallIndirect:
      if (const TypeDefinition* callee = type(in.index))
        return arity(uint32_t(callee->params.size()) + 1, uint32_t(callee->results.size()));
      return {};
    case Opcode::RefNull:
    case Opcode::RefFunc:
    case Opcode::LocalGet:
    case Opcode::GlobalGet:
    case Opcode::TableSize:
      return arity(0, 1);
    case Opcode::RefIsNull:
    case Opcode::LocalTee:
    case Opcode::TableGet:
      return arity(1, 1);
    case Opcode::Drop:
    case Opcode::LocalSet:
    case Opcode::GlobalSet:
      return arity(1, 0);
    case Opcode::Select:
    case Opcode::SelectTyped:
      return arity(3, 1);
    case Opcode::TableSet: return arity(2, 0);
    case Opcode::TableGrow: return arity(2, 1);
    case Opcode::TableInit:
    case Opcode::TableCopy:
    case Opcode::TableFill:
      return arity(3, 0);
    default: return {};
  }
}

// --- Module fields.

void Printer::write_limits(std::string& out, const WideLimits& limits) {
  if (limits.is64) out += " i64";
  out += ' ';
  append_unsigned(out, limits.min);
  if (limits.max) {
    out += ' ';
    append_unsigned(out, *limits.max);
  }
}

// ` (param ...) (result ...)`: named parameters one by one, the others together.
void Printer::write_signature(std::string& out, const TypeDefinition& type, const Identifiers* params) const {
  bool open = false;  // an unnamed (param ...) being written
  for (uint32_t i = 0; i < type.params.size(); ++i) {
    const std::string_view id = params ? params->id(i) : "";
    if (!id.empty()) {
      if (open) out += ')';
      open = false;
      out += " (param ";
      out += id;
      out += ' ';
      write_type(out, type.params[i]);
      out += ')';
      continue;
    }
    out += open ? " " : " (param ";
    open = true;
    write_type(out, type.params[i]);
  }
  if (open) out += ')';
  if (!type.results.empty()) {
    out += " (result";
    for (const StorageType& result : type.results) {
      out += ' ';
      write_type(out, result);
    }
    out += ')';
  }
}

// ` (type N)` and, when the type exists, its parameters and results written out (the parser
// checks they are the type's).
void Printer::write_type_use(std::string& out, uint32_t type_index, const Identifiers* params) const {
  out += " (type ";
  names_.types.append_reference(out, type_index);
  out += ')';
  if (const TypeDefinition* found = type(type_index)) write_signature(out, *found, params);
}

// Types in their recursion groups: `(rec ...)` where the binary has one, a lone type otherwise.
void Printer::write_types(std::string& out) const {
  for (const RecursionGroup& group : module_.recursion_groups) {
    if (group.explicit_rec) out += "  (rec\n";
    for (uint32_t i = group.first; i < group.first + group.count; ++i) {
      if (group.explicit_rec) out += "  ";
      write_type_definition(out, i);
    }
    if (group.explicit_rec) out += "  )\n";
  }
}

void Printer::write_type_definition(std::string& out, uint32_t index) const {
  const TypeDefinition& definition = module_.type_definitions[index];
  out += "  (type";
  names_.types.append_definition(out, index);
  if (definition.form != TypeDefinition::Form::Plain) {
    out += definition.form == TypeDefinition::Form::SubFinal ? " (sub final" : " (sub";
    for (const uint32_t supertype : definition.supertypes) {
      out += ' ';
      names_.types.append_reference(out, supertype);
    }
  }
  switch (definition.composite) {
    case TypeDefinition::Composite::Func:
      out += " (func";
      write_signature(out, definition, nullptr);
      break;
    case TypeDefinition::Composite::Struct: {
      out += " (struct";
      const auto names = names_.fields.find(index);
      for (uint32_t field = 0; field < definition.fields.size(); ++field) {
        out += " (field";
        if (names != names_.fields.end() && !names->second.id(field).empty()) {
          out += ' ';
          out += names->second.id(field);
        }
        out += ' ';
        write_field(out, definition.fields[field]);
        out += ')';
      }
      break;
    }
    case TypeDefinition::Composite::Array:
      out += " (array ";
      if (!definition.fields.empty()) write_field(out, definition.fields[0]);
      break;
  }
  out += definition.form != TypeDefinition::Form::Plain ? ")))\n" : "))\n";
}

void Printer::write_field(std::string& out, const FieldType& field) const {
  if (field.is_mutable) out += "(mut ";
  write_type(out, field.type);
  if (field.is_mutable) out += ')';
}

void Printer::write_heap_type(std::string& out, int64_t heap) const {
  if (heap >= 0) {
    names_.types.append_reference(out, uint32_t(heap));
    return;
  }
  static constexpr const char* kAbstract[] = {"exn",  "array", "struct",   "i31",    "eq",   "any",
                                              "extern", "func", "none", "noextern", "nofunc", "noexn"};
  const uint8_t byte = uint8_t(heap & 0x7F);
  out += byte >= 0x69 && byte <= 0x74 ? kAbstract[byte - 0x69] : "?";
}

void Printer::write_type(std::string& out, const StorageType& type) const {
  if (type.code == kRef || type.code == kRefNull) {
    out += type.code == kRef ? "(ref " : "(ref null ";
    write_heap_type(out, type.heap);
    out += ')';
    return;
  }
  switch (type.code) {
    case 0x7F: out += "i32"; return;
    case 0x7E: out += "i64"; return;
    case 0x7D: out += "f32"; return;
    case 0x7C: out += "f64"; return;
    case 0x7B: out += "v128"; return;
    case 0x78: out += "i8"; return;
    case 0x77: out += "i16"; return;
    default: break;
  }
  // An abstract type's short form: `funcref`, but `nullfuncref` for (ref null nofunc).
  switch (type.code) {
    case 0x71: out += "nullref"; return;
    case 0x72: out += "nullexternref"; return;
    case 0x73: out += "nullfuncref"; return;
    case 0x74: out += "nullexnref"; return;
    default: break;
  }
  write_heap_type(out, int64_t(type.code) - 0x80);
  out += "ref";
}

// addrtype? limits reftype, and a table definition's initializer.
void Printer::write_table_type(std::string& out, const WideTableType& table) const {
  write_limits(out, table.limits);
  out += ' ';
  write_type(out, table.element);
  if (table.init) {
    out += ' ';
    write_const_expression(out, *table.init);
  }
}

void Printer::write_tags(std::string& out) const {
  for (uint32_t i = 0; i < module_.tags.size(); ++i) {
    out += "  (tag";
    names_.tags.append_definition(out, module_.imported_tag_count + i);
    write_type_use(out, module_.tags[i], nullptr);
    out += ")\n";
  }
}

void Printer::write_imports(std::string& out) const {
  uint32_t functions = 0, tables = 0, memories = 0, globals = 0, tags = 0;
  for (const Import& import : module_.imports) {
    out += "  (import ";
    append_name(out, import.module);
    out += ' ';
    append_name(out, import.name);
    if (import.is_tag) {
      out += " (tag";
      names_.tags.append_definition(out, tags++);
      write_type_use(out, import.type_index, nullptr);
      out += "))\n";
      continue;
    }
    switch (import.kind) {
      case ExternKind::Function:
        out += " (func";
        names_.functions.append_definition(out, functions++);
        write_type_use(out, import.type_index, nullptr);
        break;
      case ExternKind::Table:
        out += " (table";
        names_.tables.append_definition(out, tables++);
        write_table_type(out, import.wide_table);
        break;
      case ExternKind::Memory:
        out += " (memory";
        names_.memories.append_definition(out, memories++);
        write_limits(out, import.wide_memory);
        break;
      case ExternKind::Global:
        out += " (global";
        names_.globals.append_definition(out, globals++);
        out += import.global.is_mutable ? " (mut " : " ";
        write_type(out, import.wide_global);
        if (import.global.is_mutable) out += ')';
        break;
    }
    out += "))\n";
  }
}

// A body's block names (the name section's labels), for `count` blocks at most.
Identifiers Printer::label_identifiers(uint32_t function_index, uint64_t count) const {
  if (!options_.names) return {};
  const auto found = module_.names.labels.find(function_index);
  if (found == module_.names.labels.end()) return {};
  return Identifiers(found->second, count);
}

Identifiers Printer::local_identifiers(uint32_t function_index, uint64_t count) const {
  if (!options_.names) return {};
  const auto found = module_.names.locals.find(function_index);
  if (found == module_.names.locals.end()) return {};
  return Identifiers(found->second, count);
}

// A constant expression: each instruction folded, `(i32.const 0)`, `(global.get $g)`; one with
// blocks (never constant, but 3.0's decoding reads them whole) flat, `block ... end`.
void Printer::write_const_expression(std::string& out, const ConstExpr& expression) const {
  static const std::vector<uint32_t> kNoTargets{0};
  static const Identifiers kNoLocals;
  const bool flat = std::any_of(expression.instructions.begin(), expression.instructions.end(),
                                [](const Instruction& in) { return in.opcode == Opcode::End; });
  for (size_t i = 0; i < expression.instructions.size(); ++i) {
    const Instruction& in = expression.instructions[i];
    // Their immediates beyond the first are the reader's, not kept with the expression.
    if (in.opcode == Opcode::BrTable || in.opcode == Opcode::TryTable)
      throw_error(ErrorKind::Limit, "a constant expression with br_table or try_table is not printed", in.offset);
    if (i) out += ' ';
    if (!flat) out += '(';
    write_instruction(out, in, kNoTargets, 0, kNoLocals);
    if (!flat) out += ')';
  }
}

// An active segment's offset: one folded instruction, or `(offset ...)` for any other number.
void Printer::write_offset(std::string& out, const ConstExpr& offset) const {
  if (offset.instructions.size() == 1) {
    out += ' ';
    write_const_expression(out, offset);
    return;
  }
  out += " (offset";
  if (!offset.instructions.empty()) out += ' ';
  write_const_expression(out, offset);
  out += ')';
}

void Printer::write_globals(std::string& out) const {
  for (uint32_t i = 0; i < module_.globals.size(); ++i) {
    const GlobalDefinition& global = module_.globals[i];
    out += "  (global";
    names_.globals.append_definition(out, module_.imported_global_count + i);
    out += global.type.is_mutable ? " (mut " : " ";
    write_type(out, global.wide_type);
    if (global.type.is_mutable) out += ')';
    if (!global.init.instructions.empty()) out += ' ';
    write_const_expression(out, global.init);
    out += ")\n";
  }
}

void Printer::write_exports(std::string& out) const {
  for (const Export& entry : module_.exports) {
    out += "  (export ";
    append_name(out, entry.name);
    out += " (";
    out += entry.is_tag ? "tag" : to_string(entry.kind);
    out += ' ';
    if (entry.is_tag) {
      names_.tags.append_reference(out, entry.index);
      out += "))\n";
      continue;
    }
    switch (entry.kind) {
      case ExternKind::Function: names_.functions.append_reference(out, entry.index); break;
      case ExternKind::Table: names_.tables.append_reference(out, entry.index); break;
      case ExternKind::Memory: names_.memories.append_reference(out, entry.index); break;
      case ExternKind::Global: names_.globals.append_reference(out, entry.index); break;
    }
    out += "))\n";
  }
}

// Element segments in all their forms: active (with its table unless it is table 0), passive or
// declared; items as function indices (`func $f $g`) when every one is a `ref.func` of a
// funcref segment, else as expressions (`funcref (ref.null func) (ref.func $f)`).
void Printer::write_elements(std::string& out) const {
  for (uint32_t i = 0; i < module_.elements.size(); ++i) {
    const ElementSegment& segment = module_.elements[i];
    out += "  (elem";
    names_.elements.append_definition(out, i);
    switch (segment.mode) {
      case SegmentMode::Active:
        if (segment.table_index != 0) {
          out += " (table ";
          names_.tables.append_reference(out, segment.table_index);
          out += ')';
        }
        write_offset(out, segment.offset);
        break;
      case SegmentMode::Passive: break;
      case SegmentMode::Declarative: out += " declare"; break;
    }
    const bool as_functions =
        segment.wide_element_type == storage_type_of(ValueType::FuncRef) &&
        std::all_of(segment.items.begin(), segment.items.end(), [](const ConstExpr& item) {
          return item.instructions.size() == 1 && item.instructions[0].opcode == Opcode::RefFunc;
        });
    if (as_functions) {
      out += " func";
      for (const ConstExpr& item : segment.items) {
        out += ' ';
        names_.functions.append_reference(out, item.instructions[0].index);
      }
    } else {
      out += ' ';
      write_type(out, segment.wide_element_type);
      for (const ConstExpr& item : segment.items) {
        if (item.instructions.size() == 1) {
          out += ' ';
          write_const_expression(out, item);
        } else {
          out += " (item";
          if (!item.instructions.empty()) out += ' ';
          write_const_expression(out, item);
          out += ')';
        }
      }
    }
    out += ")\n";
  }
}

void Printer::write_data(std::string& out) const {
  for (uint32_t i = 0; i < module_.data.size(); ++i) {
    const DataSegment& segment = module_.data[i];
    out += "  (data";
    names_.data.append_definition(out, i);
    if (segment.mode == SegmentMode::Active) {
      if (segment.memory_index != 0) {
        out += " (memory ";
        names_.memories.append_reference(out, segment.memory_index);
        out += ')';
      }
      write_offset(out, segment.offset);
    }
    out += ' ';
    append_string(out, module_.span(segment.init), false);
    out += ")\n";
  }
}

// --- Function bodies.

void append_indent(std::string& out, uint32_t level) {
  out.append(size_t(std::min(level, kMaxIndentLevels)) * 2, ' ');
}

// One function's body, flat (a line per instruction) or folded.
class BodyPrinter {
 public:
  BodyPrinter(const Printer& printer, const FunctionBody& body, const TypeDefinition* type, const Identifiers& locals,
              const Identifiers& labels)
      : printer_(printer), body_(body), locals_(locals), labels_(labels),
        function_results_(type ? uint32_t(type->results.size()) : 0) {}

  static bool opens_block(Opcode opcode) {
    return opcode == Opcode::Block || opcode == Opcode::Loop || opcode == Opcode::If || opcode == Opcode::TryTable;
  }

  // Calls line(instruction, text, depth of its line, whether it is the body's last) for each
  // instruction: `else` and `end` at the depth of their block's header, the final `end` at 0.
  template <class Line>
  void flat(Line line) const {
    Reader reader(printer_.module_.span(body_.code), body_.code.offset);
    InstructionReader instructions(reader, InstructionReader::Mode::Wasm3);
    std::string text;
    uint32_t depth = 0;
    uint32_t blocks = 0;  // blocks opened so far: the label subsection's index of the next one
    while (!instructions.at_end()) {
      const Instruction& in = instructions.read();
      const bool opens = opens_block(in.opcode);
      const bool closes = (in.opcode == Opcode::End || in.opcode == Opcode::Else) && depth > 0;
      if (closes) --depth;
      text.clear();
      printer_.write_instruction(text, in, instructions.br_table_targets(), depth, locals_,
                                 opens ? labels_.id(blocks++) : std::string_view(), instructions.catches());
      if (opens) Printer::write_label_comment(text, depth + 1);
      line(in, std::string_view(text), depth, instructions.at_end());
      if (opens || (closes && in.opcode == Opcode::Else)) ++depth;
    }
  }

  // The body's lines at `level`, flat, without the `end` that closes the function.
  void write_flat(std::string& out, uint32_t level) const {
    flat([&](const Instruction& in, std::string_view text, uint32_t depth, bool last) {
      if (in.opcode == Opcode::End && depth == 0 && last) return;
      append_indent(out, level + depth);
      out += text;
      out += '\n';
    });
  }

  void write_folded(std::string& out, uint32_t level);

 private:
  // A folded expression not written yet: its text (lines after the first indented relative to
  // the first), how many values it leaves, how many parentheses high it is.
  struct Expression {
    std::string text;
    uint32_t results = 0;
    uint32_t height = 0;
  };
  // A block being printed: folded `(block ...)` or flat `block ... end` (nested too deep).
  struct Block {
    Opcode opcode = Opcode::Block;
    bool folded = false;
    std::vector<Expression> pending;  // value-producing expressions a later one may take
  };

  void fold_instruction(const Instruction& in, const std::vector<uint32_t>& targets);
  void open_block(const Instruction& in, const std::vector<CatchClause>& catches);
  void fold_else();
  void close_block();
  // How many of the pending expressions, from the last, leave exactly `values` values (each at
  // least one), or nothing; 0 for no values.
  std::optional<size_t> operands(uint32_t values) const;
  Expression expression(std::string head, size_t operand_count);
  void flush();
  void write_line(std::string_view text);
  void close_parens(uint32_t count);

  const Printer& printer_;
  const FunctionBody& body_;
  const Identifiers& locals_;
  const Identifiers& labels_;  // blocks' names from the name section, by their order in the body
  uint32_t function_results_ = 0;
  uint32_t blocks_opened_ = 0;

  // Folding state.
  std::string* out_ = nullptr;
  uint32_t level_ = 0;
  uint32_t block_parens_ = 0;         // parentheses of folded blocks open
  bool last_line_has_comment_ = false;  // a ')' cannot be appended to it
  std::vector<Block> blocks_;          // the function's body first
  std::vector<uint32_t> label_arities_;
  std::string head_;
};

// `text` with `indent` more spaces after each of its line breaks.
void append_indented(std::string& out, std::string_view text, uint32_t indent) {
  size_t at = 0;
  for (size_t end; (end = text.find('\n', at)) != std::string_view::npos; at = end + 1) {
    out.append(text, at, end + 1 - at);
    append_indent(out, indent);
  }
  out.append(text, at);
}

void BodyPrinter::write_line(std::string_view text) {
  append_indent(*out_, level_);
  append_indented(*out_, text, level_);
  *out_ += '\n';
  last_line_has_comment_ = false;
}

// Closes folded forms: on the last line, or on a line of their own after a line comment.
void BodyPrinter::close_parens(uint32_t count) {
  if (last_line_has_comment_ || out_->empty() || out_->back() != '\n') {
    append_indent(*out_, level_);
    out_->append(count, ')');
    *out_ += '\n';
  } else {
    out_->pop_back();
    out_->append(count, ')');
    *out_ += '\n';
  }
  last_line_has_comment_ = false;
}

void BodyPrinter::flush() {
  for (const Expression& pending : blocks_.back().pending) write_line(pending.text);
  blocks_.back().pending.clear();
}

std::optional<size_t> BodyPrinter::operands(uint32_t values) const {
  if (values == 0) return size_t(0);
  const std::vector<Expression>& pending = blocks_.back().pending;
  uint32_t sum = 0;
  for (size_t count = 1; count <= pending.size(); ++count) {
    const Expression& operand = pending[pending.size() - count];
    if (operand.height + 1 > kMaxExpressionHeight) return std::nullopt;
    sum += operand.results;
    if (sum == values) return count;
    if (sum > values) return std::nullopt;
  }
  return std::nullopt;
}

// `(head operand...)` of the last `operand_count` pending expressions, which it takes.
BodyPrinter::Expression BodyPrinter::expression(std::string head, size_t operand_count) {
  std::vector<Expression>& pending = blocks_.back().pending;
  const auto first = pending.end() - long(operand_count);
  Expression made;
  size_t length = head.size() + 2;
  bool one_line = true;
  for (auto operand = first; operand != pending.end(); ++operand) {
    length += operand->text.size() + 1;
    made.height = std::max(made.height, operand->height);
    if (operand->text.find('\n') != std::string::npos) one_line = false;
  }
  one_line = one_line && length <= kOneLineExpression;
  made.height += 1;
  made.text.reserve(length);
  made.text += '(';
  made.text += head;
  for (auto operand = first; operand != pending.end(); ++operand) {
    if (one_line) {
      made.text += ' ';
      made.text += operand->text;
      continue;
    }
    made.text += "\n  ";
    append_indented(made.text, operand->text, 1);
  }
  made.text += ')';
  pending.erase(first, pending.end());
  return made;
}

void BodyPrinter::write_folded(std::string& out, uint32_t level) {
  out_ = &out;
  level_ = level;
  blocks_.assign(1, Block{Opcode::Block, false, {}});
  Reader reader(printer_.module_.span(body_.code), body_.code.offset);
  InstructionReader instructions(reader, InstructionReader::Mode::Wasm3);
  while (!instructions.at_end()) {
    const Instruction& in = instructions.read();
    switch (in.opcode) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
      case Opcode::TryTable:
        open_block(in, instructions.catches());
        break;
      case Opcode::Else: fold_else(); break;
      case Opcode::End:
        if (blocks_.size() > 1) {
          close_block();
        } else {
          flush();
          // Code after the function's `end` (an invalid body) is printed as it is.
          if (!instructions.at_end()) write_line("end");
        }
        break;
      default: fold_instruction(in, instructions.br_table_targets()); break;
    }
  }
  flush();
}

void BodyPrinter::fold_instruction(const Instruction& in, const std::vector<uint32_t>& targets) {
  head_.clear();
  printer_.write_instruction(head_, in, targets, uint32_t(blocks_.size() - 1), locals_);
  const Arity arity = printer_.instruction_arity(in, targets, label_arities_, function_results_);
  std::optional<size_t> count = arity.known ? operands(arity.params) : std::nullopt;
  // What it takes from the stack but not from the pending expressions comes from before them.
  if (!count) {
    flush();
    count = 0;
  }
  Expression made = expression(head_, *count);
  made.results = arity.known ? arity.results : 0;
  if (made.results == 0) {
    flush();
    write_line(made.text);
  } else {
    blocks_.back().pending.push_back(std::move(made));
  }
}

// A block's header: folded while few enough are, else flat; a folded `if` takes its condition
// (and the block's parameters) from the pending expressions.
void BodyPrinter::open_block(const Instruction& in, const std::vector<CatchClause>& catches) {
  const std::optional<Arity> block = printer_.block_arity(in.block_type);
  const uint32_t parens = in.opcode == Opcode::If ? 2 : 1;
  const bool folded = block_parens_ + parens <= kMaxFoldedBlockParens;
  std::optional<size_t> condition;
  if (folded && in.opcode == Opcode::If && block) condition = operands(block->params + 1);
  std::vector<Expression> operands;
  if (condition) {
    std::vector<Expression>& pending = blocks_.back().pending;
    operands.assign(std::make_move_iterator(pending.end() - long(*condition)), std::make_move_iterator(pending.end()));
    pending.resize(pending.size() - *condition);
  }
  flush();
  head_.clear();
  if (folded) head_ += '(';
  printer_.write_instruction(head_, in, {}, uint32_t(blocks_.size() - 1), locals_, labels_.id(blocks_opened_++), catches);
  Printer::write_label_comment(head_, uint32_t(blocks_.size()));
  write_line(head_);
  last_line_has_comment_ = true;
  ++level_;
  if (folded) {
    block_parens_ += parens;
    if (in.opcode == Opcode::If) {
      for (const Expression& operand : operands) write_line(operand.text);
      write_line("(then");
      ++level_;
    }
  }
  const uint32_t label_arity = !block ? 0 : in.opcode == Opcode::Loop ? block->params : block->results;
  label_arities_.push_back(label_arity);
  blocks_.push_back(Block{in.opcode, folded, {}});
}

void BodyPrinter::fold_else() {
  flush();
  const Block& block = blocks_.back();
  if (blocks_.size() > 1 && block.folded && block.opcode == Opcode::If) {
    close_parens(1);
    --level_;
    write_line("(else");
    ++level_;
    return;
  }
  // A flat block's, or one out of place (an invalid body, printed as it is).
  if (level_ > 0) --level_;
  write_line("else");
  ++level_;
}

void BodyPrinter::close_block() {
  flush();
  const Block block = std::move(blocks_.back());
  blocks_.pop_back();
  label_arities_.pop_back();
  if (!block.folded) {
    --level_;
    write_line("end");
    return;
  }
  const uint32_t parens = block.opcode == Opcode::If ? 2 : 1;
  level_ -= parens;
  block_parens_ -= parens;
  close_parens(parens);
}

// The function's locals as declarations: named ones one by one, the others together.
void write_locals(std::string& out, const Printer& printer, const FunctionBody& body, uint32_t first_local,
                  const Identifiers& locals) {
  uint32_t index = first_local;
  bool open = false;
  for (const LocalGroup& group : body.locals) {
    for (uint32_t i = 0; i < group.count; ++i, ++index) {
      const std::string_view id = locals.id(index);
      if (!id.empty()) {
        if (open) out += ')';
        open = false;
        out += " (local ";
        out += id;
        out += ' ';
        printer.write_type(out, group.wide_type);
        out += ')';
        continue;
      }
      out += open ? " " : " (local ";
      open = true;
      printer.write_type(out, group.wide_type);
    }
  }
  if (open) out += ')';
}

void Printer::write_function(std::string& out, uint32_t defined_index) const {
  const uint32_t index = module_.imported_function_count + defined_index;
  const uint32_t type_index = module_.function_types[defined_index];
  const TypeDefinition* signature = type(type_index);
  const uint32_t param_count = signature ? uint32_t(signature->params.size()) : 0;
  const FunctionBody* body = defined_index < module_.bodies.size() ? &module_.bodies[defined_index] : nullptr;
  const uint64_t local_count = param_count + (body ? body->local_count : 0);
  if (local_count > kMaxLocals)
    throw_error(ErrorKind::Limit, "function " + std::to_string(index) + " has too many locals to print",
                body ? std::optional<size_t>(body->entry.offset) : std::nullopt);
  const Identifiers locals = local_identifiers(index, local_count);
  out += "  (func";
  names_.functions.append_definition(out, index);
  write_type_use(out, type_index, &locals);
  out += '\n';
  if (body) {
    if (body->local_count > 0) {
      std::string declarations;
      write_locals(declarations, *this, *body, param_count, locals);
      append_indent(out, 2);
      out.append(declarations, 1);  // without its leading space
      out += '\n';
    }
    const Identifiers labels = label_identifiers(index, body->code.size);
    BodyPrinter printer(*this, *body, signature, locals, labels);
    if (options_.folded)
      printer.write_folded(out, 2);
    else
      printer.write_flat(out, 2);
  }
  out += "  )\n";
}

std::string Printer::module_text() {
  std::string out;
  // About what the text takes (code: 10-16 characters a byte; data: 1-4), so it is rarely moved
  // as it grows; pages reserved and not written cost nothing.
  size_t code_bytes = 0, data_bytes = 0;
  for (const FunctionBody& body : module_.bodies) code_bytes += body.entry.size;
  for (const DataSegment& segment : module_.data) data_bytes += segment.init.size;
  out.reserve(4096 + code_bytes * 16 + data_bytes * 4);
  out += "(module";
  if (!names_.module.empty()) {
    out += ' ';
    out += names_.module;
  }
  out += '\n';
  write_types(out);
  write_imports(out);
  for (uint32_t i = 0; i < module_.function_types.size(); ++i) write_function(out, i);
  for (uint32_t i = 0; i < module_.wide_tables.size(); ++i) {
    out += "  (table";
    names_.tables.append_definition(out, module_.imported_table_count + i);
    write_table_type(out, module_.wide_tables[i]);
    out += ")\n";
  }
  for (uint32_t i = 0; i < module_.wide_memories.size(); ++i) {
    out += "  (memory";
    names_.memories.append_definition(out, module_.imported_memory_count + i);
    write_limits(out, module_.wide_memories[i]);
    out += ")\n";
  }
  write_tags(out);
  write_globals(out);
  write_exports(out);
  if (module_.start) {
    out += "  (start ";
    names_.functions.append_reference(out, *module_.start);
    out += ")\n";
  }
  write_elements(out);
  write_data(out);
  // Custom sections have no text form in 2.0 (the name section's is the identifiers above).
  for (const CustomSection& custom : module_.customs) {
    out += "  ;; custom section ";
    append_name(out, custom.name);
    out += ", ";
    append_unsigned(out, custom.payload.size);
    out += " bytes\n";
  }
  out += ")\n";
  return out;
}

std::vector<PrintedInstruction> Printer::function_instructions(uint32_t function_index) {
  if (function_index < module_.imported_function_count || function_index >= module_.function_count())
    throw_error(ErrorKind::Malformed, "function " + std::to_string(function_index) +
                                          (function_index < module_.imported_function_count
                                               ? " is imported: it has no body"
                                               : " does not exist"));
  const uint32_t defined_index = function_index - module_.imported_function_count;
  if (defined_index >= module_.bodies.size())
    throw_error(ErrorKind::Malformed, "function " + std::to_string(function_index) + " has no body");
  const FunctionBody& body = module_.bodies[defined_index];
  const TypeDefinition* signature = type(module_.function_types[defined_index]);
  const uint64_t local_count = (signature ? signature->params.size() : 0) + body.local_count;
  const Identifiers locals = local_identifiers(function_index, std::min(local_count, kMaxLocals));
  const Identifiers labels = label_identifiers(function_index, body.code.size);
  std::vector<PrintedInstruction> lines;
  BodyPrinter(*this, body, signature, locals, labels)
      .flat([&](const Instruction& in, std::string_view text, uint32_t depth, bool) {
        lines.push_back(PrintedInstruction{in.offset, depth, std::string(text)});
      });
  return lines;
}

}  // namespace

std::string f32_text(uint32_t bits) {
  std::string out;
  append_float<float>(out, bits);
  return out;
}

std::string f64_text(uint64_t bits) {
  std::string out;
  append_float<double>(out, bits);
  return out;
}

std::string identifier_of(std::string_view name) {
  if (name.empty()) return {};
  std::string id = "$";
  id.reserve(name.size() + 1);
  for (const char c : name) id += is_idchar(c) ? c : '_';
  return id;
}

}  // namespace wasmprof::text

namespace wasmprof::text {

Result<std::string> print_module(const DecodedModule& module, const PrintOptions& options) {
  try {
    return Printer(module, options).module_text();
  } catch (const WasmError& error) {
    return error.error();
  }
}

Result<std::vector<PrintedInstruction>> print_function_instructions(const DecodedModule& module,
                                                                    uint32_t function_index) {
  try {
    return Printer(module, PrintOptions{}).function_instructions(function_index);
  } catch (const WasmError& error) {
    return error.error();
  }
}

}  // namespace wasmprof::text

namespace wasmprof {

Result<std::string> binary_to_wat(std::span<const uint8_t> binary, const PrintOptions& options) {
  Result<DecodedModule> module = decode_module(binary, DecodeOptions{.wasm3 = true});
  if (!module) return module.error();
  return text::print_module(module.value(), options);
}

Result<std::vector<PrintedInstruction>> print_function_instructions(std::span<const uint8_t> binary,
                                                                    uint32_t function_index) {
  Result<DecodedModule> module = decode_module(binary, DecodeOptions{.wasm3 = true});
  if (!module) return module.error();
  return text::print_function_instructions(module.value(), function_index);
}

}  // namespace wasmprof
