// The compiling tier's one exported symbol (exec/native_code.hh's kNativeCompilerFactory): the
// runtime finds it in this plugin when a compiling strategy is asked for.
#include "compile/llvm_compiler.hh"

extern "C" __attribute__((visibility("default"))) wasmprof::exec::NativeCompiler* wasmprof_make_native_compiler(
    const wasmprof::DecodedModule& module, const wasmprof::exec::TranslationOptions& options,
    wasmprof::exec::CompileEffort effort) {
  return wasmprof::compile::make_llvm_compiler(module, options, effort).release();
}
