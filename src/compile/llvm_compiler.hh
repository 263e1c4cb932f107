// The compiling tier: wasm functions to x86-64 machine code through LLVM (ORC's LLJIT, the -O2
// pipeline), one function at a time at its first call. What it cannot compile yet stays in the
// interpreter, function by function (exec/native_code.hh: both kinds call each other).
#pragma once

#include <memory>

#include "binary/module.hh"
#include "exec/native_code.hh"
#include "exec/translator.hh"

namespace wasmprof::compile {

// A compiler for `module` (valid, outliving it), or nullptr where this host has no code
// generator (then everything is interpreted). Each compiler owns its machine code, which lives
// as long as it does.
std::unique_ptr<exec::NativeCompiler> make_llvm_compiler(const DecodedModule& module,
                                                         const exec::TranslationOptions& options,
                                                         exec::CompileEffort effort = exec::CompileEffort::Full);

}  // namespace wasmprof::compile
