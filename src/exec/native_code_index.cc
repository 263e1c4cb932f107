#include "exec/native_code_index.hh"

#include <algorithm>

namespace wasmprof::exec {

NativeCodeIndex::NativeCodeIndex(size_t capacity) : entries_(std::make_unique<Entry[]>(capacity)), capacity_(capacity) {}

void NativeCodeIndex::add(uintptr_t start, uintptr_t end, const CompiledFunction* code) noexcept {
  const uint32_t count = count_.load(std::memory_order_relaxed);
  if (count >= capacity_ || start >= end) return;
  // Sequence lock, writer side: odd while entries move, ordered before them.
  const uint32_t sequence = sequence_.load(std::memory_order_relaxed);
  sequence_.store(sequence + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  uint32_t at = count;
  for (; at > 0 && entries_[at - 1].start.load(std::memory_order_relaxed) > start; --at) {
    Entry& to = entries_[at];
    const Entry& from = entries_[at - 1];
    to.start.store(from.start.load(std::memory_order_relaxed), std::memory_order_relaxed);
    to.end.store(from.end.load(std::memory_order_relaxed), std::memory_order_relaxed);
    to.code.store(from.code.load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
  entries_[at].start.store(start, std::memory_order_relaxed);
  entries_[at].end.store(end, std::memory_order_relaxed);
  entries_[at].code.store(code, std::memory_order_relaxed);
  count_.store(count + 1, std::memory_order_relaxed);
  sequence_.store(sequence + 2, std::memory_order_release);
}

const CompiledFunction* NativeCodeIndex::search(uintptr_t pc, uint32_t count) const noexcept {
  // The last entry starting at or below pc, if its span reaches pc. (Values read while a
  // writer moves entries may be any of theirs: indexes stay in bounds, the result is checked.)
  uint32_t low = 0, high = count;
  while (low < high) {
    const uint32_t middle = low + (high - low) / 2;
    if (entries_[middle].start.load(std::memory_order_relaxed) <= pc)
      low = middle + 1;
    else
      high = middle;
  }
  if (low == 0) return nullptr;
  const Entry& entry = entries_[low - 1];
  return pc < entry.end.load(std::memory_order_relaxed) ? entry.code.load(std::memory_order_relaxed) : nullptr;
}

const CompiledFunction* NativeCodeIndex::find(uintptr_t pc) const noexcept {
  for (int attempt = 0; attempt < 2; ++attempt) {
    const uint32_t before = sequence_.load(std::memory_order_acquire);
    if (before & 1) continue;
    const uint32_t count = std::min<uint32_t>(count_.load(std::memory_order_relaxed), uint32_t(capacity_));
    const CompiledFunction* code = search(pc, count);
    // Sequence lock, reader side: the entries read above are ordered before this check.
    std::atomic_thread_fence(std::memory_order_acquire);
    if (sequence_.load(std::memory_order_relaxed) == before) return code;
  }
  return nullptr;
}

}  // namespace wasmprof::exec
