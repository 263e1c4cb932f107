#include "valid/validator.hh"

#include <algorithm>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <vector>

#include "valid/context.hh"
#include "valid/function_validator.hh"

namespace wasmprof {

ValidationContext::ValidationContext(const DecodedModule& m) : module(m) {
  function_type_indices.reserve(m.function_count());
  for (const Import& import : m.imports) {
    switch (import.kind) {
      case ExternKind::Function: function_type_indices.push_back(import.type_index); break;
      case ExternKind::Table: tables.push_back(import.table); break;
      case ExternKind::Memory: memories.push_back(import.memory); break;
      case ExternKind::Global: globals.push_back(import.global); break;
    }
  }
  function_type_indices.insert(function_type_indices.end(), m.function_types.begin(), m.function_types.end());
  tables.insert(tables.end(), m.tables.begin(), m.tables.end());
  memories.insert(memories.end(), m.memories.begin(), m.memories.end());
  for (const GlobalDefinition& global : m.globals) globals.push_back(global.type);
  declared_references.assign(function_type_indices.size(), false);
}

namespace {

class ModuleValidator {
 public:
  explicit ModuleValidator(const DecodedModule& module) : module_(module), context_(module) {}

  void validate() {
    section_ = "import";
    for (const Import& import : module_.imports) validate_import(import);
    section_ = "function";
    for (uint32_t type_index : module_.function_types) require_type(type_index, 0);
    section_ = "table";
    for (const TableType& table : module_.tables) validate_table_type(table, 0);
    section_ = "memory";
    for (const MemoryType& memory : module_.memories) validate_memory_type(memory, 0);
    if (context_.memories.size() > 1) fail("multiple memories", 0);

    collect_declared_references();

    section_ = "global";
    // A global's initializer may only read imported globals (spec 3.4.10, context C').
    for (const GlobalDefinition& global : module_.globals)
      validate_const_expr(global.init, global.type.type, module_.imported_global_count);
    section_ = "export";
    validate_exports();
    section_ = "start";
    if (module_.start) validate_start(*module_.start);
    section_ = "element";
    for (const ElementSegment& segment : module_.elements) validate_element(segment);
    section_ = "data";
    for (const DataSegment& segment : module_.data) validate_data(segment);
    section_ = "code";
    validate_bodies();
  }

  std::string section_;

 private:
  [[noreturn]] void fail(std::string message, uint32_t offset) const {
    Error error;
    error.kind = ErrorKind::Invalid;
    error.message = std::move(message);
    if (offset != 0) error.offset = offset;
    error.section = section_;
    throw WasmError(std::move(error));
  }

  void require_type(uint32_t type_index, uint32_t offset) const {
    if (type_index >= module_.types.size()) fail("unknown type " + std::to_string(type_index), offset);
  }

  void validate_limits(const Limits& limits, uint64_t bound, const char* what, uint32_t offset) const {
    if (limits.min > bound) fail(std::string(what) + " size must be at most " + std::to_string(bound), offset);
    if (limits.max) {
      if (*limits.max > bound) fail(std::string(what) + " size must be at most " + std::to_string(bound), offset);
      if (limits.min > *limits.max) fail("size minimum must not be greater than maximum", offset);
    }
  }

  void validate_table_type(const TableType& type, uint32_t offset) const {
    validate_limits(type.limits, UINT32_MAX, "table", offset);
  }

  void validate_memory_type(const MemoryType& type, uint32_t offset) const {
    if (type.limits.min > kMaxPages || (type.limits.max && *type.limits.max > kMaxPages))
      fail("memory size must be at most 65536 pages (4GiB)", offset);
    validate_limits(type.limits, kMaxPages, "memory", offset);
  }

  void validate_import(const Import& import) const {
    switch (import.kind) {
      case ExternKind::Function: require_type(import.type_index, 0); break;
      case ExternKind::Table: validate_table_type(import.table, 0); break;
      case ExternKind::Memory: validate_memory_type(import.memory, 0); break;
      case ExternKind::Global: break;
    }
  }

  // C.refs: every function index mentioned outside function bodies and the start section.
  void collect_declared_references() {
    auto note = [this](const ConstExpr& expr) {
      for (const Instruction& in : expr.instructions)
        if (in.opcode == Opcode::RefFunc && in.index < context_.declared_references.size())
          context_.declared_references[in.index] = true;
    };
    for (const GlobalDefinition& global : module_.globals) note(global.init);
    for (const ElementSegment& segment : module_.elements) {
      note(segment.offset);
      for (const ConstExpr& item : segment.items) note(item);
    }
    for (const DataSegment& segment : module_.data) note(segment.offset);
    for (const Export& entry : module_.exports)
      if (entry.kind == ExternKind::Function && entry.index < context_.declared_references.size())
        context_.declared_references[entry.index] = true;
  }

  // Constant expressions (spec 3.3.10): only constant instructions, and exactly one result of
  // the expected type. `readable_globals` bounds the globals global.get may read.
  void validate_const_expr(const ConstExpr& expr, ValueType expected, uint32_t readable_globals) const {
    std::vector<ValueType> stack;
    for (const Instruction& in : expr.instructions) {
      switch (in.opcode) {
        case Opcode::I32Const: stack.push_back(ValueType::I32); break;
        case Opcode::I64Const: stack.push_back(ValueType::I64); break;
        case Opcode::F32Const: stack.push_back(ValueType::F32); break;
        case Opcode::F64Const: stack.push_back(ValueType::F64); break;
        case Opcode::V128Const: stack.push_back(ValueType::V128); break;
        case Opcode::RefNull: stack.push_back(in.value_type); break;
        case Opcode::RefFunc:
          if (in.index >= context_.function_type_indices.size())
            fail("unknown function " + std::to_string(in.index), in.offset);
          stack.push_back(ValueType::FuncRef);
          break;
        case Opcode::GlobalGet: {
          if (in.index >= readable_globals) fail("unknown global " + std::to_string(in.index), in.offset);
          const GlobalType& global = context_.globals[in.index];
          if (global.is_mutable) fail("constant expression required: global.get of a mutable global", in.offset);
          stack.push_back(global.type);
          break;
        }
        default:
          fail("constant expression required: " + std::string(opcode_name(in.opcode)) + " is not constant", in.offset);
      }
    }
    if (stack.size() != 1 || stack[0] != expected)
      fail("type mismatch: constant expression must produce exactly one " + std::string(to_string(expected)),
           expr.offset);
  }

  void validate_exports() const {
    std::unordered_set<std::string_view> names;
    names.reserve(module_.exports.size());
    for (const Export& entry : module_.exports) {
      const std::string index = std::to_string(entry.index);
      switch (entry.kind) {
        case ExternKind::Function:
          if (entry.index >= context_.function_type_indices.size()) fail("unknown function " + index, 0);
          break;
        case ExternKind::Table:
          if (entry.index >= context_.tables.size()) fail("unknown table " + index, 0);
          break;
        case ExternKind::Memory:
          if (entry.index >= context_.memories.size()) fail("unknown memory " + index, 0);
          break;
        case ExternKind::Global:
          if (entry.index >= context_.globals.size()) fail("unknown global " + index, 0);
          break;
      }
      if (!names.insert(entry.name).second) fail("duplicate export name \"" + entry.name + "\"", 0);
    }
  }

  void validate_start(uint32_t function_index) const {
    if (function_index >= context_.function_type_indices.size())
      fail("unknown function " + std::to_string(function_index), 0);
    const FuncType& type = context_.function_type(function_index);
    if (!type.params.empty() || !type.results.empty()) fail("start function must have type [] -> []", 0);
  }

  void validate_element(const ElementSegment& segment) const {
    // Segment expressions, like global initializers, may only read imported globals: the 2.0
    // test suite insists on it ("unknown global"), although the prose spec is looser.
    const uint32_t readable_globals = module_.imported_global_count;
    for (const ConstExpr& item : segment.items) validate_const_expr(item, segment.element_type, readable_globals);
    if (segment.mode != SegmentMode::Active) return;
    if (segment.table_index >= context_.tables.size())
      fail("unknown table " + std::to_string(segment.table_index), segment.position);
    if (context_.tables[segment.table_index].element != segment.element_type)
      fail("type mismatch: element segment type differs from the table's", segment.position);
    validate_const_expr(segment.offset, ValueType::I32, readable_globals);
  }

  void validate_data(const DataSegment& segment) const {
    if (segment.mode != SegmentMode::Active) return;
    if (segment.memory_index >= context_.memories.size())
      fail("unknown memory " + std::to_string(segment.memory_index), segment.position);
    validate_const_expr(segment.offset, ValueType::I32, module_.imported_global_count);
  }

  // Function bodies, once the module-level context is complete, are independent of each other,
  // and in a large module they are nearly all of validation (which is nearly all of compiling,
  // translation being lazy): a large code section is split into contiguous ranges of about
  // equal bytes, validated on several threads. The error reported is the one a single pass
  // reports, the first of the first range that has one.
  void validate_bodies() const {
    const uint32_t count = uint32_t(module_.bodies.size());
    const uint64_t bytes = count ? module_.bodies.back().entry.end() - module_.bodies.front().entry.offset : 0;
    const unsigned threads =
        bytes < kParallelValidationBytes ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, kMaxValidationThreads);
    if (threads == 1) return validate_bodies(0, count);

    std::vector<uint32_t> starts = {0};
    for (uint32_t i = 0; i < count && starts.size() < threads; ++i)
      if (module_.bodies[i].entry.offset - module_.bodies.front().entry.offset >= bytes * starts.size() / threads)
        if (i > starts.back()) starts.push_back(i);
    starts.push_back(count);
    std::vector<std::exception_ptr> failures(starts.size() - 1);
    auto run = [&](size_t range) {
      try {
        validate_bodies(starts[range], starts[range + 1]);
      } catch (...) {
        failures[range] = std::current_exception();
      }
    };
    std::vector<std::thread> workers;
    workers.reserve(starts.size());  // nothing below may throw while a worker is joinable
    for (size_t range = 1; range + 1 < starts.size(); ++range) {
      try {
        workers.emplace_back(run, range);
      } catch (const std::system_error&) {
        run(range);  // no thread to be had: this one does it
      }
    }
    run(0);
    for (std::thread& worker : workers) worker.join();
    for (const std::exception_ptr& failure : failures)
      if (failure) std::rethrow_exception(failure);
  }

  void validate_bodies(uint32_t begin, uint32_t end) const {
    FunctionValidator functions(context_);
    for (uint32_t i = begin; i < end; ++i) functions.validate(module_.imported_function_count + i, module_.bodies[i]);
  }

  // Below this much code a thread's start costs more than it saves.
  static constexpr uint64_t kParallelValidationBytes = 1u << 19;
  static constexpr unsigned kMaxValidationThreads = 8;

  const DecodedModule& module_;
  ValidationContext context_;
};

}  // namespace

Result<Ok> validate_module(const DecodedModule& module) {
  // A module read with DecodeOptions::wasm3 that uses 3.0's proposals: their rules are not here
  // yet (and everything that runs a module decodes 2.0, which refuses them as malformed).
  if (module.proposals.any()) {
    Error error;
    error.kind = ErrorKind::Limit;
    error.message = "uses WebAssembly 3.0's " + std::string(feature_name(module.proposals.first())) +
                    ", which the validator does not support yet";
    return error;
  }
  ModuleValidator validator(module);
  try {
    validator.validate();
  } catch (WasmError& failure) {
    Error error = std::move(failure.error());
    if (error.section.empty()) error.section = validator.section_;
    return error;
  }
  return Ok{};
}

}  // namespace wasmprof
