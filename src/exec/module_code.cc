#include "exec/module_code.hh"

#include <algorithm>
#include <condition_variable>
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

// The queued function whose compile should save the guest the most interpreted time soonest
// (first come, first served, flite's 7 KB dlmalloc held the compile thread for 0.5 s while the
// functions of 75 % of its time waited behind it).
uint32_t take_hottest(std::vector<QueuedFunction>& queue, const HotCounter* counters, const DecodedModule& module) {
  const auto now = std::chrono::steady_clock::now();
  auto priority = [&](const QueuedFunction& hot) {
    return compile_priority(hot, counters[hot.defined_index].entries.load(std::memory_order_relaxed),
                            module.bodies[hot.defined_index].code.size, now);
  };
  auto hottest = std::max_element(queue.begin(), queue.end(),
                                  [&](const auto& a, const auto& b) { return priority(a) < priority(b); });
  const uint32_t index = hottest->defined_index;
  queue.erase(hottest);
  return index;
}

}  // namespace

// Tiering::WhenHot: one thread per module compiles the functions queued as hot, one at a time, so
// the guest keeps running in the interpreter meanwhile. Started at the first hot function.
struct ModuleCode::CompileThread {
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<QueuedFunction> queue;
  std::vector<bool> queued;  // by defined index: once (a count that wraps around comes back)
  bool stopping = false;
  std::vector<std::unique_ptr<const CompiledFunction>> compiled;  // owned; never freed before the module
  std::thread thread;
};

namespace {

TranslationOptions with_hot_counters(TranslationOptions options, HotCounter* counters) {
  options.hot_counters = counters;
  return options;
}

std::unique_ptr<HotCounter[]> make_hot_counters(const ModuleCode* owner, uint32_t count, uint32_t hot_calls) {
  auto counters = std::make_unique<HotCounter[]>(count);
  for (uint32_t i = 0; i < count; ++i) {
    counters[i].queue_at = std::max<uint32_t>(hot_calls, 1);
    counters[i].owner = owner;
    counters[i].defined_index = i;
  }
  return counters;
}

}  // namespace

ModuleCode::ModuleCode(const DecodedModule& module, TranslationOptions options, CompilerMaker make_compiler,
                       Tiering tiering, uint32_t hot_calls)
    : module_(module),
      translated_(std::make_unique<std::atomic<const CompiledFunction*>[]>(module.bodies.size())),
      tiering_(tiering),
      hot_counters_(make_compiler && tiering == Tiering::WhenHot
                        ? make_hot_counters(this, uint32_t(module.bodies.size()), hot_calls)
                        : nullptr),
      translator_(module, with_hot_counters(options, hot_counters_.get())),
      make_compiler_(std::move(make_compiler)),
      owned_(module.bodies.size()),
      native_index_(make_compiler_ ? std::make_unique<NativeCodeIndex>(module.bodies.size()) : nullptr) {
  stubs_.reserve(module.bodies.size());
  for (uint32_t i = 0; i < module.bodies.size(); ++i) stubs_.push_back(make_stub(this, module, i));
  if (hot_counters_) compile_thread_ = std::make_unique<CompileThread>();
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

void HotCounter::queue_hot() noexcept { owner->queue_hot(defined_index); }

void ModuleCode::queue_hot(uint32_t defined_index) const noexcept {
  CompileThread& worker = *compile_thread_;
  try {
    std::lock_guard lock(worker.mutex);
    if (worker.queued.empty()) worker.queued.resize(size());
    if (worker.queued[defined_index]) return;
    worker.queued[defined_index] = true;
    worker.queue.push_back({defined_index, hot_counters_[defined_index].entries.load(std::memory_order_relaxed),
                            std::chrono::steady_clock::now()});
    if (!worker.thread.joinable()) worker.thread = std::thread([this] { compile_hot_functions(); });
  } catch (const std::exception&) {  // no thread or no memory: the function stays interpreted
    return;
  }
  worker.wake.notify_one();
}

void ModuleCode::compile_hot_functions() const {
  CompileThread& worker = *compile_thread_;
  // Made here, so that loading the compiler never holds up the guest.
  try {
    compiler_ = make_compiler_();
  } catch (const std::exception&) {  // out of memory: everything stays interpreted
  }
  std::unique_lock lock(worker.mutex);
  while (true) {
    worker.wake.wait(lock, [&] { return worker.stopping || !worker.queue.empty(); });
    if (worker.stopping) return;
    const uint32_t index = take_hottest(worker.queue, hot_counters_.get(), module_);
    if (!compiler_) continue;
    lock.unlock();
    std::optional<CompiledFunction> native;
    try {
      native = compiler_->compile(index);
    } catch (const std::exception&) {  // out of memory: the function stays interpreted
    }
    lock.lock();
    if (native) {
      worker.compiled.push_back(std::make_unique<const CompiledFunction>(std::move(*native)));
      index_native_code(*worker.compiled.back());
      // Release: a guest thread that sees the pointer sees the code and its entry.
      hot_counters_[index].compiled.store(worker.compiled.back().get(), std::memory_order_release);
    }
  }
}

const CompiledFunction* ModuleCode::entry(uint32_t defined_index) const {
  const CompiledFunction* code = translated_[defined_index].load(std::memory_order_acquire);
  return code ? code : &stubs_[defined_index];
}

bool ModuleCode::is_translated(uint32_t defined_index) const {
  return translated_[defined_index].load(std::memory_order_acquire) != nullptr;
}

bool ModuleCode::is_native(uint32_t defined_index) const {
  if (hot_counters_ && hot_counters_[defined_index].compiled.load(std::memory_order_acquire)) return true;
  Result<const CompiledFunction*> code = translated(defined_index);
  return code && native_entry(*code.value()) != nullptr;
}

Result<const CompiledFunction*> ModuleCode::translated(uint32_t defined_index) const {
  if (const CompiledFunction* code = translated_[defined_index].load(std::memory_order_acquire)) return code;
  std::lock_guard lock(mutex_);
  // Another thread may have translated it while this one waited.
  if (const CompiledFunction* code = translated_[defined_index].load(std::memory_order_relaxed)) return code;
  if (make_compiler_ && tiering_ == Tiering::AtFirstCall && !compiler_made_) {
    compiler_made_ = true;
    compiler_ = make_compiler_();
  }
  const bool compile_now = compiler_ && tiering_ == Tiering::AtFirstCall;
  std::optional<CompiledFunction> native = compile_now ? compiler_->compile(defined_index) : std::nullopt;
  if (native) {
    // A move keeps the code words where the compiled code points at its sites.
    owned_[defined_index] = std::make_unique<const CompiledFunction>(std::move(*native));
    index_native_code(*owned_[defined_index]);
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

void ModuleCode::index_native_code(const CompiledFunction& code) const noexcept {
  const MachineCodeMap& map = code.machine_map;
  // No map: the sampler leaves samples in it to check points.
  if (!map.ranges.empty() && native_index_) native_index_->add(map.ranges.front().start, map.ranges.back().start, &code);
}

const CompiledFunction* ModuleCode::native_code_containing(uintptr_t pc) const noexcept {
  return native_index_ ? native_index_->find(pc) : nullptr;
}

}  // namespace wasmprof::exec
