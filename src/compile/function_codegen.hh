// Translates one validated wasm function into LLVM IR: a body whose arguments and results pass
// in registers, which compiled callers of its instance call directly, and an entry that follows
// exec's native contract (exec/native_code.hh): `i8 f(ptr fp, ptr context, ptr view, i32 loop)`,
// arguments and results in the frame's slots, traps returned with the position set; everything
// else that touches the store goes through exec's helpers. Locals and operands are SSA values (allocas that LLVM's mem2reg promotes); a scalar
// operation is a call of its semantics function (scalar_rows.hh), which the optimizer inlines.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binary/module.hh"
#include "exec/native_code.hh"
#include "exec/translator.hh"
#include "valid/context.hh"

namespace llvm {
class DICompileUnit;
class Function;
class GlobalVariable;
class Module;
}  // namespace llvm

namespace wasmprof::compile {

// Copies of small callees generated into the module of the function being compiled, so that the
// optimizer can inline them (each module holds one function and its copies: a call to another
// module's function stays a call). A copy runs as its callee would, with a wasm frame of its own
// (a machine frame of its own where it is not inlined), but its sites are its own: their code
// (exec::CompiledFunction::callee_copies of the compiled caller) is what its frames' records name.
class CalleeCopies {
 public:
  struct Copy {
    llvm::Function* function;
  };
  virtual ~CalleeCopies() = default;
  // The copy of defined-or-imported function `function_index` for the function being generated,
  // made on first use; nullopt to call the function itself (too big, a cycle, a copy's copy too
  // deep, or a function this tier cannot compile).
  virtual std::optional<Copy> copy_of(uint32_t function_index) = 0;
};

struct CodegenInput {
  const DecodedModule& module;
  const ValidationContext& index_spaces;
  const exec::TranslationOptions& options;  // epoch checks, fuel, the probe callback
  std::span<const uint32_t> probe_ids;      // exec::select_probed_functions's (empty: no probes)
  const llvm::Module& semantics;  // the semantics functions, declared in `target` on first use
  CalleeCopies* copies = nullptr;  // null: no copies, every call calls its callee
  // The target module's compile unit: each function (copies too) gets a subprogram and each
  // instruction a line, its module offset (compile/machine_code_map.hh). Null: no debug info.
  llvm::DICompileUnit* debug_unit = nullptr;
};

// What is generated: a function compiled on its own (its body, exported as body_symbol(name) and
// enterable at a loop for on-stack replacement, and its NativeEntry, exported under the name, which
// takes a view or none), or a callee's copy (internal to the module, always given its caller's
// view, entered only by a call).
enum class CodegenRole { Function, Copy };

struct CodegenOutput {
  llvm::Function* function = nullptr;  // a function's body (its arguments in registers), or the copy
  llvm::Function* entry = nullptr;     // a function's NativeEntry (named as asked), which calls the body
  // Stands for the address of the function's code words (CompiledFunction::code.data()), which
  // exist only once the sites are known: the caller replaces every use and erases it.
  llvm::GlobalVariable* code_words = nullptr;
  std::vector<uint32_t> site_offsets;  // module offset of each site, in site order
};

// Generates `name` into `target`. nullopt with `why` set when the function uses something this
// tier does not compile yet (it then stays in the interpreter); `target` is then unusable.
// A copy that fails is erased from `target`, which stays usable.
std::optional<CodegenOutput> generate_function(const CodegenInput& input, uint32_t function_index,
                                               llvm::Module& target, const std::string& name, std::string& why,
                                               CodegenRole role = CodegenRole::Function);

}  // namespace wasmprof::compile
