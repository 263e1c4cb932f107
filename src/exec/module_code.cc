#include "exec/module_code.hh"

#include <exception>

#include "exec/handlers.hh"
#include "exec/interpreter.hh"

namespace wasmprof::exec {
namespace {

// A function's stub: a frame of its parameters only (lazy_enter checks and clears the rest
// once it knows the translated frame), and one instruction, [lazy_enter][ModuleCode*][pair{defined
// index|-}], attributed to the start of the body so that a sample or trap there is placed.
CompiledFunction make_stub(const ModuleCode* code, const DecodedModule& module, uint32_t defined_index) {
  const FuncType& type = module.types[module.function_types[defined_index]];
  CompiledFunction stub;
  stub.code = {Word{.u64 = uint64_t(HandlerId::lazy_enter)}, Word{.pointer = code}, Word{.pair = {defined_index, 0}}};
  stub.param_slots = slot_count(type.params);
  stub.local_slots = stub.param_slots;
  stub.frame_slots = stub.param_slots;
  stub.result_slots = slot_count(type.results);
  stub.offsets = {{0, uint32_t(module.bodies[defined_index].code.offset)}};
  return stub;
}

}  // namespace

ModuleCode::ModuleCode(const DecodedModule& module, TranslationOptions options,
                       std::unique_ptr<NativeCompiler> compiler)
    : module_(module),
      translated_(std::make_unique<std::atomic<const CompiledFunction*>[]>(module.bodies.size())),
      translator_(module, options),
      compiler_(std::move(compiler)),
      owned_(module.bodies.size()) {
  stubs_.reserve(module.bodies.size());
  for (uint32_t i = 0; i < module.bodies.size(); ++i) stubs_.push_back(make_stub(this, module, i));
}

ModuleCode::~ModuleCode() = default;

const CompiledFunction* ModuleCode::entry(uint32_t defined_index) const {
  const CompiledFunction* code = translated_[defined_index].load(std::memory_order_acquire);
  return code ? code : &stubs_[defined_index];
}

bool ModuleCode::is_translated(uint32_t defined_index) const {
  return translated_[defined_index].load(std::memory_order_acquire) != nullptr;
}

bool ModuleCode::is_native(uint32_t defined_index) const {
  Result<const CompiledFunction*> code = translated(defined_index);
  return code && code.value()->code[0].u64 == uint64_t(HandlerId::native_enter);
}

Result<const CompiledFunction*> ModuleCode::translated(uint32_t defined_index) const {
  if (const CompiledFunction* code = translated_[defined_index].load(std::memory_order_acquire)) return code;
  std::lock_guard lock(mutex_);
  // Another thread may have translated it while this one waited.
  if (const CompiledFunction* code = translated_[defined_index].load(std::memory_order_relaxed)) return code;
  std::optional<CompiledFunction> native = compiler_ ? compiler_->compile(defined_index) : std::nullopt;
  if (native) {
    // A move keeps the code words where the compiled code points at its sites.
    owned_[defined_index] = std::make_unique<const CompiledFunction>(std::move(*native));
  } else {
    Result<CompiledFunction> function = translator_.translate(module_.imported_function_count + defined_index);
    if (!function) return function.error();
    owned_[defined_index] = std::make_unique<const CompiledFunction>(std::move(function).value());
  }
  // Release: a thread that sees the pointer sees the code it points to.
  translated_[defined_index].store(owned_[defined_index].get(), std::memory_order_release);
  return owned_[defined_index].get();
}

const CompiledFunction* ModuleCode::translated_or_null(uint32_t defined_index) const noexcept {
  try {
    Result<const CompiledFunction*> code = translated(defined_index);
    return code ? code.value() : nullptr;
  } catch (const std::exception&) {  // out of memory, or the lock failed: the call cannot proceed
    return nullptr;
  }
}

Result<Ok> ModuleCode::translate_all() const {
  for (uint32_t i = 0; i < size(); ++i) {
    Result<const CompiledFunction*> code = translated(i);
    if (!code) return code.error();
  }
  return Ok{};
}

}  // namespace wasmprof::exec
