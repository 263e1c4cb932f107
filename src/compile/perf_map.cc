#include "compile/perf_map.hh"

#include <fcntl.h>
#include <unistd.h>

#include <llvm/ExecutionEngine/JITEventListener.h>
#include <llvm/Object/SymbolSize.h>
#include <llvm/Support/FormatVariadic.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "binary/module.hh"

namespace wasmprof::compile {
namespace {

// "wasm_function_<index>" or "<that>.copy_of_<index>" (llvm_compiler.cc's names) as the wasm
// function it runs, by its name-section name when there is one.
std::string wasm_name(const DecodedModule& module, std::string_view symbol) {
  constexpr std::string_view kPrefix = "wasm_function_", kCopy = ".copy_of_";
  if (!symbol.starts_with(kPrefix)) return std::string(symbol);
  std::string_view index_text = symbol.substr(kPrefix.size());
  if (const size_t copy = index_text.find(kCopy); copy != std::string_view::npos) index_text = index_text.substr(copy + kCopy.size());
  uint32_t index = 0;
  if (std::from_chars(index_text.data(), index_text.data() + index_text.size(), index).ec != std::errc{})
    return std::string(symbol);
  const auto named = module.names.functions.find(index);
  std::string name = named != module.names.functions.end() ? named->second : "wasm-function[" + std::to_string(index) + "]";
  if (symbol.find(kCopy) != std::string_view::npos) name += " (inlinable copy)";
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
    for (const auto& [symbol, size] : llvm::object::computeSymbolSizes(object)) {
      llvm::Expected<llvm::object::SymbolRef::Type> type = symbol.getType();
      llvm::Expected<llvm::StringRef> name = symbol.getName();
      llvm::Expected<uint64_t> address = symbol.getAddress();
      llvm::Expected<llvm::object::section_iterator> section = symbol.getSection();
      if (!type || !name || !address || !section || *type != llvm::object::SymbolRef::ST_Function ||
          *section == object.section_end()) {
        llvm::consumeError(type.takeError());
        llvm::consumeError(name.takeError());
        llvm::consumeError(address.takeError());
        llvm::consumeError(section.takeError());
        continue;
      }
      const uint64_t start = loaded.getSectionLoadAddress(**section) + *address - (*section)->getAddress();
      // One write per line: with O_APPEND, lines of compilers on other threads do not interleave.
      const std::string line = llvm::formatv("{0:x} {1:x} {2}\n", start, size, wasm_name(module_, *name)).str();
      if (write(fd_, line.data(), line.size()) < 0) return;
    }
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
