#include "text/module_state.hh"

#include <string>

#include "support/error.hh"
#include "text/literals.hh"

namespace wasmprof::text {

std::string_view space_name(Space space) {
  switch (space) {
    case Space::Type: return "type";
    case Space::Func: return "func";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Elem: return "elem";
    case Space::Data: return "data";
    case Space::Local: return "local";
  }
  return "index";
}

uint32_t IndexSpace::declare(Cursor& cursor, const Token& where, std::optional<std::string_view> id, Space space) {
  if (count == UINT32_MAX) cursor.fail_at(where, "too many " + std::string(space_name(space)) + " definitions");
  if (id && !ids.emplace(*id, count).second)
    cursor.fail_at(where, "duplicate " + std::string(space_name(space)) + " " + std::string(*id));
  return count++;
}

namespace {

std::string type_key(const FuncType& type) {
  std::string key;
  for (ValueType param : type.params) key += char(param);
  key += ':';
  for (ValueType result : type.results) key += char(result);
  return key;
}

}  // namespace

uint32_t ModuleState::add_type(const FuncType& type) {
  const uint32_t index = uint32_t(types.size());
  types.push_back(type);
  first_index_of_type_.emplace(type_key(type), index);  // an earlier equal type keeps its place
  return index;
}

uint32_t ModuleState::type_index_of(const FuncType& type) {
  const auto found = first_index_of_type_.find(type_key(type));
  if (found != first_index_of_type_.end()) return found->second;
  return add_type(type);
}

uint32_t resolve_index(Cursor& cursor, ModuleState& state, Space space) {
  const Token& token = cursor.peek();
  if (token.kind == TokenKind::Id) {
    const IndexSpace& names = state.space(space);
    const auto found = names.ids.find(cursor.spelling(token));
    if (found == names.ids.end())
      cursor.fail_at(token, "unknown " + std::string(space_name(space)) + " " + std::string(cursor.spelling(token)));
    cursor.next();
    return found->second;
  }
  return expect_u32(cursor, "a " + std::string(space_name(space)) + " index");
}

std::optional<ValueType> value_type_of(std::string_view keyword) {
  if (keyword == "i32") return ValueType::I32;
  if (keyword == "i64") return ValueType::I64;
  if (keyword == "f32") return ValueType::F32;
  if (keyword == "f64") return ValueType::F64;
  if (keyword == "v128") return ValueType::V128;
  if (keyword == "funcref") return ValueType::FuncRef;
  if (keyword == "externref") return ValueType::ExternRef;
  return std::nullopt;
}

ValueType expect_value_type(Cursor& cursor) {
  std::optional<ValueType> type;
  if (cursor.peek_kind(TokenKind::Keyword)) type = value_type_of(cursor.spelling(cursor.peek()));
  if (!type) cursor.fail_expected("a value type");
  cursor.next();
  return *type;
}

ValueType expect_reference_type(Cursor& cursor) {
  if (cursor.take_keyword("funcref")) return ValueType::FuncRef;
  if (cursor.take_keyword("externref")) return ValueType::ExternRef;
  cursor.fail_expected("a reference type ('funcref' or 'externref')");
}

uint32_t expect_u32(Cursor& cursor, std::string_view what) {
  const Token& token = cursor.peek();
  std::optional<uint64_t> value;
  if (token.kind == TokenKind::Atom) value = parse_unsigned(cursor.spelling(token), UINT32_MAX);
  if (!value) cursor.fail_expected(std::string(what) + " (a u32)");
  cursor.next();
  return uint32_t(*value);
}

}  // namespace wasmprof::text
