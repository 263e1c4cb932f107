// What the text parser knows of the module it is parsing: the identifiers of each index space
// (all declared in a first pass, so a field may name one defined after it), the function types
// (explicit ones first, then those inline type uses add, in the order of their first use) and
// the sections' encoded entries, which parse_wat assembles into the binary module.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/cursor.hh"
#include "text/encoder.hh"
#include "wasmprof/types.hh"

namespace wasmprof::text {

enum class Space : uint8_t { Type, Func, Table, Memory, Global, Elem, Data, Local };

std::string_view space_name(Space space);

// One index space's identifiers. Indices are given in the order of declaration, imports first
// since the text format requires imports to come before any definition.
struct IndexSpace {
  std::unordered_map<std::string_view, uint32_t> ids;
  uint32_t count = 0;

  // Declares the next index, named `id` if one is given; fails on a duplicate name.
  uint32_t declare(Cursor& cursor, const Token& where, std::optional<std::string_view> id, Space space);
};

// A section's entries, encoded, and how many there are.
struct SectionEntries {
  Bytes bytes;
  uint32_t count = 0;
};

struct ModuleState {
  std::array<IndexSpace, 7> spaces;  // Type to Data
  // The kind of the first function, table, memory or global defined (not imported): every
  // import must come before it.
  std::optional<Space> first_definition;
  std::vector<FuncType> types;

  SectionEntries imports;
  std::vector<uint32_t> function_types;  // of the defined functions, in order
  SectionEntries tables;
  SectionEntries memories;
  SectionEntries globals;
  SectionEntries exports;
  std::optional<uint32_t> start;
  SectionEntries elements;
  SectionEntries code;
  SectionEntries data;
  // memory.init or data.drop: the data count section is needed (written only when there are
  // segments, as wabt does: without any, both instructions are invalid either way).
  bool uses_data_count = false;

  IndexSpace& space(Space space) { return spaces[size_t(space)]; }

  // Appends a type (a `(type ...)` definition, or one a type use needs).
  uint32_t add_type(const FuncType& type);
  // The index of `type`: the first equal one, or a new one at the end (spec 6.6.3, type uses).
  uint32_t type_index_of(const FuncType& type);

 private:
  // The first index of each type, by its binary encoding: a module with many types and type uses
  // is parsed in linear time, not in their product.
  std::unordered_map<std::string, uint32_t> first_index_of_type_;
};

// Resolves an index token (`$id` or a number) of a module-level space.
uint32_t resolve_index(Cursor& cursor, ModuleState& state, Space space);

// A value type keyword, or nothing.
std::optional<ValueType> value_type_of(std::string_view keyword);
ValueType expect_value_type(Cursor& cursor);
ValueType expect_reference_type(Cursor& cursor);  // funcref or externref

// An unsigned 32-bit number (limits, indices, offsets).
uint32_t expect_u32(Cursor& cursor, std::string_view what);

}  // namespace wasmprof::text
