#include "cli/inspect.hh"

#include <algorithm>
#include <chrono>
#include <vector>

#include "binary/decoder.hh"
#include "support/read_file.hh"
#include "valid/validator.hh"

namespace wasmprof::cli {
namespace {

std::string function_name(const DecodedModule& module, uint32_t index) {
  auto found = module.names.functions.find(index);
  if (found != module.names.functions.end()) return found->second;
  return "wasm-function[" + std::to_string(index) + "]";
}

void print_summary(const DecodedModule& module, std::ostream& out) {
  out << "  types: " << module.types.size() << ", imports: " << module.imports.size()
      << ", functions: " << module.function_count() << " (" << module.imported_function_count << " imported)"
      << ", tables: " << module.table_count() << ", memories: " << module.memory_count()
      << ", globals: " << module.global_count() << ", exports: " << module.exports.size()
      << ", element segments: " << module.elements.size() << ", data segments: " << module.data.size() << "\n";
  if (module.names.has_module_name) out << "  module name: " << module.names.module_name << "\n";
  out << "  named functions: " << module.names.functions.size() << "\n";

  for (const Import& import : module.imports)
    out << "  import " << to_string(import.kind) << " " << import.module << "." << import.name << "\n";
  for (const Export& entry : module.exports) out << "  export " << to_string(entry.kind) << " " << entry.name << "\n";

  // The largest function bodies: usually the first places to look.
  std::vector<uint32_t> order(module.bodies.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return module.bodies[a].entry.size > module.bodies[b].entry.size; });
  const size_t shown = std::min<size_t>(order.size(), 10);
  out << "  largest functions (code bytes, code-section offset, index, name):\n";
  for (size_t i = 0; i < shown; ++i) {
    const FunctionBody& body = module.bodies[order[i]];
    const uint32_t index = module.imported_function_count + order[i];
    out << "    " << body.entry.size << "\t0x" << std::hex << (body.entry.offset - module.code_section_offset)
        << std::dec << "\t" << index << "\t" << function_name(module, index) << "\n";
  }
  for (const CustomSection& custom : module.customs)
    out << "  custom section \"" << custom.name << "\": " << custom.payload.size << " bytes\n";
  for (const std::string& warning : module.warnings) out << "  warning: " << warning << "\n";
}

}  // namespace

int inspect_file(const std::string& path, std::ostream& out, std::ostream& err) {
  Result<std::string> text = read_file(path);
  if (!text) {
    err << "wasmprof: error: " << text.error().message << "\n";
    return 1;
  }
  const std::vector<uint8_t> bytes(text->begin(), text->end());

  const auto start = std::chrono::steady_clock::now();
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) {
    err << "wasmprof: error: " << path << ": " << module.error().to_string() << "\n";
    return 1;
  }
  Result<Ok> valid = validate_module(*module);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  if (!valid) {
    err << "wasmprof: error: " << path << ": " << valid.error().to_string() << "\n";
    return 1;
  }
  out << path << ": valid WebAssembly module, " << bytes.size() << " bytes, decoded and validated in "
      << elapsed.count() << " ms\n";
  print_summary(*module, out);
  return 0;
}

}  // namespace wasmprof::cli
