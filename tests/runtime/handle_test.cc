// The store-object handles are opaque: an embedder can neither make one from the runtime's
// objects nor open one; the runtime does both through detail::HandleAccess.
#include <gtest/gtest.h>

#include <type_traits>

#include "runtime/api_test_support.hh"
#include "runtime/handles.hh"

namespace wasmprof {
namespace {

static_assert(!std::is_constructible_v<Func, detail::StoreState*, exec::FunctionInstance*>);
static_assert(!std::is_constructible_v<Memory, detail::StoreState*, exec::MemoryInstance*>);
static_assert(!std::is_constructible_v<Table, detail::StoreState*, exec::TableInstance*>);
static_assert(!std::is_constructible_v<Global, detail::StoreState*, exec::GlobalInstance*>);
static_assert(!std::is_constructible_v<Instance, detail::StoreState*, exec::ModuleInstance*>);
static_assert(!std::is_constructible_v<Caller, detail::StoreState&, exec::ModuleInstance*>);
static_assert(std::is_default_constructible_v<Func> && std::is_copy_constructible_v<Func>);

TEST(Handles, AHandleMadeAgainFromItsObjectIsTheSameHandle) {
  Engine engine;
  Store<int> store(engine);
  Result<Memory> memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  ASSERT_TRUE(memory.ok());
  exec::MemoryInstance* object = detail::HandleAccess::raw(*memory);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(detail::HandleAccess::store(*memory), &store.context().state());
  const Memory again = detail::HandleAccess::memory(detail::HandleAccess::store(*memory), object);
  EXPECT_EQ(again.size(store), 1u);
  ASSERT_TRUE(again.grow(store, 1).ok());
  EXPECT_EQ(memory->size(store), 2u);  // one memory, two handles
  EXPECT_EQ(detail::HandleAccess::store(Memory()), nullptr);
}

}  // namespace
}  // namespace wasmprof
