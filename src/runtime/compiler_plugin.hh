// The compiling tier, loaded when first asked for: a plugin (src/compile/), so that a run of the
// interpreter, or of `wasmprof report`, never loads LLVM.
#pragma once

#include <memory>

#include "binary/module.hh"
#include "exec/native_code.hh"
#include "exec/translator.hh"

namespace wasmprof::runtime {

// A compiler for `module` (valid, outliving it), or nullptr when the plugin cannot be loaded or
// has no code generator for this host (then everything is interpreted; the reason is printed
// on stderr once). The plugin is found at WASMPROF_LLVM_PLUGIN if set, else where the build put it.
std::unique_ptr<exec::NativeCompiler> make_native_compiler(const DecodedModule& module,
                                                           const exec::TranslationOptions& options,
                                                           exec::CompileEffort effort);

}  // namespace wasmprof::runtime
