#include "runtime/compiler_plugin.hh"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#ifdef WASMPROF_COMPILER_LINKED
// A sanitizer build links the tier in (src/CMakeLists.txt says why).
extern "C" wasmprof::exec::NativeCompiler* wasmprof_make_native_compiler(const wasmprof::DecodedModule& module,
                                                                         const wasmprof::exec::TranslationOptions& options,
                                                                         wasmprof::exec::CompileEffort effort);
#endif

namespace wasmprof::runtime {
namespace {

#ifdef WASMPROF_COMPILER_LINKED
exec::NativeCompilerFactory load_factory() { return wasmprof_make_native_compiler; }
#else
// The plugin's factory, looked up once per process and never unloaded (its machine code and
// LLVM's state live as long as the modules compiled with it); null if it cannot be loaded.
exec::NativeCompilerFactory load_factory() {
  const char* path = std::getenv("WASMPROF_LLVM_PLUGIN");
  if (path == nullptr || *path == '\0') path = WASMPROF_LLVM_PLUGIN_PATH;
  void* plugin = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (plugin == nullptr) {
    std::fprintf(stderr, "wasmprof: the compiling tier cannot be loaded, functions stay interpreted: %s\n", dlerror());
    return nullptr;
  }
  auto factory = reinterpret_cast<exec::NativeCompilerFactory>(dlsym(plugin, exec::kNativeCompilerFactory));
  if (factory == nullptr)
    std::fprintf(stderr, "wasmprof: %s has no %s, functions stay interpreted\n", path, exec::kNativeCompilerFactory);
  return factory;
}
#endif

}  // namespace

std::unique_ptr<exec::NativeCompiler> make_native_compiler(const DecodedModule& module,
                                                           const exec::TranslationOptions& options,
                                                           exec::CompileEffort effort) {
  static const exec::NativeCompilerFactory factory = load_factory();
  return std::unique_ptr<exec::NativeCompiler>(factory ? factory(module, options, effort) : nullptr);
}

}  // namespace wasmprof::runtime
