// Resource limits of a store.
#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

TEST(Limits, AMemoryBeyondTheLimitCannotBeInstantiated) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  store.limiter(ResourceLimits{.memory_size = 10 * 65536});
  Result<Instance> instance = Instance::create(store, test::load_module(engine, "big_memory"), {});
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Limit);
}

TEST(Limits, MemoryGrowthStopsAtTheLimit) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  store.limiter(ResourceLimits{.memory_size = 25 * 65536});
  Instance instance = Instance::create(store, test::load_module(engine, "big_memory"), {}).value();
  Memory memory = *instance.get_memory(store, "memory");
  EXPECT_EQ(memory.grow(store, 5).value(), 20u);
  EXPECT_FALSE(memory.grow(store, 1).ok());
  EXPECT_EQ(memory.size(store), 25u);
}

TEST(Limits, InstanceCountIsLimited) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  store.limiter(ResourceLimits{.instances = 2});
  Module module = test::load_module(engine, "big_memory");
  EXPECT_TRUE(Instance::create(store, module, {}).ok());
  EXPECT_TRUE(Instance::create(store, module, {}).ok());
  Result<Instance> third = Instance::create(store, module, {});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::Limit);
}

}  // namespace
}  // namespace wasmprof
