// The names the compiler gives the machine code it makes, written and read here only: a wasm
// function's entry from the interpreter (exec's NativeEntry) is the symbol "wasm_function_<index>",
// its body (arguments in registers, and the debug-info subprogram of that name) "<symbol>.body",
// a copy of callee <index> made inside it "<caller>.copy_of_<index>". The JIT's listeners (the machine
// code map, perf's map) read the function symbols of each loaded object through
// for_each_function_symbol.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <llvm/Object/ObjectFile.h>

namespace wasmprof::compile {

std::string function_symbol(uint32_t function_index);
std::string body_symbol(std::string_view function_symbol);
std::string copy_symbol(std::string_view caller_symbol, uint32_t function_index);

// The wasm function a symbol or subprogram name runs; nullopt if the compiler made no such name.
struct JitSymbol {
  uint32_t function_index;
  bool copy;  // a callee's copy (copy_symbol), whose function_index is the callee's
};
std::optional<JitSymbol> parse_jit_symbol(std::string_view name);

// Each function symbol of `object` with code (its name, address and size as the object has
// them, and its section), skipping the rest.
struct FunctionSymbol {
  std::string_view name;
  uint64_t address;
  uint64_t size;
  llvm::object::SectionRef section;
};
void for_each_function_symbol(const llvm::object::ObjectFile& object,
                              const std::function<void(const FunctionSymbol&)>& visit);

}  // namespace wasmprof::compile
