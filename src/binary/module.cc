#include "binary/module.hh"

namespace wasmprof {
namespace {

// The n-th import of a kind, which callers have already bounds-checked via the counts.
const Import& nth_import(const std::vector<Import>& imports, ExternKind kind, uint32_t n) {
  for (const Import& import : imports) {
    if (import.kind != kind || import.is_tag) continue;  // a tag's kind reads as a function's
    if (n == 0) return import;
    --n;
  }
  return imports.front();  // not reached for an index below the import count
}

}  // namespace

const FuncType& DecodedModule::function_type(uint32_t function_index) const {
  if (function_index < imported_function_count)
    return types[nth_import(imports, ExternKind::Function, function_index).type_index];
  return types[function_types[function_index - imported_function_count]];
}

TableType DecodedModule::table_type(uint32_t table_index) const {
  if (table_index < imported_table_count) return nth_import(imports, ExternKind::Table, table_index).table;
  return tables[table_index - imported_table_count];
}

MemoryType DecodedModule::memory_type(uint32_t memory_index) const {
  if (memory_index < imported_memory_count) return nth_import(imports, ExternKind::Memory, memory_index).memory;
  return memories[memory_index - imported_memory_count];
}

GlobalType DecodedModule::global_type(uint32_t global_index) const {
  if (global_index < imported_global_count) return nth_import(imports, ExternKind::Global, global_index).global;
  return globals[global_index - imported_global_count].type;
}

const CustomSection* DecodedModule::find_custom(std::string_view name) const {
  for (const CustomSection& custom : customs)
    if (custom.name == name) return &custom;
  return nullptr;
}

}  // namespace wasmprof
