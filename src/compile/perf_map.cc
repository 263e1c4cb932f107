#include "compile/perf_map.hh"

#include <fcntl.h>
#include <unistd.h>

#include <llvm/ExecutionEngine/JITEventListener.h>
#include <llvm/Support/FormatVariadic.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "binary/module.hh"
#include "compile/jit_symbols.hh"

namespace wasmprof::compile {
namespace {

// A function symbol of the compiler's (jit_symbols.hh) as the wasm function it runs, by its
// name-section name when there is one.
std::string wasm_name(const DecodedModule& module, std::string_view symbol) {
  const std::optional<JitSymbol> function = parse_jit_symbol(symbol);
  if (!function) return std::string(symbol);
  const auto named = module.names.functions.find(function->function_index);
  std::string name = named != module.names.functions.end() ? named->second
                                                            : "wasm-function[" + std::to_string(function->function_index) + "]";
  if (function->copy) name += " (inlinable copy)";
  return name;
}

class PerfMapWriter final : public llvm::JITEventListener {
 public:
  explicit PerfMapWriter(const DecodedModule& module) : module_(module) {
    const std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
  ~PerfMapWriter() override {
    if (fd_ >= 0) close(fd_);
  }

  void notifyObjectLoaded(ObjectKey, const llvm::object::ObjectFile& object,
                          const llvm::RuntimeDyld::LoadedObjectInfo& loaded) override {
    if (fd_ < 0) return;
    for_each_function_symbol(object, [&](const FunctionSymbol& symbol) {
      const uint64_t start = loaded.getSectionLoadAddress(symbol.section) + symbol.address - symbol.section.getAddress();
      // One write per line: with O_APPEND, lines of compilers on other threads do not interleave.
      const std::string line = llvm::formatv("{0:x} {1:x} {2}\n", start, symbol.size, wasm_name(module_, symbol.name)).str();
      if (fd_ >= 0 && write(fd_, line.data(), line.size()) < 0) {
        close(fd_);  // the map cannot be written: stop trying
        fd_ = -1;
      }
    });
  }

 private:
  const DecodedModule& module_;
  int fd_ = -1;
};

}  // namespace

bool perf_map_requested() {
  const char* value = std::getenv("WASMPROF_PERFMAP");
  return value != nullptr && std::string_view(value) == "1";
}

std::unique_ptr<llvm::JITEventListener> make_perf_map_writer(const DecodedModule& module) {
  return std::make_unique<PerfMapWriter>(module);
}

}  // namespace wasmprof::compile
