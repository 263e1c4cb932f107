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
    case Space::Tag: return "tag";
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

Bytes encode_signature(const Signature& signature) {
  Bytes out{0x60};
  write_unsigned(out, signature.params.size());
  for (const ValType& param : signature.params) write_bytes(out, param);
  write_unsigned(out, signature.results.size());
  for (const ValType& result : signature.results) write_bytes(out, result);
  return out;
}

uint32_t ModuleState::add_type(TypeDef type, bool plain) {
  const uint32_t index = uint32_t(types.size());
  if (plain && type.signature) {
    const Bytes& key = type.encoding;
    first_index_of_type_.emplace(std::string(key.begin(), key.end()), index);  // an earlier equal type keeps its place
  }
  types.push_back(std::move(type));
  groups.push_back(RecGroup{index, 1, false});
  return index;
}

uint32_t ModuleState::type_index_of(const Signature& type) {
  const Bytes key = encode_signature(type);
  const auto found = first_index_of_type_.find(std::string(key.begin(), key.end()));
  if (found != first_index_of_type_.end()) return found->second;
  TypeDef def;
  def.signature = type;
  def.encoding = key;
  return add_type(std::move(def), true);
}

const Signature* ModuleState::signature_of(uint32_t index) const {
  if (index >= types.size() || !types[index].signature) return nullptr;
  return &*types[index].signature;
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

namespace {

struct Abbreviation {
  std::string_view keyword;
  uint8_t code;
  std::optional<Feature> feature;  // none: 2.0 has it
};

// The abstract heap types (spec 3.0, 5.3.3) and their reference types' short forms.
constexpr Abbreviation kHeapTypes[] = {
    {"func", 0x70, std::nullopt},    {"extern", 0x6F, std::nullopt},  {"any", 0x6E, Feature::Gc},
    {"eq", 0x6D, Feature::Gc},       {"i31", 0x6C, Feature::Gc},      {"struct", 0x6B, Feature::Gc},
    {"array", 0x6A, Feature::Gc},    {"exn", 0x69, Feature::Exceptions}, {"none", 0x71, Feature::Gc},
    {"noextern", 0x72, Feature::Gc}, {"nofunc", 0x73, Feature::Gc},   {"noexn", 0x74, Feature::Exceptions},
};
constexpr Abbreviation kValueTypes[] = {
    {"i32", 0x7F, std::nullopt},        {"i64", 0x7E, std::nullopt},       {"f32", 0x7D, std::nullopt},
    {"f64", 0x7C, std::nullopt},        {"v128", 0x7B, std::nullopt},      {"funcref", 0x70, std::nullopt},
    {"externref", 0x6F, std::nullopt},  {"anyref", 0x6E, Feature::Gc},     {"eqref", 0x6D, Feature::Gc},
    {"i31ref", 0x6C, Feature::Gc},      {"structref", 0x6B, Feature::Gc}, {"arrayref", 0x6A, Feature::Gc},
    {"exnref", 0x69, Feature::Exceptions}, {"nullref", 0x71, Feature::Gc}, {"nullexternref", 0x72, Feature::Gc},
    {"nullfuncref", 0x73, Feature::Gc}, {"nullexnref", 0x74, Feature::Exceptions},
};

template <size_t N>
const Abbreviation* find_abbreviation(const Abbreviation (&table)[N], std::string_view keyword) {
  for (const Abbreviation& entry : table)
    if (entry.keyword == keyword) return &entry;
  return nullptr;
}

bool is_number_or_vector(uint8_t code) { return code >= 0x7B; }

}  // namespace

Bytes expect_heap_type(Cursor& cursor, ModuleState& state) {
  Bytes out;
  if (cursor.peek_index()) {
    write_signed(out, int64_t(resolve_index(cursor, state, Space::Type)));
    return out;
  }
  const Abbreviation* heap = nullptr;
  if (cursor.peek_kind(TokenKind::Keyword)) heap = find_abbreviation(kHeapTypes, cursor.spelling(cursor.peek()));
  if (!heap) cursor.fail_expected("a heap type");
  cursor.next();
  if (heap->feature) state.features.add(*heap->feature);
  out.push_back(heap->code);
  return out;
}

bool peek_value_type(const Cursor& cursor) {
  if (cursor.peek_form("ref")) return true;
  return cursor.peek_kind(TokenKind::Keyword) && find_abbreviation(kValueTypes, cursor.spelling(cursor.peek()));
}

bool peek_reference_type(const Cursor& cursor) {
  if (cursor.peek_form("ref")) return true;
  if (!cursor.peek_kind(TokenKind::Keyword)) return false;
  const Abbreviation* type = find_abbreviation(kValueTypes, cursor.spelling(cursor.peek()));
  return type && !is_number_or_vector(type->code);
}

ValType expect_value_type(Cursor& cursor, ModuleState& state) {
  if (cursor.take_form("ref")) {  // (ref null? heaptype)
    const bool nullable = cursor.take_keyword("null");
    const Bytes heap = expect_heap_type(cursor, state);
    cursor.expect_right_paren();
    // (ref null func) and (ref null extern) are 2.0's funcref and externref; the rest is 3.0's.
    if (nullable && heap.size() == 1 && (heap[0] == 0x70 || heap[0] == 0x6F)) return ValType(1, char(heap[0]));
    if (is_type_index(heap) || !nullable) state.features.add(Feature::FunctionReferences);
    ValType type(1, char(nullable ? 0x63 : 0x64));
    type.append(heap.begin(), heap.end());
    return type;
  }
  const Abbreviation* type = nullptr;
  if (cursor.peek_kind(TokenKind::Keyword)) type = find_abbreviation(kValueTypes, cursor.spelling(cursor.peek()));
  if (!type) cursor.fail_expected("a value type");
  cursor.next();
  if (type->feature) state.features.add(*type->feature);
  return ValType(1, char(type->code));
}

ValType expect_reference_type(Cursor& cursor, ModuleState& state) {
  if (!peek_reference_type(cursor)) cursor.fail_expected("a reference type");
  return expect_value_type(cursor, state);
}

bool is_type_index(const Bytes& heap) { return heap.size() != 1 || heap[0] < 0x40; }

bool is_reference_of_2_0(const ValType& type) { return type.size() == 1 && (type[0] == 0x70 || type[0] == 0x6F); }
uint32_t expect_u32(Cursor& cursor, std::string_view what) {
  const Token& token = cursor.peek();
  std::optional<uint64_t> value;
  if (token.kind == TokenKind::Atom) value = parse_unsigned(cursor.spelling(token), UINT32_MAX);
  if (!value) cursor.fail_expected(std::string(what) + " (a u32)");
  cursor.next();
  return uint32_t(*value);
}

}  // namespace wasmprof::text
