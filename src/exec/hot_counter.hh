// Tiered execution's per-function state: how many entries (and loop iterations) it has counted,
// and its machine code once the compile thread has made it. Each tier_up and
// loop_tier_up instruction points at its function's counter, so counting costs the interpreter
// two loads, an increment, a store and a compare inline in the handler (calling into ModuleCode
// for each entry cost flite 14 % of its interpreted time: bench/tiering).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace wasmprof::exec {

struct CompiledFunction;
class ModuleCode;

struct HotCounter {
  // Set once by the compile thread (release: a thread that sees it sees the code).
  std::atomic<const CompiledFunction*> compiled{nullptr};
  // Entries and iterations so far, counted on after the function is queued: the compile thread
  // takes the queued function that is counting fastest. Relaxed and racy between threads running
  // one module: a lost update only delays a compile.
  std::atomic<uint32_t> entries{0};
  uint32_t queue_at = 1;  // the count at which the function is hot (Config::hot_calls)
  const ModuleCode* owner = nullptr;
  uint32_t defined_index = 0;

  // Counts one entry or iteration; the machine code once it is ready (the caller switches to
  // it), else null. Queues the function when it becomes hot.
  const CompiledFunction* count() noexcept {
    if (const CompiledFunction* code = compiled.load(std::memory_order_acquire)) [[unlikely]] return code;
    const uint32_t counted = entries.load(std::memory_order_relaxed) + 1;
    entries.store(counted, std::memory_order_relaxed);
    if (counted == queue_at) [[unlikely]] queue_hot();
    return nullptr;
  }

 private:
  void queue_hot() noexcept;  // module_code.cc
};

// A hot function waiting for the compile thread.
struct QueuedFunction {
  uint32_t defined_index;
  uint32_t entries;  // its count when queued
  std::chrono::steady_clock::time_point queued;
};

// How much compiling `hot` next is worth, to compare queued functions: how fast it has been
// counting since it was queued (entries and iterations per second: the interpreted time a
// compile would save from now on), per byte of its body (a compile takes time that grows with
// the body, and the saving starts only when it ends).
inline double compile_priority(const QueuedFunction& hot, uint32_t entries_now, uint64_t body_bytes,
                               std::chrono::steady_clock::time_point now) {
  const double counted = double(uint32_t(entries_now - hot.entries)) + 1.0;
  const double seconds = std::chrono::duration<double>(now - hot.queued).count() + 1e-6;
  return counted / seconds / double(body_bytes + 64);
}

}  // namespace wasmprof::exec
