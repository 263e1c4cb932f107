// What the text parser knows of the module it is parsing: the identifiers of each index space
// (all declared in a first pass, so a field may name one defined after it), the types (explicit
// ones first, in their recursion groups, then the function types inline type uses add, in the
// order of their first use), the sections' encoded entries, which parse_wat assembles into the
// binary module, and which of WebAssembly 3.0's proposals the module uses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binary/feature.hh"
#include "text/cursor.hh"
#include "text/encoder.hh"
#include "wasmprof/types.hh"

namespace wasmprof::text {

enum class Space : uint8_t { Type, Func, Table, Memory, Global, Elem, Data, Tag, Local };

// The proposals WebAssembly 3.0 adds to 2.0 (binary/feature.hh), as a module's text shows it uses
// them. A runner of 2.0 skips a module that uses any, by the first one (spec test suites count
// them apart).

// A value type as its binary encoding (3.0, spec 5.3): one byte for a number or vector type and
// for an abstract reference type's short form (`funcref`), 0x63 (`ref null`) or 0x64 (`ref`) and
// a heap type (an abstract one's byte, or a type index as an s33) for the others.
using ValType = std::string;

struct Signature {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const Signature&) const = default;
};

// One defined type: its subtype's encoding, and what instructions and type uses need of it.
struct TypeDef {
  std::optional<Signature> signature;  // a function type
  std::unordered_map<std::string_view, uint32_t> fields;  // a struct's field identifiers
  Bytes encoding;                      // sub / sub final / comptype, as the type section holds it
};

// Types `[first, first + count)` are one recursion group; `rec` when written `(rec ...)`.
struct RecGroup {
  uint32_t first = 0;
  uint32_t count = 0;
  bool rec = false;
};

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
  std::array<IndexSpace, 8> spaces;  // Type to Tag
  // The kind of the first function, table, memory or global defined (not imported): every
  // import must come before it.
  std::optional<Space> first_definition;
  uint32_t imported_globals = 0;  // the globals' first indices
  std::vector<TypeDef> types;
  std::vector<RecGroup> groups;
  Features features;

  SectionEntries imports;
  std::vector<uint32_t> function_types;  // of the defined functions, in order
  SectionEntries tables;
  SectionEntries memories;
  SectionEntries tags;
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

  // Appends a type as a group of its own (a `(type ...)` definition, or one a type use needs);
  // `plain`: a final function type without supertypes, which a type use may stand for.
  uint32_t add_type(TypeDef type, bool plain);
  // The index of a function type: the first plain one equal to it, or a new one at the end
  // (spec 6.6.3, type uses).
  uint32_t type_index_of(const Signature& type);
  // The signature of type `index`, if it is a function type.
  const Signature* signature_of(uint32_t index) const;

 private:
  // The first index of each type, by its binary encoding: a module with many types and type uses
  // is parsed in linear time, not in their product.
  std::unordered_map<std::string, uint32_t> first_index_of_type_;
};

// Resolves an index token (`$id` or a number) of a module-level space.
uint32_t resolve_index(Cursor& cursor, ModuleState& state, Space space);

// A value type: a keyword (`i32`, `funcref`, `anyref`, ...) or `(ref null? heaptype)`.
ValType expect_value_type(Cursor& cursor, ModuleState& state);
bool peek_value_type(const Cursor& cursor);
// A reference type, the same way.
ValType expect_reference_type(Cursor& cursor, ModuleState& state);
bool peek_reference_type(const Cursor& cursor);
// A heap type (`func`, `any`, ..., or a type index), encoded as the binary format's s33.
Bytes expect_heap_type(Cursor& cursor, ModuleState& state);
// Whether an encoded heap type is a type index (an s33 >= 0), not an abstract heap type.
bool is_type_index(const Bytes& heap);
// Whether an encoded reference type is funcref or externref, which 2.0 has.
bool is_reference_of_2_0(const ValType& type);

// A function type's encoding: 0x60, its parameters, its results.
Bytes encode_signature(const Signature& signature);

// An unsigned 32-bit number (limits, indices, offsets).
uint32_t expect_u32(Cursor& cursor, std::string_view what);

}  // namespace wasmprof::text
