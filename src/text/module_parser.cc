#include "text/module_parser.hh"

#include <algorithm>

#include <string>
#include <vector>

#include "support/error.hh"
#include "support/utf8.hh"
#include "text/instruction_parser.hh"
#include "text/literals.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::text {
namespace {

constexpr uint8_t kEnd = 0x0B;
constexpr uint32_t kPageSize = 65536;

// A quoted module's text may not quote again: one level is all the test suites use, and it
// keeps the nesting (and the stack) of any input bounded.
constexpr unsigned kMaxQuoteDepth = 1;

// One module field: where its '(' is, and the index it declares in its space (if any).
struct Field {
  size_t position = 0;
  uint32_t index = 0;
};

// The items of an element segment: each as a constant expression, and, when every one is a
// plain `ref.func`, the function indices, which the binary format can hold without expressions.
const ValType kFuncRef(1, char(0x70));

struct ElementItems {
  ValType type = kFuncRef;
  std::vector<Bytes> expressions;  // each ending in `end`
  std::vector<uint32_t> functions;
  bool all_functions = true;
};

// The function index of `ref.func x; end`, or nothing for any other expression.
std::optional<uint32_t> ref_func_index(const Bytes& expression) {
  if (expression.size() < 3 || expression[0] != 0xD2 || expression.back() != kEnd) return std::nullopt;
  uint64_t value = 0;
  unsigned shift = 0;
  size_t i = 1;
  for (; i + 1 < expression.size() && shift < 35; ++i, shift += 7) {
    value |= uint64_t(expression[i] & 0x7F) << shift;
    if (!(expression[i] & 0x80)) break;
  }
  if (i + 2 != expression.size()) return std::nullopt;
  return uint32_t(value);
}

// Limits (3.0, 5.3.7): flags (bit 0: a maximum; bit 2: 64-bit addresses), minimum, maximum.
void write_limits(Bytes& out, uint64_t min, std::optional<uint64_t> max, bool is64 = false) {
  write_byte(out, uint8_t((max ? 1 : 0) | (is64 ? 4 : 0)));
  write_unsigned(out, min);
  if (max) write_unsigned(out, *max);
}

// Consecutive locals of one type are one entry of the code section's local declarations.
void write_locals(Bytes& out, const std::vector<ValType>& locals) {
  std::vector<std::pair<uint32_t, ValType>> groups;
  for (const ValType& type : locals) {
    if (groups.empty() || groups.back().second != type)
      groups.emplace_back(1, type);
    else
      ++groups.back().first;
  }
  write_unsigned(out, groups.size());
  for (const auto& [count, type] : groups) {
    write_unsigned(out, count);
    write_bytes(out, type);
  }
}

Space space_of_keyword(std::string_view keyword) {
  if (keyword == "func") return Space::Func;
  if (keyword == "table") return Space::Table;
  if (keyword == "memory") return Space::Memory;
  if (keyword == "global") return Space::Global;
  if (keyword == "tag") return Space::Tag;
  return Space::Type;  // none of them
}

uint8_t extern_kind(Space space) {
  switch (space) {
    case Space::Table: return 1;
    case Space::Memory: return 2;
    case Space::Global: return 3;
    case Space::Tag: return 4;
    default: return 0;
  }
}

// The malformed-module message the spec's tests use for an import after a definition.
std::string import_after_message(Space space) {
  switch (space) {
    case Space::Func: return "import after function";
    case Space::Table: return "import after table";
    case Space::Memory: return "import after memory";
    case Space::Tag: return "import after tag";
    default: return "import after global";
  }
}

class ModuleParser {
 public:
  ModuleParser(const TokenList& tokens, unsigned quote_depth, const ParseOptions& options)
      : cursor_(tokens), quote_depth_(quote_depth), options_(options) {}

  Bytes parse() {
    Bytes module;
    if (cursor_.peek_form("module")) {
      cursor_.expect_form("module");
      (void)cursor_.take_keyword("definition");  // a script's module to instantiate later
      module_id_ = cursor_.take_id();
      if (cursor_.take_keyword("binary")) {
        module = concatenated_strings();
      } else if (cursor_.peek_keyword("quote")) {
        module = parse_quoted();
      } else {
        module = parse_fields();
      }
      cursor_.expect_right_paren();
    } else {
      module = parse_fields();
    }
    if (!cursor_.peek_kind(TokenKind::End)) cursor_.fail_expected("the end of the text after the module");
    if (options_.features) *options_.features = state_.features;
    return module;
  }

 private:
  Bytes concatenated_strings() {
    Bytes bytes;
    while (cursor_.peek_kind(TokenKind::String)) write_bytes(bytes, cursor_.string_bytes(cursor_.next()));
    if (!cursor_.at_right_paren()) cursor_.fail_expected("a string or ')'");
    return bytes;
  }

  // The strings' text is a module of its own; its errors say where in that text they are.
  Bytes parse_quoted() {
    const Token& quote = cursor_.next();
    if (quote_depth_ >= kMaxQuoteDepth) cursor_.fail_at(quote, "a quoted module cannot quote another");
    const Bytes bytes = concatenated_strings();
    const std::string text(bytes.begin(), bytes.end());
    Result<TokenList> tokens = tokenize(text);
    if (!tokens) rethrow_quoted(quote, text, tokens.error());
    try {
      ParseOptions inner = options_;
      inner.features = &state_.features;
      return ModuleParser(tokens.value(), quote_depth_ + 1, inner).parse();
    } catch (const WasmError& error) {
      rethrow_quoted(quote, text, error.error());
    }
  }

  [[noreturn]] void rethrow_quoted(const Token& quote, std::string_view text, const Error& inner) {
    const TextPosition position = text_position(text, inner.offset.value_or(0));
    throw_error(inner.kind,
                inner.message + " (in the quoted module, line " + std::to_string(position.line) + ", column " +
                    std::to_string(position.column) + ")",
                quote.offset);
  }

  // Two passes: every field first declares its identifier (and index), so any field may name
  // one defined after it; then each is parsed and encoded in order.
  Bytes parse_fields() {
    std::vector<Field> fields;
    while (cursor_.peek_kind(TokenKind::LeftParen)) {
      fields.push_back(Field{cursor_.position(), 0});
      cursor_.skip_form();
    }
    if (!cursor_.at_right_paren() && !cursor_.peek_kind(TokenKind::End)) cursor_.fail_expected("a module field");
    const size_t after = cursor_.position();
    for (Field& field : fields) declare_field(field);
    for (const Field& field : fields) define_types(field);
    for (const Field& field : fields) define_field(field);
    cursor_.seek(after);
    return assemble();
  }

  // --- First pass: identifiers and indices.

  void declare_field(Field& field) {
    cursor_.seek(field.position);
    cursor_.expect_left_paren();
    const Token& keyword = cursor_.peek();
    if (keyword.kind != TokenKind::Keyword) cursor_.fail_expected("a module field");
    const std::string_view name = cursor_.spelling(cursor_.next());
    if (name == "type") {
      state_.space(Space::Type).declare(cursor_, keyword, cursor_.take_id(), Space::Type);
    } else if (name == "rec") {
      while (cursor_.peek_form("type")) {
        const size_t close = cursor_.peek().value;  // the type form's ')'
        const Token& type = cursor_.peek(1);
        cursor_.expect_form("type");
        state_.space(Space::Type).declare(cursor_, type, cursor_.take_id(), Space::Type);
        cursor_.seek(close + 1);
      }
    } else if (name == "import") {
      field.index = declare_import(keyword);
    } else if (name == "func" || name == "table" || name == "memory" || name == "global" || name == "tag") {
      field.index = declare_definition(keyword, space_of_keyword(name));
    } else if (name == "elem") {
      field.index = state_.space(Space::Elem).declare(cursor_, keyword, cursor_.take_id(), Space::Elem);
    } else if (name == "data") {
      field.index = state_.space(Space::Data).declare(cursor_, keyword, cursor_.take_id(), Space::Data);
    } else if (name != "export" && name != "start") {
      cursor_.fail_at(keyword, "unknown module field '" + std::string(name) + "'");
    }
  }

  // --- Between the passes: the types, whole, in order (they may name each other, and type uses
  // anywhere need them).

  void define_types(const Field& field) {
    cursor_.seek(field.position);
    cursor_.expect_left_paren();
    if (cursor_.take_keyword("type")) {
      state_.add_type(parse_type_definition(false), is_plain_);
    } else if (cursor_.take_keyword("rec")) {
      state_.features.add(Feature::Gc);
      RecGroup group{uint32_t(state_.types.size()), 0, true};
      while (cursor_.take_form("type")) {
        state_.types.push_back(parse_type_definition(true));
        ++group.count;
      }
      cursor_.expect_right_paren();
      state_.groups.push_back(group);
    }
  }

  // After `(type`: id? (sub final? typeidx* comptype) or comptype, through its ')'.
  TypeDef parse_type_definition(bool in_rec) {
    (void)cursor_.take_id();
    TypeDef type;
    is_plain_ = !in_rec;
    if (cursor_.take_form("sub")) {
      state_.features.add(Feature::Gc);
      is_plain_ = false;
      const bool final = cursor_.take_keyword("final");
      std::vector<uint32_t> supertypes;
      while (cursor_.peek_index()) supertypes.push_back(resolve_index(cursor_, state_, Space::Type));
      write_byte(type.encoding, final ? 0x4F : 0x50);
      write_unsigned(type.encoding, supertypes.size());
      for (uint32_t supertype : supertypes) write_unsigned(type.encoding, supertype);
      parse_composite_type(type);
      cursor_.expect_right_paren();
    } else {
      parse_composite_type(type);
    }
    if (!type.signature) is_plain_ = false;
    cursor_.expect_right_paren();
    return type;
  }

  // (func param* result*), (struct field*) or (array fieldtype), appended to the encoding.
  void parse_composite_type(TypeDef& type) {
    const Token& keyword = cursor_.peek(1);
    if (cursor_.take_form("func")) {
      const TypeUse use = parse_type_use(cursor_, state_, true);
      if (use.index) cursor_.fail_at(keyword, "unexpected (type ...) inside a type definition");
      type.signature = use.inline_type;
      write_bytes(type.encoding, encode_signature(use.inline_type));
    } else if (cursor_.take_form("struct")) {
      state_.features.add(Feature::Gc);
      Bytes fields;
      uint32_t count = 0;
      while (cursor_.take_form("field")) {
        if (std::optional<std::string_view> id = cursor_.take_id()) {
          if (!type.fields.emplace(*id, count).second) cursor_.fail_at(keyword, "duplicate field " + std::string(*id));
          parse_field_type(fields);
          ++count;
        } else {
          for (; !cursor_.at_right_paren(); ++count) parse_field_type(fields);
        }
        cursor_.expect_right_paren();
      }
      write_byte(type.encoding, 0x5F);
      write_unsigned(type.encoding, count);
      write_bytes(type.encoding, fields);
    } else if (cursor_.take_form("array")) {
      state_.features.add(Feature::Gc);
      write_byte(type.encoding, 0x5E);
      parse_field_type(type.encoding);
    } else {
      cursor_.fail_expected("a composite type (func, struct or array)");
    }
    cursor_.expect_right_paren();
  }

  // (mut storagetype) or storagetype: the storage type (i8, i16 or a value type), then 0 or 1.
  void parse_field_type(Bytes& out) {
    const bool is_mutable = cursor_.take_form("mut");
    if (cursor_.take_keyword("i8")) {
      write_byte(out, 0x78);
    } else if (cursor_.take_keyword("i16")) {
      write_byte(out, 0x77);
    } else {
      write_bytes(out, expect_value_type(cursor_, state_));
    }
    if (is_mutable) cursor_.expect_right_paren();
    write_byte(out, is_mutable ? 1 : 0);
  }

  uint32_t declare_import(const Token& keyword) {
    cursor_.expect_string("the import's module name");
    cursor_.expect_string("the import's name");
    cursor_.expect_left_paren();
    const Token& kind = cursor_.peek();
    const Space space = kind.kind == TokenKind::Keyword ? space_of_keyword(cursor_.spelling(kind)) : Space::Type;
    if (space == Space::Type) cursor_.fail_expected("an import description (func, table, memory, global or tag)");
    cursor_.next();
    if (space == Space::Tag) state_.features.add(Feature::Exceptions);
    return declare_import_of(keyword, space);
  }

  uint32_t declare_import_of(const Token& where, Space space) {
    if (state_.first_definition) cursor_.fail_at(where, import_after_message(*state_.first_definition));
    if (space == Space::Global) ++state_.imported_globals;
    return state_.space(space).declare(cursor_, where, cursor_.take_id(), space);
  }

  // func, table, memory or global, which may be an inline import and may carry an inline
  // element or data segment (which then has the next index of its own space).
  uint32_t declare_definition(const Token& keyword, Space space) {
    const size_t id_position = cursor_.position();
    std::optional<std::string_view> id = cursor_.take_id();
    while (cursor_.peek_form("export")) cursor_.skip_form();
    if (cursor_.peek_form("import")) {
      cursor_.seek(id_position);
      return declare_import_of(keyword, space);
    }
    if (!state_.first_definition) state_.first_definition = space;
    const uint32_t index = state_.space(space).declare(cursor_, keyword, id, space);
    if (space == Space::Table && table_has_inline_elements())
      state_.space(Space::Elem).declare(cursor_, keyword, std::nullopt, Space::Elem);
    if (space == Space::Memory) (void)take_address_type();
    if (space == Space::Memory && cursor_.peek_form("data"))
      state_.space(Space::Data).declare(cursor_, keyword, std::nullopt, Space::Data);
    return index;
  }

  // `i64` (3.0, memory64 and table64) or `i32` before a memory's or table's limits.
  bool take_address_type() {
    if (cursor_.take_keyword("i32")) return false;
    if (!cursor_.take_keyword("i64")) return false;
    state_.features.add(Feature::Memory64);
    return true;
  }

  // (table addrtype? reftype (elem ...)): looked at, not taken.
  bool table_has_inline_elements() {
    const size_t start = cursor_.position();
    if (cursor_.peek_keyword("i32") || cursor_.peek_keyword("i64")) cursor_.next();
    bool found = false;
    if (cursor_.peek_form("ref")) {
      cursor_.skip_form();
      found = cursor_.peek_form("elem");
    } else if (cursor_.peek_kind(TokenKind::Keyword)) {
      found = cursor_.peek_form_at(1, "elem");
    }
    cursor_.seek(start);
    return found;
  }

  // --- Second pass: each field encoded.

  void define_field(const Field& field) {
    cursor_.seek(field.position);
    cursor_.expect_left_paren();
    const Token& keyword = cursor_.next();
    const std::string_view name = cursor_.spelling(keyword);
    if (name == "type" || name == "rec") return;  // read between the passes
    if (name == "import") {
      define_import();
    } else if (name == "func") {
      define_func(field.index);
    } else if (name == "table") {
      define_table(field.index);
    } else if (name == "memory") {
      define_memory(field.index);
    } else if (name == "global") {
      define_global(field.index);
    } else if (name == "tag") {
      define_tag(field.index);
    } else if (name == "export") {
      define_export();
    } else if (name == "start") {
      define_start(keyword);
    } else if (name == "elem") {
      define_elem();
    } else {
      define_data();
    }
    cursor_.expect_right_paren();
  }

  // A name (import, export): its bytes must be UTF-8.
  std::string expect_name(std::string_view what) {
    const Token& token = cursor_.peek();
    const std::string& bytes = cursor_.expect_string(what);
    if (!is_valid_utf8(bytes)) cursor_.fail_at(token, "malformed UTF-8 encoding in " + std::string(what));
    return bytes;
  }

  void define_import() {
    const std::string module = expect_name("the import's module name");
    const std::string name = expect_name("the import's name");
    cursor_.expect_left_paren();
    const Space space = space_of_keyword(cursor_.spelling(cursor_.next()));
    (void)cursor_.take_id();
    define_import_description(module, name, space);
    cursor_.expect_right_paren();
  }

  // What follows an import's kind (and id): its type, encoded as an import entry.
  void define_import_description(const std::string& module, const std::string& name, Space space) {
    Bytes& out = state_.imports.bytes;
    write_name(out, module);
    write_name(out, name);
    write_byte(out, extern_kind(space));
    if (space == Space::Func) {
      const Token& at = cursor_.peek();
      const TypeUse use = parse_type_use(cursor_, state_, true);
      write_unsigned(out, resolve_type_use(cursor_, state_, use, at));
    } else if (space == Space::Table) {
      parse_table_type(out);
    } else if (space == Space::Memory) {
      parse_limits(out, take_address_type());
    } else if (space == Space::Tag) {
      write_tag_type(out);
    } else {
      parse_global_type(out);
    }
    ++state_.imports.count;
  }

  // A tag's type (3.0, 5.3.11): attribute 0 (an exception), then its function type's index.
  void write_tag_type(Bytes& out) {
    state_.features.add(Feature::Exceptions);
    const Token& at = cursor_.peek();
    const TypeUse use = parse_type_use(cursor_, state_, true);
    write_byte(out, 0);
    write_unsigned(out, resolve_type_use(cursor_, state_, use, at));
  }

  // Limits are u64 in 3.0's text (memory64's); beyond u32 a 32-bit one is invalid, not malformed.
  uint64_t expect_size(std::string_view what) {
    const Token& token = cursor_.peek();
    std::optional<uint64_t> value;
    if (token.kind == TokenKind::Atom) value = parse_unsigned(cursor_.spelling(token), UINT64_MAX);
    if (!value) cursor_.fail_expected(std::string(what) + " (a u64)");
    cursor_.next();
    return *value;
  }

  void parse_limits(Bytes& out, bool is64) {
    const uint64_t min = expect_size("a minimum size");
    std::optional<uint64_t> max;
    if (cursor_.peek_kind(TokenKind::Atom)) max = expect_size("a maximum size");
    write_limits(out, min, max, is64);
  }

  // addrtype? limits reftype: encoded reference type first.
  void parse_table_type(Bytes& out) {
    Bytes limits;
    parse_limits(limits, take_address_type());
    write_bytes(out, expect_reference_type(cursor_, state_));
    write_bytes(out, limits);
  }

  void parse_global_type(Bytes& out) {
    if (cursor_.take_form("mut")) {
      write_bytes(out, expect_value_type(cursor_, state_));
      write_byte(out, 1);
      cursor_.expect_right_paren();
    } else {
      write_bytes(out, expect_value_type(cursor_, state_));
      write_byte(out, 0);
    }
  }

  // Inline exports `(export "name")*`, each an entry of the export section; then, if there is
  // one, an inline import `(import "module" "name")` (returns whether there was).
  bool define_inline_exports_and_import(Space space, uint32_t index) {
    while (cursor_.take_form("export")) {
      write_export(expect_name("the export's name"), space, index);
      cursor_.expect_right_paren();
    }
    if (!cursor_.take_form("import")) return false;
    const std::string module = expect_name("the import's module name");
    const std::string name = expect_name("the import's name");
    cursor_.expect_right_paren();
    define_import_description(module, name, space);
    return true;
  }

  void write_export(const std::string& name, Space space, uint32_t index) {
    write_name(state_.exports.bytes, name);
    write_byte(state_.exports.bytes, extern_kind(space));
    write_unsigned(state_.exports.bytes, index);
    ++state_.exports.count;
  }

  void define_func(uint32_t index) {
    (void)cursor_.take_id();
    if (define_inline_exports_and_import(Space::Func, index)) return;
    const Token& at = cursor_.peek();
    const TypeUse use = parse_type_use(cursor_, state_, true);
    const uint32_t type_index = resolve_type_use(cursor_, state_, use, at);
    state_.function_types.push_back(type_index);

    FunctionScope scope;
    const Signature* declared = state_.signature_of(type_index);
    const size_t param_count = declared ? declared->params.size() : use.inline_type.params.size();
    for (size_t i = 0; i < param_count; ++i)
      scope.locals.declare(cursor_, at, i < use.param_ids.size() ? use.param_ids[i] : std::nullopt, Space::Local);
    std::vector<ValType> locals;
    while (cursor_.take_form("local")) {
      const Token& local = cursor_.peek();
      if (std::optional<std::string_view> id = cursor_.take_id()) {
        scope.locals.declare(cursor_, local, id, Space::Local);
        locals.push_back(expect_value_type(cursor_, state_));
      } else {
        while (!cursor_.at_right_paren()) {
          scope.locals.declare(cursor_, cursor_.peek(), std::nullopt, Space::Local);
          locals.push_back(expect_value_type(cursor_, state_));
        }
      }
      cursor_.expect_right_paren();
    }
    Bytes body;
    write_locals(body, locals);
    InstructionParser(cursor_, state_, scope).parse_sequence(body);
    write_byte(body, kEnd);
    write_name(state_.code.bytes, std::string_view(reinterpret_cast<const char*>(body.data()), body.size()));
    ++state_.code.count;
  }

  void define_table(uint32_t index) {
    (void)cursor_.take_id();
    if (define_inline_exports_and_import(Space::Table, index)) return;
    if (table_has_inline_elements()) {
      // (table addrtype? reftype (elem ...)): a table just large enough, filled by an active
      // segment at 0.
      const bool is64 = take_address_type();
      const ValType type = expect_reference_type(cursor_, state_);
      cursor_.expect_form("elem");
      const ElementItems items =
          cursor_.peek_kind(TokenKind::LeftParen) ? element_expressions(type) : function_indices();
      cursor_.expect_right_paren();
      const uint32_t size = uint32_t(items.expressions.size());
      write_bytes(state_.tables.bytes, type);
      write_limits(state_.tables.bytes, size, size, is64);
      ++state_.tables.count;
      write_element_segment(SegmentKind::Active, index, is64 ? Bytes{0x42, 0x00, kEnd} : zero_offset(), items);
      return;
    }
    // A table with an initial value (3.0): 0x40 0x00, the table type, the expression.
    Bytes table;
    parse_table_type(table);
    if (!cursor_.at_right_paren()) {
      state_.features.add(Feature::FunctionReferences);
      write_byte(state_.tables.bytes, 0x40);
      write_byte(state_.tables.bytes, 0x00);
      write_bytes(state_.tables.bytes, table);
      write_bytes(state_.tables.bytes, parse_expression());
    } else {
      write_bytes(state_.tables.bytes, table);
    }
    ++state_.tables.count;
  }

  void define_tag(uint32_t index) {
    (void)cursor_.take_id();
    state_.features.add(Feature::Exceptions);
    if (define_inline_exports_and_import(Space::Tag, index)) return;
    write_tag_type(state_.tags.bytes);
    ++state_.tags.count;
  }

  void define_memory(uint32_t index) {
    (void)cursor_.take_id();
    if (define_inline_exports_and_import(Space::Memory, index)) return;
    const bool is64 = take_address_type();
    if (cursor_.take_form("data")) {
      // (memory addrtype? (data ...)): a memory just large enough, filled by an active segment at 0.
      const Bytes bytes = concatenated_strings();
      cursor_.expect_right_paren();
      const uint32_t pages = uint32_t((bytes.size() + kPageSize - 1) / kPageSize);
      write_limits(state_.memories.bytes, pages, pages, is64);
      ++state_.memories.count;
      write_data_segment(SegmentKind::Active, index, is64 ? Bytes{0x42, 0x00, kEnd} : zero_offset(), bytes);
      return;
    }
    parse_limits(state_.memories.bytes, is64);
    ++state_.memories.count;
  }

  void define_global(uint32_t index) {
    (void)cursor_.take_id();
    if (define_inline_exports_and_import(Space::Global, index)) return;
    parse_global_type(state_.globals.bytes);
    write_bytes(state_.globals.bytes, parse_expression());
    ++state_.globals.count;
  }

  void define_export() {
    const std::string name = expect_name("the export's name");
    cursor_.expect_left_paren();
    const Token& kind = cursor_.peek();
    const Space space = kind.kind == TokenKind::Keyword ? space_of_keyword(cursor_.spelling(kind)) : Space::Type;
    if (space == Space::Type) cursor_.fail_expected("an export description (func, table, memory, global or tag)");
    cursor_.next();
    write_export(name, space, resolve_index(cursor_, state_, space));
    cursor_.expect_right_paren();
  }

  void define_start(const Token& keyword) {
    if (state_.start) cursor_.fail_at(keyword, "multiple start sections");
    state_.start = resolve_index(cursor_, state_, Space::Func);
  }

  enum class SegmentKind : uint8_t { Active, Passive, Declarative };

  // instr* up to the enclosing ')', then `end`: a constant expression (constness is validation's).
  Bytes parse_expression() {
    Bytes expression;
    FunctionScope scope;
    scope.constant = true;
    InstructionParser(cursor_, state_, scope).parse_sequence(expression);
    write_byte(expression, kEnd);
    return expression;
  }

  // An active segment's offset: `(offset instr*)` or one folded instruction.
  Bytes parse_offset() {
    if (cursor_.take_form("offset")) {
      Bytes expression = parse_expression();
      cursor_.expect_right_paren();
      return expression;
    }
    Bytes expression;
    FunctionScope scope;
    scope.constant = true;
    InstructionParser(cursor_, state_, scope).parse_folded(expression);
    write_byte(expression, kEnd);
    return expression;
  }

  static Bytes zero_offset() { return Bytes{0x41, 0x00, kEnd}; }  // i32.const 0

  // elemlist (spec 6.6.9): `func x*` or `reftype elemexpr*`; where `bare` allows (an active
  // segment's abbreviation) function indices alone.
  ElementItems parse_element_list(bool bare) {
    if (cursor_.take_keyword("func")) return function_indices();
    if (peek_reference_type(cursor_)) return element_expressions(expect_reference_type(cursor_, state_));
    if (!bare) cursor_.fail_expected("'func' or a reference type");
    return function_indices();
  }

  ElementItems function_indices() {
    ElementItems items;
    while (cursor_.peek_index()) {
      const uint32_t function = resolve_index(cursor_, state_, Space::Func);
      items.functions.push_back(function);
      Bytes expression{0xD2};
      write_unsigned(expression, function);
      write_byte(expression, kEnd);
      items.expressions.push_back(std::move(expression));
    }
    return items;
  }

  // elemexpr*: `(item instr*)` or one folded instruction each.
  ElementItems element_expressions(const ValType& type) {
    ElementItems items;
    items.type = type;
    items.all_functions = type == kFuncRef;
    while (cursor_.peek_kind(TokenKind::LeftParen)) {
      Bytes expression;
      FunctionScope scope;
      scope.constant = true;
      if (cursor_.take_form("item")) {
        InstructionParser(cursor_, state_, scope).parse_sequence(expression);
        cursor_.expect_right_paren();
      } else {
        InstructionParser(cursor_, state_, scope).parse_folded(expression);
      }
      write_byte(expression, kEnd);
      if (std::optional<uint32_t> function = ref_func_index(expression))
        items.functions.push_back(*function);
      else
        items.all_functions = false;
      items.expressions.push_back(std::move(expression));
    }
    return items;
  }

  void define_elem() {
    (void)cursor_.take_id();
    if (cursor_.take_keyword("declare")) {
      write_element_segment(SegmentKind::Declarative, 0, {}, parse_element_list(false));
      return;
    }
    if (cursor_.peek_form("table") || (cursor_.peek_kind(TokenKind::LeftParen) && !cursor_.peek_form("ref"))) {
      uint32_t table = 0;
      if (cursor_.take_form("table")) {
        table = resolve_index(cursor_, state_, Space::Table);
        cursor_.expect_right_paren();
      }
      const Bytes offset = parse_offset();
      write_element_segment(SegmentKind::Active, table, offset, parse_element_list(true));
      return;
    }
    write_element_segment(SegmentKind::Passive, 0, {}, parse_element_list(false));
  }

  // The binary form of a segment (spec 5.5.12): function indices where every item is a
  // `ref.func` of a funcref segment, expressions otherwise; the table index only where it is
  // not table 0 or the type is not funcref (as wabt writes them, so the bytes can be compared).
  void write_element_segment(SegmentKind kind, uint32_t table, const Bytes& offset, const ElementItems& items) {
    Bytes& out = state_.elements.bytes;
    const bool by_index = items.all_functions && items.type == kFuncRef;
    const uint8_t expressions_flag = by_index ? 0 : 4;
    bool explicit_type = true;
    switch (kind) {
      case SegmentKind::Active:
        if (table == 0 && items.type == kFuncRef) {
          write_byte(out, expressions_flag);
          explicit_type = false;
        } else {
          write_byte(out, uint8_t(2 | expressions_flag));
          write_unsigned(out, table);
        }
        write_bytes(out, offset);
        break;
      case SegmentKind::Passive: write_byte(out, uint8_t(1 | expressions_flag)); break;
      case SegmentKind::Declarative: write_byte(out, uint8_t(3 | expressions_flag)); break;
    }
    if (explicit_type) {
      if (by_index)
        write_byte(out, 0x00);  // elemkind 0: funcref
      else
        write_bytes(out, items.type);
    }
    write_unsigned(out, items.expressions.size());
    if (by_index) {
      for (uint32_t function : items.functions) write_unsigned(out, function);
    } else {
      for (const Bytes& expression : items.expressions) write_bytes(out, expression);
    }
    ++state_.elements.count;
  }

  void define_data() {
    (void)cursor_.take_id();
    if (cursor_.peek_kind(TokenKind::LeftParen)) {
      uint32_t memory = 0;
      if (cursor_.take_form("memory")) {
        memory = resolve_index(cursor_, state_, Space::Memory);
        cursor_.expect_right_paren();
      }
      const Bytes offset = parse_offset();
      write_data_segment(SegmentKind::Active, memory, offset, concatenated_strings());
      return;
    }
    write_data_segment(SegmentKind::Passive, 0, {}, concatenated_strings());
  }

  void write_data_segment(SegmentKind kind, uint32_t memory, const Bytes& offset, const Bytes& bytes) {
    Bytes& out = state_.data.bytes;
    if (kind == SegmentKind::Passive) {
      write_byte(out, 1);
    } else if (memory == 0) {
      write_byte(out, 0);
      write_bytes(out, offset);
    } else {
      write_byte(out, 2);
      write_unsigned(out, memory);
      write_bytes(out, offset);
    }
    write_unsigned(out, bytes.size());
    write_bytes(out, bytes);
    ++state_.data.count;
  }

  // The sections in the binary format's order (spec 5.5.2), the data count before the code
  // when an instruction needs it.
  Bytes assemble() {
    if (state_.space(Space::Memory).count > 1) state_.features.add(Feature::MultiMemory);
    Bytes module{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    Bytes types;
    for (const RecGroup& group : state_.groups) {
      if (group.rec) {
        write_byte(types, 0x4E);
        write_unsigned(types, group.count);
      }
      for (uint32_t i = group.first; i < group.first + group.count; ++i) write_bytes(types, state_.types[i].encoding);
    }
    write_section(module, 1, uint32_t(state_.groups.size()), types);
    write_section(module, 2, state_.imports.count, state_.imports.bytes);
    Bytes functions;
    for (uint32_t type : state_.function_types) write_unsigned(functions, type);
    write_section(module, 3, uint32_t(state_.function_types.size()), functions);
    write_section(module, 4, state_.tables.count, state_.tables.bytes);
    write_section(module, 5, state_.memories.count, state_.memories.bytes);
    write_section(module, 13, state_.tags.count, state_.tags.bytes);  // 3.0: tags before globals
    write_section(module, 6, state_.globals.count, state_.globals.bytes);
    write_section(module, 7, state_.exports.count, state_.exports.bytes);
    if (state_.start) {
      Bytes start;
      write_unsigned(start, *state_.start);
      write_byte(module, 8);
      write_unsigned(module, start.size());
      write_bytes(module, start);
    }
    write_section(module, 9, state_.elements.count, state_.elements.bytes);
    if (state_.uses_data_count && state_.data.count > 0) {  // as wabt writes it, for comparing bytes
      Bytes count;
      write_unsigned(count, state_.data.count);
      write_byte(module, 12);
      write_unsigned(module, count.size());
      write_bytes(module, count);
    }
    write_section(module, 10, state_.code.count, state_.code.bytes);
    write_section(module, 11, state_.data.count, state_.data.bytes);
    if (options_.name_section) write_name_section(module);
    return module;
  }

  // The custom section "name" (spec 7.4.1): the module's identifier (subsection 0) and the
  // functions' (subsection 1, by increasing index), without their '$'; nothing without any.
  void write_name_section(Bytes& module) const {
    std::vector<std::pair<uint32_t, std::string_view>> functions;
    for (const auto& [id, index] : state_.spaces[size_t(Space::Func)].ids) functions.emplace_back(index, id.substr(1));
    if (functions.empty() && !module_id_) return;
    std::sort(functions.begin(), functions.end());
    Bytes content;
    write_name(content, "name");
    auto subsection = [&](uint8_t id, const Bytes& bytes) {
      write_byte(content, id);
      write_unsigned(content, bytes.size());
      write_bytes(content, bytes);
    };
    if (module_id_) {
      Bytes name;
      write_name(name, module_id_->substr(1));
      subsection(0, name);
    }
    if (!functions.empty()) {
      Bytes names;
      write_unsigned(names, functions.size());
      for (const auto& [index, name] : functions) {
        write_unsigned(names, index);
        write_name(names, name);
      }
      subsection(1, names);
    }
    write_byte(module, 0);
    write_unsigned(module, content.size());
    write_bytes(module, content);
  }

  Cursor cursor_;
  ModuleState state_;
  unsigned quote_depth_;
  ParseOptions options_;
  std::optional<std::string_view> module_id_;  // `(module $id ...)`
  bool is_plain_ = false;  // the type definition just parsed may stand for a type use's
};

}  // namespace

Result<Bytes> parse_module(std::string_view text, const ParseOptions& options) {
  Result<TokenList> tokens = tokenize(text);
  if (!tokens) return tokens.error();
  try {
    return ModuleParser(tokens.value(), 0, options).parse();
  } catch (const WasmError& error) {
    return error.error();
  }
}

}  // namespace wasmprof::text
