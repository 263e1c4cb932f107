#include "exec/module_code.hh"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <thread>

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

// Tiering::WhenHot: one thread per module compiles the functions queued as hot, one at a time, so
// the guest keeps running in the interpreter meanwhile. Started at the first hot function.
struct ModuleCode::CompileThread {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<uint32_t> queue;  // defined indices
  bool stopping = false;
  std::vector<std::unique_ptr<const CompiledFunction>> compiled;  // owned; never freed before the module
  std::thread thread;
};

namespace {

TranslationOptions with_tier_up(TranslationOptions options, const void* owner, bool counted) {
  if (counted) options.tier_up = owner;
  return options;
}

}  // namespace

ModuleCode::ModuleCode(const DecodedModule& module, TranslationOptions options,
                       std::unique_ptr<NativeCompiler> compiler, Tiering tiering, uint32_t hot_calls)
    : module_(module),
      translated_(std::make_unique<std::atomic<const CompiledFunction*>[]>(module.bodies.size())),
      translator_(module, with_tier_up(options, this, compiler != nullptr && tiering == Tiering::WhenHot)),
      compiler_(std::move(compiler)),
      tiering_(tiering),
      hot_calls_(std::max<uint32_t>(hot_calls, 1)),
      owned_(module.bodies.size()) {
  stubs_.reserve(module.bodies.size());
  for (uint32_t i = 0; i < module.bodies.size(); ++i) stubs_.push_back(make_stub(this, module, i));
  if (compiler_ && tiering_ == Tiering::WhenHot) {
    entries_ = std::make_unique<std::atomic<uint32_t>[]>(module.bodies.size());
    compiled_ = std::make_unique<std::atomic<const CompiledFunction*>[]>(module.bodies.size());
    compile_thread_ = std::make_unique<CompileThread>();
  }
}

ModuleCode::~ModuleCode() {
  if (compile_thread_ && compile_thread_->thread.joinable()) {
    {
      std::lock_guard lock(compile_thread_->mutex);
      compile_thread_->stopping = true;
    }
    compile_thread_->wake.notify_one();
    compile_thread_->thread.join();
  }
}

const CompiledFunction* ModuleCode::tier_up(uint32_t defined_index) const noexcept {
  if (const CompiledFunction* compiled = compiled_[defined_index].load(std::memory_order_acquire)) return compiled;
  const uint32_t entries = entries_[defined_index].load(std::memory_order_relaxed) + 1;
  entries_[defined_index].store(entries, std::memory_order_relaxed);
  if (entries != hot_calls_) return nullptr;
  CompileThread& worker = *compile_thread_;
  try {
    std::lock_guard lock(worker.mutex);
    worker.queue.push_back(defined_index);
    if (!worker.thread.joinable()) {
      worker.thread = std::thread([this, &worker] {
        std::unique_lock lock(worker.mutex);
        while (true) {
          worker.wake.wait(lock, [&] { return worker.stopping || !worker.queue.empty(); });
          if (worker.stopping) return;
          const uint32_t index = worker.queue.front();
          worker.queue.pop_front();
          lock.unlock();
          std::optional<CompiledFunction> native;
          try {
            native = compiler_->compile(index);
          } catch (const std::exception&) {  // out of memory: the function stays interpreted
          }
          lock.lock();
          if (native) {
            worker.compiled.push_back(std::make_unique<const CompiledFunction>(std::move(*native)));
            // Release: a guest thread that sees the pointer sees the code and its entry.
            compiled_[index].store(worker.compiled.back().get(), std::memory_order_release);
          }
        }
      });
    }
  } catch (const std::exception&) {  // no thread or no memory: the function stays interpreted
    return nullptr;
  }
  worker.wake.notify_one();
  return nullptr;
}

const CompiledFunction* ModuleCode::entry(uint32_t defined_index) const {
  const CompiledFunction* code = translated_[defined_index].load(std::memory_order_acquire);
  return code ? code : &stubs_[defined_index];
}

bool ModuleCode::is_translated(uint32_t defined_index) const {
  return translated_[defined_index].load(std::memory_order_acquire) != nullptr;
}

bool ModuleCode::is_native(uint32_t defined_index) const {
  if (compiled_ && compiled_[defined_index].load(std::memory_order_acquire)) return true;
  Result<const CompiledFunction*> code = translated(defined_index);
  return code && native_entry(*code.value()) != nullptr;
}

Result<const CompiledFunction*> ModuleCode::translated(uint32_t defined_index) const {
  if (const CompiledFunction* code = translated_[defined_index].load(std::memory_order_acquire)) return code;
  std::lock_guard lock(mutex_);
  // Another thread may have translated it while this one waited.
  if (const CompiledFunction* code = translated_[defined_index].load(std::memory_order_relaxed)) return code;
  const bool compile_now = compiler_ && tiering_ == Tiering::AtFirstCall;
  std::optional<CompiledFunction> native = compile_now ? compiler_->compile(defined_index) : std::nullopt;
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
