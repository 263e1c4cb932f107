// Module: a compiled (decoded and validated) WebAssembly module, whose functions are translated
// for the interpreter at their first call. Immutable to its users; copies share it, and it can
// be instantiated in any store of its engine, from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmprof/engine.hh"
#include "wasmprof/result.hh"
#include "wasmprof/types.hh"

namespace wasmprof {

namespace runtime {
struct CompiledModule;  // only named here; detail::HandleAccess (runtime/handles.hh) reaches it
}

// The type of an import or export.
struct ExternType {
  ExternKind kind = ExternKind::Function;
  FuncType func;      // kind == Function
  TableType table;    // kind == Table
  MemoryType memory;  // kind == Memory
  GlobalType global;  // kind == Global
};

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

// A custom section as it lies in the module's bytes; valid as long as the module.
struct CustomSectionView {
  std::string_view name;
  std::span<const uint8_t> payload;
};

// Where a defined function's body lies in the module's bytes.
struct FunctionLocation {
  uint32_t body_offset = 0;  // module-relative offset of the body (its local declarations)
  uint32_t body_size = 0;
};

namespace detail {
struct HandleAccess;
}

class Module {
 public:
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  static Result<Module> from_file(const Engine& engine, const std::filesystem::path& path);

  // The module's name from the name section, if it has one.
  std::optional<std::string> name() const;
  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;

  // Functions, by wasm function index (imports first).
  uint32_t function_count() const;
  uint32_t imported_function_count() const;
  std::optional<std::string> function_name(uint32_t function_index) const;  // from the name section
  std::optional<FunctionLocation> function_location(uint32_t function_index) const;  // defined functions
  // Functions the name section names.
  uint32_t named_function_count() const;
  // Where the code section's payload starts: DWARF addresses count from here.
  uint32_t code_section_offset() const;

  // The sizes of the other index spaces (imports included) and of the segment lists.
  uint32_t type_count() const;
  uint32_t table_count() const;
  uint32_t memory_count() const;
  uint32_t global_count() const;
  uint32_t element_segment_count() const;
  uint32_t data_segment_count() const;

  // Payloads of the custom sections with this name, in module order.
  std::vector<std::span<const uint8_t>> custom_sections(std::string_view name) const;
  // Every custom section, in module order.
  std::vector<CustomSectionView> all_custom_sections() const;
  std::span<const uint8_t> bytes() const;
  // Warnings from decoding that did not make the module invalid (e.g. a malformed name section).
  const std::vector<std::string>& warnings() const;

  const Engine& engine() const { return engine_; }
  // Two handles of the same compiled module are equal; the profiler matches frames by this.
  bool operator==(const Module& other) const { return compiled_ == other.compiled_; }
  const void* id() const;

 private:
  friend struct detail::HandleAccess;  // runtime/handles.hh
  Module(Engine engine, std::shared_ptr<const runtime::CompiledModule> compiled)
      : engine_(std::move(engine)), compiled_(std::move(compiled)) {}
  Engine engine_;
  std::shared_ptr<const runtime::CompiledModule> compiled_;
};

}  // namespace wasmprof
