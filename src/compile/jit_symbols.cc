#include "compile/jit_symbols.hh"

#include <llvm/Object/SymbolSize.h>

#include <charconv>

namespace wasmprof::compile {
namespace {

constexpr std::string_view kFunctionPrefix = "wasm_function_", kCopyInfix = ".copy_of_", kBodySuffix = ".body";

std::optional<uint32_t> whole_index(std::string_view text) {
  uint32_t index = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return index;
}

}  // namespace

std::string function_symbol(uint32_t function_index) {
  return std::string(kFunctionPrefix) + std::to_string(function_index);
}

std::string body_symbol(std::string_view function_symbol) { return std::string(function_symbol) + std::string(kBodySuffix); }

std::string copy_symbol(std::string_view caller_symbol, uint32_t function_index) {
  return std::string(caller_symbol) + std::string(kCopyInfix) + std::to_string(function_index);
}

std::optional<JitSymbol> parse_jit_symbol(std::string_view name) {
  if (!name.starts_with(kFunctionPrefix)) return std::nullopt;
  if (name.ends_with(kBodySuffix)) name.remove_suffix(kBodySuffix.size());
  // A copy made inside a copy names the innermost callee last.
  if (const size_t copy = name.rfind(kCopyInfix); copy != std::string_view::npos) {
    if (!parse_jit_symbol(name.substr(0, copy))) return std::nullopt;
    const std::optional<uint32_t> index = whole_index(name.substr(copy + kCopyInfix.size()));
    return index ? std::optional<JitSymbol>(JitSymbol{*index, true}) : std::nullopt;
  }
  const std::optional<uint32_t> index = whole_index(name.substr(kFunctionPrefix.size()));
  return index ? std::optional<JitSymbol>(JitSymbol{*index, false}) : std::nullopt;
}

void for_each_function_symbol(const llvm::object::ObjectFile& object,
                              const std::function<void(const FunctionSymbol&)>& visit) {
  for (const auto& [symbol, size] : llvm::object::computeSymbolSizes(object)) {
    llvm::Expected<llvm::object::SymbolRef::Type> type = symbol.getType();
    llvm::Expected<llvm::StringRef> name = symbol.getName();
    llvm::Expected<uint64_t> address = symbol.getAddress();
    llvm::Expected<llvm::object::section_iterator> section = symbol.getSection();
    if (!type || !name || !address || !section || *type != llvm::object::SymbolRef::ST_Function || size == 0 ||
        *section == object.section_end()) {
      llvm::consumeError(type.takeError());
      llvm::consumeError(name.takeError());
      llvm::consumeError(address.takeError());
      llvm::consumeError(section.takeError());
      continue;
    }
    visit(FunctionSymbol{std::string_view(name->data(), name->size()), *address, size, **section});
  }
}

}  // namespace wasmprof::compile
