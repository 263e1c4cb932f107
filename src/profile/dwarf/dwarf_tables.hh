// What the DWARF reader extracts from a module's debug sections, before it is indexed: line
// table rows and the tree of code scopes (subprograms and inlined subroutines) with their
// address ranges. Addresses are code-section relative, as wasm DWARF has them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wasmprof::profile {

// File and function names, each stored once: a big module repeats the same few files in
// millions of rows.
class DwarfStrings {
 public:
  uint32_t intern(std::string_view text) {
    auto [it, inserted] = ids_.try_emplace(std::string(text), uint32_t(strings_.size()));
    if (inserted) strings_.emplace_back(text);
    return it->second;
  }
  const std::string& at(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::vector<std::string> strings_{std::string()};  // id 0 is the empty string
  std::unordered_map<std::string, uint32_t> ids_{{std::string(), 0}};
};

struct DwarfLineRow {
  uint64_t address = 0;
  uint32_t file = 0;  // DwarfStrings id
  uint32_t line = 0;
  uint32_t column = 0;
  bool end_sequence = false;
};

// A subprogram or an inlined subroutine. Parents come before their children in the vector.
struct DwarfScope {
  uint32_t name = 0;    // DwarfStrings id
  int32_t parent = -1;  // enclosing scope; -1 for a subprogram
  uint32_t depth = 0;   // 0 for a subprogram
  // Where the function is defined (DW_AT_decl_file/line, of the abstract origin if need be).
  uint32_t declaration_file = 0;
  uint32_t declaration_line = 0;
  // Inlined subroutines: where in the parent the call was inlined.
  uint32_t call_file = 0;
  uint32_t call_line = 0;
  uint32_t call_column = 0;
};

struct DwarfRange {
  uint64_t low = 0;
  uint64_t high = 0;  // exclusive
  uint32_t scope = 0;
};

struct DwarfTables {
  DwarfStrings strings;
  std::vector<DwarfLineRow> lines;  // in the order of each CU's sequences
  std::vector<DwarfScope> scopes;
  std::vector<DwarfRange> ranges;
  std::vector<std::string> warnings;
};

}  // namespace wasmprof::profile
