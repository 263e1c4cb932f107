// What validation rules look up while checking code: the module's index spaces flattened
// (imports first), and the set of functions that may be referenced by ref.func (C.refs).
#pragma once

#include <vector>

#include "binary/module.hh"

namespace wasmprof {

struct ValidationContext {
  const DecodedModule& module;
  std::vector<uint32_t> function_type_indices;  // every function, imports first
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalType> globals;
  std::vector<bool> declared_references;  // by function index: may appear in ref.func

  explicit ValidationContext(const DecodedModule& m);

  const FuncType& function_type(uint32_t function_index) const {
    return module.types[function_type_indices[function_index]];
  }
};

}  // namespace wasmprof
