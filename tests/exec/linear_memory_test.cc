// LinearMemory: address space reserved up front, pages committed when first touched, the
// fallback layouts when the host refuses the reservation, and MemoryInstance::grow on top.
#include "exec/linear_memory.hh"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "exec/instance.hh"

namespace wasmprof::exec {
namespace {

constexpr uint64_t kMiB = uint64_t(1) << 20;
constexpr uint64_t kGiB = uint64_t(1) << 30;

uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t total_pages = 0, resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * uint64_t(sysconf(_SC_PAGESIZE));
}

// The protection ("rw-p", "---p") of the mapping holding `address` and where that mapping ends.
struct Mapping {
  std::string protection;
  uintptr_t end = 0;
};
Mapping mapping_at(const void* address) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const auto where = reinterpret_cast<uintptr_t>(address);
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    uintptr_t start = 0, end = 0;
    char dash = 0;
    std::string protection;
    fields >> std::hex >> start >> dash >> end >> protection;
    if (where >= start && where < end) return {protection, end};
  }
  return {};
}

LinearMemory create(uint64_t initial, uint64_t maximum, MemoryLayout preferred) {
  MemoryReservation policy;
  policy.preferred = preferred;
  Result<LinearMemory> memory = LinearMemory::create(initial, maximum, policy);
  EXPECT_TRUE(memory.ok()) << memory.error().to_string();
  return memory.ok() ? std::move(memory).value() : LinearMemory();
}

bool address_space_is_limited() {
  rlimit limit{};
  return getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY;
}

// The issue this answers: a guest growing its memory to 4 GiB made the host commit and zero all
// of it (4.2 GB of RSS, 20 s). Now only the pages touched are committed.
TEST(LinearMemoryTest, GrowingTo4GiBCommitsOnlyThePagesTouched) {
  MemoryInstance memory;
  memory.bytes = create(kPageSize, LinearMemory::kMax32BitBytes, MemoryLayout::Guarded);
  uint8_t* const base = memory.bytes.data();
  const uint64_t before = resident_bytes();

  ASSERT_EQ(memory.grow(kMaxPages - 1), 1u);
  ASSERT_EQ(memory.pages(), kMaxPages);
  ASSERT_EQ(memory.bytes.size(), LinearMemory::kMax32BitBytes);
  EXPECT_EQ(memory.bytes.data(), base);  // a Guarded memory never moves
  uint8_t* const end = base + memory.bytes.size();
  for (uint64_t page = 1; page <= 8; ++page) end[-int64_t(page * kPageSize)] = uint8_t(page);
  end[-1] = 0xab;

  EXPECT_LT(resident_bytes() - before, 64 * kMiB);
  for (uint64_t page = 1; page <= 8; ++page) EXPECT_EQ(end[-int64_t(page * kPageSize)], uint8_t(page));
  EXPECT_EQ(end[-1], 0xab);
  EXPECT_EQ(base[2 * kGiB], 0);  // never written: zero
}

TEST(LinearMemoryTest, GuardedReservesTheGuardInaccessible) {
  if (address_space_is_limited()) GTEST_SKIP() << "ulimit -v is set: the reservation may fall back";
  LinearMemory memory = create(kPageSize, 2 * kPageSize, MemoryLayout::Guarded);
  ASSERT_EQ(memory.layout(), MemoryLayout::Guarded);
  EXPECT_GE(memory.reserved_bytes(), LinearMemory::kMax32BitBytes + MemoryReservation{}.guard_bytes);
  EXPECT_EQ(mapping_at(memory.data()).protection, "rw-p");
  // Everything past the memory's size, up to the end of the guard, faults when touched.
  const Mapping rest = mapping_at(memory.data() + kPageSize);
  EXPECT_EQ(rest.protection, "---p");
  EXPECT_EQ(rest.end, reinterpret_cast<uintptr_t>(memory.data()) + memory.reserved_bytes());

  ASSERT_TRUE(memory.grow_to(2 * kPageSize));
  EXPECT_EQ(mapping_at(memory.data() + kPageSize).protection, "rw-p");
  EXPECT_EQ(mapping_at(memory.data() + 2 * kPageSize).protection, "---p");
}

class LayoutTest : public testing::TestWithParam<MemoryLayout> {};

TEST_P(LayoutTest, GrowKeepsTheBytesAndAddsZeros) {
  LinearMemory memory = create(kPageSize, 64 * kPageSize, GetParam());
  ASSERT_EQ(memory.layout(), GetParam());
  ASSERT_EQ(memory.size(), kPageSize);
  for (uint64_t i = 0; i < kPageSize; ++i) ASSERT_EQ(memory.data()[i], 0) << i;
  for (uint64_t i = 0; i < kPageSize; ++i) memory.data()[i] = uint8_t(i * 7);
  uint8_t* const base = memory.data();

  ASSERT_TRUE(memory.grow_to(40 * kPageSize));
  EXPECT_EQ(memory.size(), 40 * kPageSize);
  if (GetParam() != MemoryLayout::Movable) EXPECT_EQ(memory.data(), base);
  for (uint64_t i = 0; i < kPageSize; ++i) ASSERT_EQ(memory.data()[i], uint8_t(i * 7)) << i;
  for (uint64_t i = kPageSize; i < 40 * kPageSize; ++i) ASSERT_EQ(memory.data()[i], 0) << i;
  memory.data()[40 * kPageSize - 1] = 1;
}

TEST_P(LayoutTest, CannotGrowPastItsMaximumOrShrink) {
  LinearMemory memory = create(2 * kPageSize, 4 * kPageSize, GetParam());
  memory.data()[0] = 5;
  EXPECT_FALSE(memory.grow_to(5 * kPageSize));
  EXPECT_FALSE(memory.grow_to(kPageSize));
  EXPECT_EQ(memory.size(), 2 * kPageSize);
  EXPECT_TRUE(memory.grow_to(2 * kPageSize));  // by nothing
  EXPECT_TRUE(memory.grow_to(4 * kPageSize));
  EXPECT_EQ(memory.size(), 4 * kPageSize);
  EXPECT_EQ(memory.data()[0], 5);
}

TEST_P(LayoutTest, AnEmptyMemoryCanGrow) {
  LinearMemory memory = create(0, 2 * kPageSize, GetParam());
  EXPECT_EQ(memory.size(), 0u);
  ASSERT_TRUE(memory.grow_to(kPageSize));
  EXPECT_EQ(memory.data()[kPageSize - 1], 0);
}

TEST_P(LayoutTest, MovingTheMemoryMovesTheReservation) {
  LinearMemory first = create(kPageSize, 2 * kPageSize, GetParam());
  first.data()[1] = 9;
  uint8_t* const base = first.data();
  LinearMemory second = std::move(first);
  EXPECT_EQ(second.data(), base);
  EXPECT_EQ(second.data()[1], 9);
  EXPECT_EQ(first.data(), nullptr);
  EXPECT_EQ(first.size(), 0u);
  first = std::move(second);
  EXPECT_EQ(first.data()[1], 9);
  EXPECT_TRUE(first.grow_to(2 * kPageSize));
}

INSTANTIATE_TEST_SUITE_P(Layouts, LayoutTest,
                         testing::Values(MemoryLayout::Guarded, MemoryLayout::Bounded, MemoryLayout::Movable));

// With the address space limited (ulimit -v), a memory falls back to a layout the host can
// hold, and a grow the host refuses fails as memory.grow may: nothing crashes.
TEST(LinearMemoryTest, FallsBackWhenTheAddressSpaceIsLimited) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_AS, &saved), 0);
  std::ifstream statm("/proc/self/statm");
  uint64_t mapped_pages = 0;
  statm >> mapped_pages;
  const uint64_t mapped = mapped_pages * uint64_t(sysconf(_SC_PAGESIZE));
  rlimit limited = saved;
  limited.rlim_cur = mapped + kGiB;
  if (saved.rlim_cur != RLIM_INFINITY && saved.rlim_cur < limited.rlim_cur) limited.rlim_cur = saved.rlim_cur;

  // Between setting and restoring the limit, nothing but the memory maps anything.
  ASSERT_EQ(setrlimit(RLIMIT_AS, &limited), 0);
  Result<LinearMemory> memory = LinearMemory::create(kPageSize, LinearMemory::kMax32BitBytes);
  const bool grew_small = memory.ok() && memory->grow_to(16 * kPageSize);
  const bool grew_huge = memory.ok() && memory->grow_to(3 * kGiB);
  Result<LinearMemory> too_big = LinearMemory::create(2 * kGiB, 2 * kGiB);
  ASSERT_EQ(setrlimit(RLIMIT_AS, &saved), 0);

  ASSERT_TRUE(memory.ok()) << memory.error().to_string();
  EXPECT_EQ(memory->layout(), MemoryLayout::Movable);
  EXPECT_TRUE(grew_small);
  EXPECT_FALSE(grew_huge);
  EXPECT_EQ(memory->size(), 16 * kPageSize);
  EXPECT_EQ(memory->data()[16 * kPageSize - 1], 0);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::Limit);
  EXPECT_NE(too_big.error().message.find("cannot map a linear memory"), std::string::npos);
}

TEST(MemoryInstanceTest, GrowHonoursTheTypesMaximumAndTheEmbeddersLimit) {
  MemoryInstance memory;
  memory.type.limits = Limits{1, 10};
  memory.max_pages_limit = 4;
  memory.bytes = create(kPageSize, 4 * kPageSize, MemoryLayout::Guarded);
  EXPECT_EQ(memory.grow(4), UINT32_MAX);  // 5 pages: past the embedder's limit
  EXPECT_EQ(memory.pages(), 1u);
  EXPECT_EQ(memory.grow(3), 1u);
  EXPECT_EQ(memory.grow(0), 4u);
  EXPECT_EQ(memory.grow(1), UINT32_MAX);

  MemoryInstance typed;
  typed.type.limits = Limits{0, 2};
  typed.bytes = create(0, 2 * kPageSize, MemoryLayout::Guarded);
  EXPECT_EQ(typed.grow(3), UINT32_MAX);  // past the type's maximum
  EXPECT_EQ(typed.grow(2), 0u);
  EXPECT_EQ(typed.grow(kMaxPages), UINT32_MAX);  // the sum overflows 32 bits
  EXPECT_EQ(typed.pages(), 2u);
}

}  // namespace
}  // namespace wasmprof::exec
