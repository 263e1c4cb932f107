// Which compiled function's machine code holds a program counter: what a sampler's signal handler
// asks for every return address of the stack it walks, while a compile thread may be adding
// code. A binary search over the functions' spans kept sorted by start, under a sequence lock
// that lets a reader see that an add moved entries under it; a linear scan of every compiled
// function, once per frame, cost a real program's thousands of functions per frame.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace wasmprof::exec {

struct CompiledFunction;

class NativeCodeIndex {
 public:
  // Room for `capacity` functions (each compiles once: the module's defined functions).
  explicit NativeCodeIndex(size_t capacity);

  // The code in [start, end). One writer at a time (any thread); an add beyond the capacity is
  // dropped (its code is then found by no one: samples there wait for a check point).
  void add(uintptr_t start, uintptr_t end, const CompiledFunction* code) noexcept;

  // The function whose code holds `pc`, or null. Async-signal-safe and wait-free: also null
  // when an add moved entries during the search, twice in a row (a writer interrupted on the
  // reader's own thread never finishes while the reader runs).
  const CompiledFunction* find(uintptr_t pc) const noexcept;

  size_t size() const noexcept { return count_.load(std::memory_order_acquire); }

 private:
  struct Entry {
    std::atomic<uintptr_t> start{0}, end{0};
    std::atomic<const CompiledFunction*> code{nullptr};
  };
  const CompiledFunction* search(uintptr_t pc, uint32_t count) const noexcept;

  std::unique_ptr<Entry[]> entries_;
  size_t capacity_;
  std::atomic<uint32_t> count_{0};
  std::atomic<uint32_t> sequence_{0};  // odd while add() moves entries
};

}  // namespace wasmprof::exec
