// Calling exports: typed and dynamic calls, multi-value, argument checking, globals, tables
// and memory through the API.
#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

struct CallsFixture {
  Engine engine{test::config()};
  Store<int> store{engine, 0};
  Linker linker{engine};
  Instance instance;

  CallsFixture() {
    EXPECT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
    EXPECT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
    Result<Instance> created = linker.instantiate(store, test::load_module(engine, "calls"));
    EXPECT_TRUE(created.ok()) << created.error().to_string();
    instance = created.value();
  }
};

TEST(Call, TypedCallReturnsTheResult) {
  CallsFixture f;
  auto add = f.instance.get_typed_func<int32_t(int32_t, int32_t)>(f.store, "add");
  ASSERT_TRUE(add.ok()) << add.error().to_string();
  Result<int32_t> sum = add->call(f.store, 40, 2);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum.value(), 42);
  EXPECT_EQ(add->call(f.store, -1, -2).value(), -3);
}

TEST(Call, TypedViewWithTheWrongSignatureIsRefused) {
  CallsFixture f;
  auto wrong = f.instance.get_typed_func<int64_t(int32_t, int32_t)>(f.store, "add");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Usage);
  EXPECT_NE(wrong.error().message.find("(i32, i32) -> (i32)"), std::string::npos) << wrong.error().message;
  EXPECT_FALSE(f.instance.get_typed_func<void()>(f.store, "no_such_export").ok());
}

TEST(Call, MultipleResultsComeBackAsATuple) {
  CallsFixture f;
  auto swap = f.instance.get_typed_func<std::tuple<int64_t, int32_t>(int32_t, int64_t)>(f.store, "swap");
  ASSERT_TRUE(swap.ok()) << swap.error().to_string();
  auto [first, second] = swap->call(f.store, 5, int64_t(1) << 40).value();
  EXPECT_EQ(first, int64_t(1) << 40);
  EXPECT_EQ(second, 5);
}

TEST(Call, DynamicCallChecksArgumentsAndReturnsValues) {
  CallsFixture f;
  Func add = *f.instance.get_func(f.store, "add");
  Result<std::vector<Val>> results = add.call(f.store, {Val(int32_t(2)), Val(int32_t(3))});
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].type(), ValueType::I32);
  EXPECT_EQ((*results)[0].i32(), 5);
  EXPECT_EQ(add.call(f.store, {Val(int32_t(2))}).error().kind, ErrorKind::Usage);                    // too few
  EXPECT_EQ(add.call(f.store, {Val(int32_t(2)), Val(int64_t(3))}).error().kind, ErrorKind::Usage);  // wrong type
}

TEST(Call, HostFunctionsAreCalledFromWasm) {
  CallsFixture f;
  auto via_host = f.instance.get_typed_func<int32_t(int32_t, int32_t)>(f.store, "via_host").value();
  EXPECT_EQ(via_host.call(f.store, 20, 22).value(), 42);
}

TEST(Call, MemoryIsSharedBetweenHostAndGuest) {
  CallsFixture f;
  Memory memory = *f.instance.get_memory(f.store, "memory");
  EXPECT_EQ(memory.size(f.store), 1u);
  auto store = f.instance.get_typed_func<void(int32_t, int32_t)>(f.store, "store").value();
  ASSERT_TRUE(store.call(f.store, 16, 0x01020304).ok());
  uint8_t bytes[4];
  ASSERT_TRUE(memory.read(f.store, 16, bytes).ok());
  EXPECT_EQ(bytes[0], 0x04);  // little-endian
  EXPECT_EQ(bytes[3], 0x01);
  EXPECT_FALSE(memory.read(f.store, 65535, bytes).ok());  // past the end
  auto grow = f.instance.get_typed_func<int32_t(int32_t)>(f.store, "grow").value();
  EXPECT_EQ(grow.call(f.store, 2).value(), 1);
  EXPECT_EQ(memory.size(f.store), 3u);
  EXPECT_EQ(memory.grow(f.store, 1).value(), 3u);
  EXPECT_EQ(memory.data_size(f.store), 4u * 65536);
}

TEST(Call, GlobalsAndTablesAreReachable) {
  CallsFixture f;
  Global counter = *f.instance.get_global(f.store, "counter");
  EXPECT_EQ(counter.get(f.store).i32(), 7);
  ASSERT_TRUE(counter.set(f.store, Val(int32_t(9))).ok());
  EXPECT_EQ(counter.get(f.store).i32(), 9);
  EXPECT_FALSE(counter.set(f.store, Val(1.5)).ok());  // wrong type
  Table table = *f.instance.get_table(f.store, "table");
  EXPECT_EQ(table.size(f.store), 2u);
  std::optional<Func> first = Func::from_ref(f.store, *table.get(f.store, 0));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->call(f.store, {Val(int32_t(1)), Val(int32_t(2))}).value()[0].i32(), 3);
  EXPECT_TRUE(table.get(f.store, 1)->is_null());
  EXPECT_FALSE(table.get(f.store, 2).has_value());
}

TEST(Call, HostFunctionsCanBeCreatedInAStoreDirectly) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Func twice = Func::wrap(store, [](Caller& caller, int64_t x) {
    ++caller.data<int>();
    return x * 2;
  });
  EXPECT_EQ(twice.type(), (FuncType{{ValueType::I64}, {ValueType::I64}}));
  EXPECT_EQ(twice.call(store, {Val(int64_t(21))}).value()[0].i64(), 42);
  EXPECT_EQ(store.data(), 1);
  Func dynamic = Func::new_host(store, FuncType{{ValueType::F64}, {ValueType::F64, ValueType::I32}},
                                [](Caller&, std::span<const Val> params, std::span<Val> results) -> Result<Ok> {
                                  results[0] = Val(params[0].f64() + 0.5);
                                  results[1] = Val(int32_t(1));
                                  return Ok{};
                                });
  std::vector<Val> out = dynamic.call(store, {Val(1.0)}).value();
  EXPECT_EQ(out[0].f64(), 1.5);
  EXPECT_EQ(out[1].i32(), 1);
}

TEST(Call, AFunctionOfAnotherStoreIsRefused) {
  CallsFixture f;
  Store<int> other(f.engine, 0);
  Func add = *f.instance.get_func(f.store, "add");
  Result<std::vector<Val>> result = add.call(other, {Val(int32_t(1)), Val(int32_t(2))});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::Usage);
}

}  // namespace
}  // namespace wasmprof
