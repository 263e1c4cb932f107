#include "cli/inspect.hh"

#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

#include "cli/module_file.hh"
#include "wasmprof/module.hh"

namespace wasmprof::cli {
namespace {

std::string function_name(const Module& module, uint32_t index) {
  std::optional<std::string> name = module.function_name(index);
  if (name) return *name;
  return "wasm-function[" + std::to_string(index) + "]";
}

void print_summary(const Module& module, std::ostream& out) {
  const std::vector<ImportType> imports = module.imports();
  const std::vector<ExportType> exports = module.exports();
  out << "  types: " << module.type_count() << ", imports: " << imports.size()
      << ", functions: " << module.function_count() << " (" << module.imported_function_count() << " imported)"
      << ", tables: " << module.table_count() << ", memories: " << module.memory_count()
      << ", globals: " << module.global_count() << ", exports: " << exports.size()
      << ", element segments: " << module.element_segment_count()
      << ", data segments: " << module.data_segment_count() << "\n";
  if (std::optional<std::string> name = module.name()) out << "  module name: " << *name << "\n";
  out << "  named functions: " << module.named_function_count() << "\n";

  for (const ImportType& import : imports)
    out << "  import " << to_string(import.type.kind) << " " << import.module << "." << import.name << "\n";
  for (const ExportType& entry : exports) out << "  export " << to_string(entry.type.kind) << " " << entry.name << "\n";

  // The largest function bodies: usually the first places to look.
  const uint32_t imported = module.imported_function_count();
  std::vector<FunctionLocation> bodies;  // by defined-function index
  for (uint32_t index = imported; index < module.function_count(); ++index)
    bodies.push_back(module.function_location(index).value());
  std::vector<uint32_t> order(bodies.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return bodies[a].body_size > bodies[b].body_size; });
  const size_t shown = std::min<size_t>(order.size(), 10);
  out << "  largest functions (code bytes, code-section offset, index, name):\n";
  for (size_t i = 0; i < shown; ++i) {
    const FunctionLocation& body = bodies[order[i]];
    const uint32_t index = imported + order[i];
    out << "    " << body.body_size << "\t0x" << std::hex << (body.body_offset - module.code_section_offset())
        << std::dec << "\t" << index << "\t" << function_name(module, index) << "\n";
  }
  for (const CustomSectionView& custom : module.all_custom_sections())
    out << "  custom section \"" << custom.name << "\": " << custom.payload.size() << " bytes\n";
  for (const std::string& warning : module.warnings()) out << "  warning: " << warning << "\n";
}

}  // namespace

int inspect_file(const std::string& path, std::ostream& out, std::ostream& err) {
  std::optional<std::vector<uint8_t>> contents = read_module_file(path, err);  // binary or text
  if (!contents) return 1;
  const std::span<const uint8_t> bytes(*contents);

  const Engine engine;
  // Compiling is decoding and validating: functions are translated only when first called.
  const auto start = std::chrono::steady_clock::now();
  Result<Module> module = Module::compile(engine, bytes);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  if (!module) {
    err << "wasmprof: error: " << path << ": " << module.error().to_string() << "\n";
    return 1;
  }
  out << path << ": valid WebAssembly module, " << bytes.size() << " bytes, decoded and validated in "
      << elapsed.count() << " ms\n";
  print_summary(*module, out);
  return 0;
}

}  // namespace wasmprof::cli
