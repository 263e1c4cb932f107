// Call hooks: the exact sequence of guest/host transitions, and hooks that trap.
#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"

namespace wasmprof {
namespace {

const char* name(CallHook kind) {
  switch (kind) {
    case CallHook::CallingWasm: return "CallingWasm";
    case CallHook::ReturningFromWasm: return "ReturningFromWasm";
    case CallHook::CallingHost: return "CallingHost";
    case CallHook::ReturningFromHost: return "ReturningFromHost";
  }
  return "?";
}

TEST(CallHook, SeesEveryTransitionOfWasmHostWasmHost) {
  Engine engine{test::config()};
  Store<std::vector<std::string>> store(engine);
  Linker linker(engine);
  Instance instance;
  ASSERT_TRUE(linker
                  .func_wrap("env", "host_add",
                             [](Caller& caller, int32_t a, int32_t b) {
                               caller.data<std::vector<std::string>>().push_back("host_add");
                               return a + b;
                             })
                  .ok());
  ASSERT_TRUE(linker
                  .func_wrap("env", "call_back",
                             [&instance](Caller& caller, int32_t x) {
                               caller.data<std::vector<std::string>>().push_back("call_back");
                               return instance.get_typed_func<int32_t(int32_t)>(caller, "inner")->call(caller, x).value();
                             })
                  .ok());
  instance = linker.instantiate(store, test::load_module(engine, "calls")).value();
  store.call_hook([](StoreContext context, CallHook kind) -> Result<Ok> {
    context.data<std::vector<std::string>>().push_back(name(kind));
    return Ok{};
  });
  EXPECT_EQ(instance.get_typed_func<int32_t(int32_t)>(store, "outer")->call(store, 1).value(), 2);
  const std::vector<std::string> expected = {
      "CallingWasm",                                  // host -> outer
      "CallingHost",       "call_back",               // outer -> call_back
      "CallingWasm",                                  // call_back -> inner
      "CallingHost",       "host_add",                // inner -> host_add
      "ReturningFromHost",                            // host_add -> inner
      "ReturningFromWasm",                            // inner -> call_back
      "ReturningFromHost",                            // call_back -> outer
      "ReturningFromWasm",                            // outer -> host
  };
  EXPECT_EQ(store.data(), expected);
}

TEST(CallHook, AnErrorFromTheHookTrapsTheGuest) {
  Engine engine{test::config()};
  Store<int> store(engine, 0);
  Linker linker(engine);
  ASSERT_TRUE(linker.func_wrap("env", "host_add", [](int32_t a, int32_t b) { return a + b; }).ok());
  ASSERT_TRUE(linker.func_wrap("env", "call_back", [](int32_t x) { return x; }).ok());
  Instance instance = linker.instantiate(store, test::load_module(engine, "calls")).value();
  store.call_hook([](StoreContext, CallHook kind) -> Result<Ok> {
    if (kind == CallHook::CallingHost) return host_error("no host calls allowed");
    return Ok{};
  });
  Result<int32_t> result = instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "via_host")->call(store, 1, 2);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().trap->message(), "no host calls allowed");
  ASSERT_EQ(result.error().trap->backtrace().frames().size(), 1u);
  EXPECT_EQ(result.error().trap->backtrace().frames()[0].func_name, "via_host");
  EXPECT_EQ(instance.get_typed_func<int32_t(int32_t, int32_t)>(store, "add")->call(store, 1, 2).value(), 3);
}

}  // namespace
}  // namespace wasmprof
