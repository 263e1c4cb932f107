#include "runtime/compiler_plugin.hh"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

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
// The folder (with its final '/') of the file this code was loaded from: libwasmprof.so's for a
// program linked to the shared library, the program's own otherwise; empty if unknown.
std::string own_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_folder), &info) == 0 || info.dli_fname == nullptr) return "";
  std::string file = info.dli_fname;
  size_t slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash + 1);
}

// Where the plugin is: WASMPROF_LLVM_PLUGIN if set; else where an installed program finds it (the
// install's layout, relative to the running executable's folder, so a prefix chosen at install
// time works); else where an installed libwasmprof.so finds it (relative to the library's
// folder, for any program linked to it); else the build tree's; else the install prefix configured.
std::string plugin_path() {
  const char* variable = std::getenv("WASMPROF_LLVM_PLUGIN");
  if (variable != nullptr && *variable != '\0') return variable;
  std::string executable(4096, '\0');
  ssize_t length = readlink("/proc/self/exe", executable.data(), executable.size());
  if (length > 0 && static_cast<size_t>(length) < executable.size()) {
    executable.resize(static_cast<size_t>(length));
    std::string installed = executable.substr(0, executable.rfind('/') + 1) + WASMPROF_LLVM_PLUGIN_FROM_BINDIR;
    if (access(installed.c_str(), R_OK) == 0) return installed;
  }
  const std::string library_folder = own_folder();
  if (!library_folder.empty()) {
    std::string installed = library_folder + WASMPROF_LLVM_PLUGIN_FROM_LIBDIR;
    if (access(installed.c_str(), R_OK) == 0) return installed;
  }
  if (access(WASMPROF_LLVM_PLUGIN_PATH, R_OK) == 0) return WASMPROF_LLVM_PLUGIN_PATH;
  return WASMPROF_LLVM_PLUGIN_INSTALLED;
}

exec::NativeCompilerFactory load_factory() {
  const std::string path_text = plugin_path();
  const char* path = path_text.c_str();
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
