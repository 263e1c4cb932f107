#include "text/wast.hh"

#include <algorithm>
#include <iterator>

#include "support/error.hh"
#include "text/cursor.hh"
#include "text/literals.hh"
#include "text/module_parser.hh"

namespace wasmprof::text {
namespace {

constexpr std::string_view kModuleFields[] = {"type", "import", "func", "table", "memory", "global",
                                              "export", "start", "elem", "data", "rec", "tag"};

// 3.0's results that match any non-null reference of a heap type, and the proposal of each.
struct HeapResult {
  std::string_view keyword;
  std::string_view heap;
  Feature feature;
};
constexpr HeapResult kHeapResults[] = {
    {"ref.i31", "i31", Feature::Gc},       {"ref.struct", "struct", Feature::Gc}, {"ref.array", "array", Feature::Gc},
    {"ref.eq", "eq", Feature::Gc},         {"ref.any", "any", Feature::Gc},       {"ref.exn", "exn", Feature::Exceptions},
    {"ref.i31_shared", "i31", Feature::Gc},
};

class WastReader {
 public:
  WastReader(std::string_view script, const TokenList& tokens) : script_(script), cursor_(tokens) {}

  std::vector<WastCommand> read() {
    std::vector<WastCommand> commands;
    if (starts_with_module_field()) {  // the whole script is one module, written as its fields
      WastCommand command;
      command.line = 1;
      command.module = parsed_module(script_);
      commands.push_back(std::move(command));
      return commands;
    }
    while (!cursor_.peek_kind(TokenKind::End)) commands.push_back(read_command());
    return commands;
  }

 private:
  bool starts_with_module_field() const {
    if (!cursor_.peek_kind(TokenKind::LeftParen) || !cursor_.peek_kind(TokenKind::Keyword, 1)) return false;
    return std::find(std::begin(kModuleFields), std::end(kModuleFields), cursor_.spelling(cursor_.peek(1))) !=
           std::end(kModuleFields);
  }

  // Lines are counted forward from the last command's, so a script is read in linear time.
  uint32_t line_at(uint32_t offset) {
    for (; counted_to_ < offset && counted_to_ < script_.size(); ++counted_to_)
      if (script_[counted_to_] == '\n') ++line_;
    return line_;
  }

  WastCommand read_command() {
    if (!cursor_.peek_kind(TokenKind::LeftParen) || !cursor_.peek_kind(TokenKind::Keyword, 1))
      cursor_.fail_expected("a command");
    const std::string_view name = cursor_.spelling(cursor_.peek(1));
    WastCommand command;
    // The line of the command's keyword, or for an assertion of its module's or action's, as
    // wast2json counts them (a comment may stand between a '(' and its keyword).
    const bool assertion = name.starts_with("assert_") && cursor_.peek_kind(TokenKind::LeftParen, 2);
    command.line = line_at(cursor_.peek(assertion ? 3 : 1).offset);
    if (name == "module" && cursor_.peek_keyword("instance", 2)) {  // (module instance $i $d?)
      cursor_.next();
      cursor_.next();
      cursor_.next();
      command.kind = WastCommandKind::ModuleInstance;
      if (std::optional<std::string_view> id = cursor_.take_id()) command.module.name = std::string(*id);
      if (std::optional<std::string_view> id = cursor_.take_id()) command.registered_module = std::string(*id);
      cursor_.expect_right_paren();
      return command;
    }
    if (name == "module") {
      command.module = read_module();
      return command;
    }
    if (name == "invoke" || name == "get") {
      command.kind = WastCommandKind::Action;
      command.action = read_action();
      return command;
    }
    cursor_.next();
    cursor_.next();
    if (name == "register") {
      command.kind = WastCommandKind::Register;
      command.text = cursor_.expect_string("the name to register the module as");
      if (std::optional<std::string_view> id = cursor_.take_id()) command.registered_module = std::string(*id);
    } else if (name == "assert_return") {
      command.kind = WastCommandKind::AssertReturn;
      command.action = read_action();
      while (!cursor_.at_right_paren()) command.expected.push_back(read_value(true));
    } else if (name == "assert_trap" && cursor_.peek_form("module")) {
      command.kind = WastCommandKind::AssertUninstantiable;
      command.module = read_module();
      command.text = cursor_.expect_string("the expected trap's message");
    } else if (name == "assert_exception") {
      command.kind = WastCommandKind::AssertException;
      command.action = read_action();
    } else if (name == "assert_trap" || name == "assert_exhaustion") {
      command.kind = name == "assert_trap" ? WastCommandKind::AssertTrap : WastCommandKind::AssertExhaustion;
      command.action = read_action();
      command.text = cursor_.expect_string("the expected trap's message");
    } else if (name == "assert_malformed" || name == "assert_invalid" || name == "assert_unlinkable") {
      command.kind = name == "assert_malformed" ? WastCommandKind::AssertMalformed
                     : name == "assert_invalid" ? WastCommandKind::AssertInvalid
                                                : WastCommandKind::AssertUnlinkable;
      command.module = read_module();
      command.text = cursor_.expect_string("the expected error's message");
    } else {
      cursor_.fail_at(cursor_.peek(), "unknown command '" + std::string(name) + "'");
    }
    cursor_.expect_right_paren();
    return command;
  }

  // A module form, parsed on its own: its text is handed to the module parser whole.
  WastModule read_module() {
    if (!cursor_.peek_form("module")) cursor_.fail_expected("a module");
    const Token& open = cursor_.peek();
    const size_t close = open.value;
    WastModule module;
    size_t at = 2;  // after `(module`
    module.definition = cursor_.peek_keyword("definition", at);
    if (module.definition) ++at;
    if (cursor_.peek_kind(TokenKind::Id, at)) module.name = std::string(cursor_.spelling(cursor_.peek(at++)));
    module.quoted = cursor_.peek_keyword("quote", at);
    const uint32_t end = cursor_.peek(close - cursor_.position()).offset + 1;
    module = with_binary(std::move(module), script_.substr(open.offset, end - open.offset));
    module.offset = open.offset;
    cursor_.seek(close + 1);
    return module;
  }

  static WastModule with_binary(WastModule module, std::string_view text) {
    Result<Bytes> bytes = parse_module(text, ParseOptions{.features = &module.features});
    if (bytes)
      module.bytes = std::move(bytes).value();
    else
      module.error = bytes.error();
    return module;
  }

  static WastModule parsed_module(std::string_view text) { return with_binary(WastModule{}, text); }

  // (invoke $module? "name" value*) or (get $module? "name")
  WastAction read_action() {
    cursor_.expect_left_paren();
    WastAction action;
    if (cursor_.take_keyword("get")) {
      action.kind = WastAction::Kind::Get;
    } else if (!cursor_.take_keyword("invoke")) {
      cursor_.fail_expected("an action ('invoke' or 'get')");
    }
    if (std::optional<std::string_view> id = cursor_.take_id()) action.module = std::string(*id);
    action.name = cursor_.expect_string("the export's name");
    while (action.kind == WastAction::Kind::Invoke && cursor_.peek_kind(TokenKind::LeftParen))
      action.args.push_back(read_value(false));
    cursor_.expect_right_paren();
    return action;
  }

  // A constant; as a result (`expected`), NaN patterns and any-reference forms are allowed too.
  WastValue read_value(bool expected) {
    cursor_.expect_left_paren();
    const Token& keyword = cursor_.next();
    const std::string_view name = cursor_.spelling(keyword);
    WastValue value;
    if (name == "i32.const" || name == "i64.const") {
      value.kind = name == "i32.const" ? WastValueKind::I32 : WastValueKind::I64;
      value.bits = read_integer(name == "i32.const" ? 32 : 64);
    } else if (name == "f32.const" || name == "f64.const") {
      value.kind = name == "f32.const" ? WastValueKind::F32 : WastValueKind::F64;
      value.bits = read_float(name == "f32.const" ? 32 : 64, expected, value.nan[0]);
    } else if (name == "v128.const") {
      value.kind = WastValueKind::V128;
      read_v128(value, expected);
    } else if (name == "ref.null") {
      value.kind = WastValueKind::RefNull;
      if (cursor_.take_keyword("func")) {
        value.reference = ValueType::FuncRef;
      } else if (cursor_.take_keyword("extern")) {
        value.reference = ValueType::ExternRef;
      } else if (expected && cursor_.at_right_paren()) {
        value.any_reference = true;  // 3.0: any null
      } else if (cursor_.peek_kind(TokenKind::Keyword)) {
        value.heap = std::string(cursor_.spelling(cursor_.next()));  // 3.0: any, exn, none, ...
      } else {
        cursor_.fail_expected("a heap type");
      }
    } else if (name == "ref.host") {
      value.kind = WastValueKind::RefHost;
      value.bits = read_integer(32);
    } else if (const HeapResult* heap = expected ? heap_result(name) : nullptr) {
      value.kind = WastValueKind::RefHeap;
      value.heap = std::string(heap->heap);
      value.any_reference = true;
    } else if (expected && name == "either") {
      value.kind = WastValueKind::Either;
      while (!cursor_.at_right_paren()) value.alternatives.push_back(read_value(true));
    } else if (name == "ref.extern" || (expected && name == "ref.func")) {
      value.kind = name == "ref.extern" ? WastValueKind::RefExtern : WastValueKind::RefFunc;
      if (expected && cursor_.at_right_paren())
        value.any_reference = true;
      else
        value.bits = read_integer(32);
    } else {
      cursor_.fail_at(keyword, "expected a constant, found " + cursor_.describe(keyword));
    }
    cursor_.expect_right_paren();
    return value;
  }

  static const HeapResult* heap_result(std::string_view keyword) {
    for (const HeapResult& heap : kHeapResults)
      if (heap.keyword == keyword) return &heap;
    return nullptr;
  }

  uint64_t read_integer(unsigned bits) {
    std::optional<uint64_t> value;
    if (cursor_.peek_kind(TokenKind::Atom)) value = parse_integer(cursor_.spelling(cursor_.peek()), bits);
    if (!value) cursor_.fail_expected("an i" + std::to_string(bits) + " literal (malformed or out of range)");
    cursor_.next();
    return *value;
  }

  uint64_t read_float(unsigned bits, bool expected, NanPattern& pattern) {
    const Token& token = cursor_.peek();
    const std::string_view spelling = cursor_.spelling(token);
    if (expected && (spelling == "nan:canonical" || spelling == "nan:arithmetic")) {
      pattern = spelling == "nan:canonical" ? NanPattern::Canonical : NanPattern::Arithmetic;
      cursor_.next();
      return 0;
    }
    std::optional<uint64_t> value;
    if (token.kind == TokenKind::Atom || token.kind == TokenKind::Keyword) value = parse_float(spelling, bits);
    if (!value) cursor_.fail_expected("an f" + std::to_string(bits) + " literal (malformed or out of range)");
    cursor_.next();
    return *value;
  }

  void read_v128(WastValue& value, bool expected) {
    std::optional<VectorShape> shape;
    if (cursor_.peek_kind(TokenKind::Keyword)) shape = vector_shape(cursor_.spelling(cursor_.peek()));
    if (!shape) cursor_.fail_expected("a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2)");
    cursor_.next();
    value.lane_bits = uint8_t(shape->lane_bits);
    value.float_lanes = shape->is_float;
    const unsigned lane_bytes = shape->lane_bits / 8;
    for (unsigned lane = 0; lane < shape->lane_count(); ++lane) {
      const uint64_t bits = shape->is_float ? read_float(shape->lane_bits, expected, value.nan[lane])
                                            : read_integer(shape->lane_bits);
      for (unsigned byte = 0; byte < lane_bytes; ++byte) value.v128[lane * lane_bytes + byte] = uint8_t(bits >> (8 * byte));
    }
  }

  std::string_view script_;
  Cursor cursor_;
  uint32_t counted_to_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

std::string_view command_name(WastCommandKind kind) {
  switch (kind) {
    case WastCommandKind::Module: return "module";
    case WastCommandKind::Register: return "register";
    case WastCommandKind::Action: return "action";
    case WastCommandKind::AssertReturn: return "assert_return";
    case WastCommandKind::AssertTrap: return "assert_trap";
    case WastCommandKind::AssertExhaustion: return "assert_exhaustion";
    case WastCommandKind::AssertMalformed: return "assert_malformed";
    case WastCommandKind::AssertInvalid: return "assert_invalid";
    case WastCommandKind::AssertUnlinkable: return "assert_unlinkable";
    case WastCommandKind::AssertUninstantiable: return "assert_uninstantiable";
    case WastCommandKind::AssertException: return "assert_exception";
    case WastCommandKind::ModuleInstance: return "module_instance";
  }
  return "?";
}

std::optional<Feature> WastValue::feature() const {
  switch (kind) {
    case WastValueKind::RefHost: return Feature::Gc;
    case WastValueKind::RefHeap:
    case WastValueKind::RefNull:
      if (heap.empty()) return std::nullopt;
      return heap == "exn" || heap == "noexn" ? Feature::Exceptions : Feature::Gc;
    case WastValueKind::Either:
      for (const WastValue& alternative : alternatives)
        if (std::optional<Feature> feature = alternative.feature()) return feature;
      return std::nullopt;
    default: return std::nullopt;
  }
}

Result<std::vector<WastCommand>> read_wast(std::string_view script) {
  Result<TokenList> tokens = tokenize(script);
  if (!tokens) return tokens.error();
  try {
    return WastReader(script, tokens.value()).read();
  } catch (const WasmError& error) {
    return error.error();
  }
}

}  // namespace wasmprof::text
