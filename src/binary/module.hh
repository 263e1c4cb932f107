// The decoded form of a module: what the binary says, before validation.
// Byte ranges point into Module::bytes, which the module owns, so offsets stay meaningful for
// error messages, backtraces and the profiler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "binary/feature.hh"
#include "binary/instruction.hh"
#include "binary/types.hh"

namespace wasmprof {

struct ByteRange {
  uint32_t offset = 0;  // from the start of the module
  uint32_t size = 0;
  uint32_t end() const { return offset + size; }
};

// A constant expression as decoded; the validator decides whether it is constant and well typed.
struct ConstExpr {
  std::vector<Instruction> instructions;  // without the final `end`
  uint32_t offset = 0;
};

// Limits as 3.0 reads them: 64-bit ones (memory64, table64). 2.0's Limits keep the same values
// where they fit.
struct WideLimits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
};

// A table as 3.0 reads it: any reference type, 64-bit limits, an initializer expression.
struct WideTableType {
  StorageType element{uint8_t(ValueType::FuncRef), 0};
  WideLimits limits;
  std::optional<ConstExpr> init;  // a table definition's `0x40 0x00` form
};

// ExternKind's tag (3.0, exceptions), which the public ExternKind does not have.
constexpr uint8_t kTagExternKind = 4;

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Function;
  uint32_t type_index = 0;  // kind == Function, or a tag's type (is_tag)
  TableType table;          // kind == Table
  MemoryType memory;        // kind == Memory
  GlobalType global;        // kind == Global
  // What 3.0 adds: a tag import (kind is then Function's, and is_tag set), and every type wide.
  bool is_tag = false;
  WideTableType wide_table;     // kind == Table
  WideLimits wide_memory;       // kind == Memory
  StorageType wide_global;      // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Function;
  uint32_t index = 0;
  bool is_tag = false;  // 3.0: a tag's export (kind is then Function's)
};

struct GlobalDefinition {
  GlobalType type;
  ConstExpr init;
  StorageType wide_type;  // the value type as 3.0 reads it
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table_index = 0;
  ConstExpr offset;  // mode == Active
  ValueType element_type = ValueType::FuncRef;
  StorageType wide_element_type{uint8_t(ValueType::FuncRef), 0};  // as 3.0 reads it
  std::vector<ConstExpr> items;  // each one `ref.func i` or `ref.null t` or a global.get
  uint32_t position = 0;         // offset of the segment in the module, for errors
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory_index = 0;
  ConstExpr offset;  // mode == Active
  ByteRange init;
  uint32_t position = 0;
};

struct LocalGroup {
  uint32_t count = 0;
  ValueType type = ValueType::I32;
  StorageType wide_type;  // as 3.0 reads it
};

// 3.0's type definitions (spec 3.0, 5.3.6-5.3.8): a subtype of a function, struct or array type,
// in recursion groups. 2.0's function types are the plain ones of a group of their own.
struct FieldType {
  StorageType type;
  bool is_mutable = false;
};
struct TypeDefinition {
  enum class Composite : uint8_t { Func, Struct, Array } composite = Composite::Func;
  enum class Form : uint8_t { Plain, Sub, SubFinal } form = Form::Plain;  // as encoded: 0x50, 0x4F
  std::vector<uint32_t> supertypes;
  std::vector<StorageType> params, results;  // Func
  std::vector<FieldType> fields;             // Struct (Array: one)
};
struct RecursionGroup {
  uint32_t first = 0;
  uint32_t count = 0;
  bool explicit_rec = false;  // written as 0x4E (`(rec ...)`), rather than a single type
};

// One function body of the code section.
struct FunctionBody {
  std::vector<LocalGroup> locals;
  uint64_t local_count = 0;  // sum of the groups (parameters not included)
  ByteRange entry;           // the whole entry after its size: local declarations and code
  ByteRange code;            // the instruction sequence, up to and including the final `end`
};

struct CustomSection {
  std::string name;
  ByteRange payload;  // after the name
};

// What the `name` custom section said. Missing or malformed parts are simply absent.
struct NameMap {
  std::string module_name;
  bool has_module_name = false;
  std::map<uint32_t, std::string> functions;
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;
  // The extended name section's subsections (types 4, tables 5, memories 6, globals 7, element
  // segments 8, data segments 9), as LLVM writes globals' and data segments' names.
  std::map<uint32_t, std::string> types, tables, memories, globals, elements, data;
  // 3.0's: labels (3, by function, then by the label's block index in the body), struct fields
  // (10, by type then field) and tags (11).
  std::map<uint32_t, std::map<uint32_t, std::string>> labels, fields;
  std::map<uint32_t, std::string> tags;
};

struct DecodedModule {
  std::vector<uint8_t> bytes;
  // 3.0's proposals the module uses (DecodeOptions::wasm3); the validator refuses any.
  Features proposals;

  std::vector<FuncType> types;  // a 3.0 type that is no 2.0 function type holds an empty one
  std::vector<TypeDefinition> type_definitions;  // every type as 3.0 reads it
  std::vector<RecursionGroup> recursion_groups;
  std::vector<Import> imports;
  std::vector<uint32_t> function_types;  // type index of each defined function
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<WideTableType> wide_tables;  // the tables and memories as 3.0 reads them
  std::vector<WideLimits> wide_memories;
  std::vector<uint32_t> tags;  // 3.0: each defined tag's type index
  std::vector<GlobalDefinition> globals;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> bodies;
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;

  NameMap names;
  std::vector<std::string> warnings;  // e.g. a malformed name section

  // Where the code section's payload starts: DWARF and the profiler count code addresses from it.
  uint32_t code_section_offset = 0;

  // Index spaces (imports come first in each).
  uint32_t imported_function_count = 0;
  uint32_t imported_table_count = 0;
  uint32_t imported_memory_count = 0;
  uint32_t imported_global_count = 0;
  uint32_t imported_tag_count = 0;

  uint32_t function_count() const { return imported_function_count + uint32_t(function_types.size()); }
  uint32_t table_count() const { return imported_table_count + uint32_t(tables.size()); }
  uint32_t memory_count() const { return imported_memory_count + uint32_t(memories.size()); }
  uint32_t global_count() const { return imported_global_count + uint32_t(globals.size()); }
  uint32_t tag_count() const { return imported_tag_count + uint32_t(tags.size()); }

  // Type of any function in the index space; the index must be in range.
  const FuncType& function_type(uint32_t function_index) const;
  TableType table_type(uint32_t table_index) const;
  MemoryType memory_type(uint32_t memory_index) const;
  GlobalType global_type(uint32_t global_index) const;

  std::span<const uint8_t> span(ByteRange range) const { return {bytes.data() + range.offset, range.size}; }
  const CustomSection* find_custom(std::string_view name) const;
};

}  // namespace wasmprof
