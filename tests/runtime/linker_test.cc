// Linker: defining host functions and objects, link errors, unknown imports, Caller.
#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

TEST(Linker, AMissingImportNamesModuleFieldAndType) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  Result<Instance> instance = linker.instantiate(store, test::load_module(engine, "calls"));
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Link);
  EXPECT_NE(instance.error().message.find("\"env\" \"call_back\""), std::string::npos) << instance.error().message;
  EXPECT_NE(instance.error().message.find("func (i32) -> (i32)"), std::string::npos) << instance.error().message;
}

TEST(Linker, AMistypedImportIsALinkError) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int64_t a) { return a; }).ok());
  ASSERT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Result<Instance> instance = linker.instantiate(store, test::load_module(engine, "calls"));
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Link);
  EXPECT_NE(instance.error().message.find("found func (i64) -> (i64)"), std::string::npos) << instance.error().message;
}

TEST(Linker, DefiningANameTwiceNeedsShadowing) {
  Engine engine{test::config()};
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "f", [] {}).ok());
  EXPECT_EQ(linker.func_wrap("env", "f", [] {}).error().kind, ErrorKind::Usage);
  linker.allow_shadowing(true);
  EXPECT_TRUE(linker.func_wrap("env", "f", [] {}).ok());
}

TEST(Linker, UnknownImportsCanBeDefinedAsTraps) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Linker linker(engine);
  Module module = test::load_module(engine, "calls");
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  ASSERT_TRUE(linker.define_unknown_imports_as_traps(module).ok());
  Result<Instance> instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().to_string();
  EXPECT_EQ(instance->get_typed_func<int32_t(int32_t, int32_t)>(store, "via_host")->call(store, 1, 2).value(), 3);
  Result<int32_t> trapped = instance->get_typed_func<int32_t(int32_t)>(store, "outer")->call(store, 1);
  ASSERT_FALSE(trapped.ok());
  ASSERT_TRUE(trapped.error().trap);
  EXPECT_EQ(trapped.error().trap->code(), TrapCode::HostError);
  EXPECT_NE(trapped.error().message.find("\"env\" \"call_back\""), std::string::npos) << trapped.error().message;
}

TEST(Linker, CallerReachesTheCallingInstanceAndStoreData) {
  Engine engine{test::config()};
  Store<std::string> store(engine, "seen:");
  Linker linker(engine);
  ASSERT_TRUE(linker
                  .func_wrap("env", "host_add",
                             [](Caller& caller, int32_t address, int32_t value) -> int32_t {
                               std::optional<Memory> memory = caller.get_export("memory")->memory();
                               uint8_t byte = uint8_t(value);
                               EXPECT_TRUE(memory->write(caller, uint32_t(address), {&byte, 1}).ok());
                               caller.data<std::string>() += std::to_string(value);
                               return address;
                             })
                  .ok());
  ASSERT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Instance instance = linker.instantiate(store, test::load_module(engine, "calls")).value();
  EXPECT_EQ(instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "via_host")->call(store, 100, 77).value(), 100);
  uint8_t byte = 0;
  ASSERT_TRUE(instance.get_memory(store, "memory")->read(store, 100, {&byte, 1}).ok());
  EXPECT_EQ(byte, 77);
  EXPECT_EQ(store.data(), "seen:77");
}

TEST(Linker, DefinitionsFromAnInstanceSatisfyAnother) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a * 100 + b; }).ok());
  ASSERT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Instance first = linker.instantiate(store, test::load_module(engine, "calls")).value();
  // The second instance's "env" imports come from the first instance's exports.
  Linker second_linker(engine);
  ASSERT_TRUE(second_linker.define(store, "env", "host_add", *first.get_export(store, "add")).ok());
  ASSERT_TRUE(second_linker.define(store, "env", "call_back", *first.get_export(store, "inner")).ok());
  Instance second = second_linker.instantiate(store, test::load_module(engine, "calls")).value();
  EXPECT_EQ(second.get_typed_func<int32_t(int32_t, int32_t)>(store, "via_host")->call(store, 3, 4).value(), 7);
  EXPECT_EQ(second.get_typed_func<int32_t(int32_t)>(store, "outer")->call(store, 5).value(), 501);
}

TEST(Linker, HostObjectsCanBeImported) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Memory memory = Memory::create(store, MemoryType{Limits{1, 2}}).value();
  Global global = Global::create(store, GlobalType{ValueType::I64, true}, Val(int64_t(5))).value();
  Table table = Table::create(store, TableType{ValueType::FuncRef, Limits{3, std::nullopt}}, Val::ref(ValueType::FuncRef, 0)).value();
  EXPECT_EQ(memory.size(store), 1u);
  EXPECT_EQ(global.get(store).i64(), 5);
  EXPECT_EQ(table.size(store), 3u);
  EXPECT_EQ(memory.grow(store, 1).value(), 1u);
  EXPECT_FALSE(memory.grow(store, 1).ok());  // max is 2
  EXPECT_FALSE(Global::create(store, GlobalType{ValueType::I64, true}, Val(int32_t(5))).ok());
}

}  // namespace
}  // namespace wasmprof
