// The index a sampler's signal handler asks which compiled function holds a pc.
#include "exec/native_code_index.hh"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace wasmprof::exec {
namespace {

// Distinct addresses standing for compiled functions; the index never dereferences them.
const CompiledFunction* fake(size_t i) { return reinterpret_cast<const CompiledFunction*>(0x1000 + 16 * i); }

TEST(NativeCodeIndex, FindsTheSpanHoldingAPcWhateverOrderCodeWasAddedIn) {
  NativeCodeIndex index(4);
  index.add(3000, 3100, fake(3));
  index.add(1000, 1200, fake(1));
  index.add(2000, 2050, fake(2));
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.find(999), nullptr);
  EXPECT_EQ(index.find(1000), fake(1));
  EXPECT_EQ(index.find(1199), fake(1));
  EXPECT_EQ(index.find(1200), nullptr);  // between spans
  EXPECT_EQ(index.find(2049), fake(2));
  EXPECT_EQ(index.find(3000), fake(3));
  EXPECT_EQ(index.find(3100), nullptr);
}

TEST(NativeCodeIndex, CodeBeyondItsCapacityIsFoundByNoOne) {
  NativeCodeIndex index(1);
  index.add(1000, 1100, fake(1));
  index.add(500, 600, fake(2));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.find(550), nullptr);
  EXPECT_EQ(index.find(1050), fake(1));
}

// A reader racing with a writer that keeps inserting in front of everything (so every add moves
// every entry) gets the right function or null, never another one.
TEST(NativeCodeIndex, AReaderNeverGetsTheWrongFunctionWhileCodeIsAdded) {
  constexpr size_t kFunctions = 2000;
  NativeCodeIndex index(kFunctions);
  const uintptr_t probe = 1'000'000;  // the first function's span; the others start below it
  std::atomic<bool> done{false};
  std::atomic<size_t> wrong{0}, found{0};
  std::thread reader([&] {
    while (!done.load(std::memory_order_relaxed)) {
      const CompiledFunction* code = index.find(probe + 5);
      if (code == fake(0)) found.fetch_add(1, std::memory_order_relaxed);
      else if (code != nullptr) wrong.fetch_add(1, std::memory_order_relaxed);
    }
  });
  index.add(probe, probe + 10, fake(0));
  for (size_t i = 1; i < kFunctions; ++i) index.add(probe - 10 * (i + 1), probe - 10 * i, fake(i));
  done = true;
  reader.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_EQ(index.find(probe + 5), fake(0));
  EXPECT_EQ(index.find(probe - 10 * kFunctions + 1), fake(kFunctions - 1));
}

}  // namespace
}  // namespace wasmprof::exec
