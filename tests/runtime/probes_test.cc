// Function probes (runtime/probes.hh): the translator puts a probe at the entry of each probed
// function and before every way it can return, the store's handler sees the arguments and
// results, and nothing else changes: not the results, not the code of functions not probed.
#include "runtime/probes.hh"

#include <gtest/gtest.h>

#include "runtime/api_test_support.hh"
#include "runtime/compiled_module.hh"
#include "runtime/handles.hh"
#include "runtime/sampling.hh"

namespace wasmprof {
namespace {

const std::vector<std::string> kProbed = {"fall", "early", "conditional", "branches", "pair",
                                          "outer", "by_export", "trapper"};

struct Event {
  std::string name;
  runtime::ProbePoint point;
  std::vector<uint64_t> values;
  uint32_t depth;
  std::vector<uint32_t> frames;  // function indices of the live stack, innermost first
  bool operator==(const Event&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Event& event) {
  out << event.name << (event.point == runtime::ProbePoint::Entry ? " entry [" : " exit [");
  for (uint64_t value : event.values) out << value << " ";
  return out << "] depth " << event.depth;
}

struct ProbedGuest {
  Engine engine{test::config()};
  Store<int> store{engine, 0};
  Module module;
  Instance instance;
  std::vector<Event> events;

  explicit ProbedGuest(Config config = test::config().set_probed_functions(kProbed))
      : engine(config), module(test::load_module(engine, "probes")) {
    Linker linker(engine);
    instance = linker.instantiate(store, module).value();
    runtime::install_probe_handler(store, &ProbedGuest::on_probe, this);
  }

  static void on_probe(StoreContext store, const runtime::ProbedCall& call, void* self) {
    auto& guest = *static_cast<ProbedGuest*>(self);
    Event event{kProbed.at(call.probe_id), call.point, {call.values.begin(), call.values.end()}, call.call_depth, {}};
    runtime::for_each_live_frame(store, [&](const runtime::SampledFrame& frame) {
      event.frames.push_back(frame.function_index);
      return true;
    });
    EXPECT_EQ(call.module_id, guest.module.id());
    EXPECT_EQ(call.function_index, event.frames.front());
    guest.events.push_back(std::move(event));
  }

  int32_t call_i32(const std::string& name, int32_t argument) {
    Result<std::vector<Val>> results = instance.get_func(store, name)->call(store, std::vector<Val>{Val(argument)});
    EXPECT_TRUE(results.ok()) << results.error().to_string();
    return results.ok() ? results.value().at(0).i32() : -1;
  }
};

// The exit probe of a one-argument call that returned `result` (its entry probe comes first).
std::vector<Event> one_call(const std::string& name, uint32_t index, uint64_t argument, uint64_t result) {
  return {{name, runtime::ProbePoint::Entry, {argument}, 1, {index}},
          {name, runtime::ProbePoint::Exit, {result}, 1, {index}}};
}

TEST(FunctionProbes, FallingOffTheEndReachesTheExitProbeWithTheResult) {
  ProbedGuest guest;
  EXPECT_EQ(guest.call_i32("fall", 5), 6);
  EXPECT_EQ(guest.events, one_call("fall", 0, 5, 6));
}

TEST(FunctionProbes, AReturnInsideABlockAndTheEndBothReachTheExitProbe) {
  ProbedGuest guest;
  EXPECT_EQ(guest.call_i32("early", 1), 10);
  EXPECT_EQ(guest.call_i32("early", 0), 20);
  std::vector<Event> expected = one_call("early", 1, 1, 10);
  for (Event& event : one_call("early", 1, 0, 20)) expected.push_back(event);
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, ABrIfToTheFunctionLabelReachesTheExitProbe) {
  ProbedGuest guest;
  EXPECT_EQ(guest.call_i32("conditional", 3), 40);  // taken
  EXPECT_EQ(guest.call_i32("conditional", 0), 41);  // not taken: the end
  std::vector<Event> expected = one_call("conditional", 2, 3, 40);
  for (Event& event : one_call("conditional", 2, 0, 41)) expected.push_back(event);
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, BrTableAndBrToTheFunctionLabelReachTheExitProbe) {
  ProbedGuest guest;
  const std::pair<int32_t, int32_t> cases[] = {{0, 31}, {1, 32}, {2, 30}, {9, 30}};
  std::vector<Event> expected;
  for (auto [argument, result] : cases) {
    EXPECT_EQ(guest.call_i32("branches", argument), result);
    for (Event& event : one_call("branches", 3, uint32_t(argument), uint32_t(result))) expected.push_back(event);
  }
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, TheExitProbeSeesEveryResultInOrder) {
  ProbedGuest guest;
  Result<std::vector<Val>> results =
      guest.instance.get_func(guest.store, "pair")->call(guest.store, std::vector<Val>{Val(int32_t(3)), Val(int64_t(-9))});
  ASSERT_TRUE(results.ok()) << results.error().to_string();
  EXPECT_EQ(results.value().at(0).i64(), -9);
  EXPECT_EQ(results.value().at(1).i32(), 3);
  const std::vector<Event> expected = {{"pair", runtime::ProbePoint::Entry, {3, uint64_t(-9)}, 1, {4}},
                                       {"pair", runtime::ProbePoint::Exit, {uint64_t(-9), 3}, 1, {4}}};
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, NestedProbedCallsAreSeenAtTheirDepthWithTheirStack) {
  ProbedGuest guest;
  EXPECT_EQ(guest.call_i32("outer", 1), 102);
  const std::vector<Event> expected = {{"outer", runtime::ProbePoint::Entry, {1}, 1, {5}},
                                       {"fall", runtime::ProbePoint::Entry, {1}, 2, {0, 5}},
                                       {"fall", runtime::ProbePoint::Exit, {2}, 2, {0, 5}},
                                       {"outer", runtime::ProbePoint::Exit, {102}, 1, {5}}};
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, AFunctionWithoutANameIsProbedByItsExportName) {
  ProbedGuest guest;
  Result<std::vector<Val>> results = guest.instance.get_func(guest.store, "by_export")->call(guest.store, std::vector<Val>{});
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results.value().at(0).i32(), 7);
  const std::vector<Event> expected = {{"by_export", runtime::ProbePoint::Entry, {}, 1, {6}},
                                       {"by_export", runtime::ProbePoint::Exit, {7}, 1, {6}}};
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, ATrapLeavesOnlyTheEntryProbe) {
  ProbedGuest guest;
  Result<std::vector<Val>> results = guest.instance.get_func(guest.store, "trapper")->call(guest.store, std::vector<Val>{Val(4)});
  ASSERT_FALSE(results.ok());
  EXPECT_EQ(results.error().kind, ErrorKind::Trap);
  const std::vector<Event> expected = {{"trapper", runtime::ProbePoint::Entry, {4}, 1, {7}}};
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, AnUnprobedFunctionHasNoProbesButItsProbedCalleeDoes) {
  ProbedGuest guest;
  EXPECT_EQ(guest.call_i32("plain", 1), 2);
  const std::vector<Event> expected = {{"fall", runtime::ProbePoint::Entry, {1}, 2, {0, 8}},
                                       {"fall", runtime::ProbePoint::Exit, {2}, 2, {0, 8}}};
  EXPECT_EQ(guest.events, expected);
}

TEST(FunctionProbes, ProbesWorkWithEpochChecksAndFuelCompiledIn) {
  ProbedGuest guest(test::config().set_probed_functions(kProbed).set_epoch_interruption(true).set_consume_fuel(true));
  guest.store.set_epoch_deadline(1000);
  ASSERT_TRUE(guest.store.set_fuel(1000).ok());
  EXPECT_EQ(guest.call_i32("outer", 1), 102);
  ASSERT_EQ(guest.events.size(), 4u);
  EXPECT_EQ(guest.events[2], (Event{"fall", runtime::ProbePoint::Exit, {2}, 2, {0, 5}}));
}

TEST(FunctionProbes, WithoutAHandlerProbedCodeRunsAsUsual) {
  ProbedGuest guest;
  runtime::remove_probe_handler(guest.store);
  EXPECT_EQ(guest.call_i32("outer", 1), 102);
  EXPECT_EQ(guest.call_i32("branches", 0), 31);
  EXPECT_TRUE(guest.events.empty());
}

// What probing costs functions it does not probe, and every function when nothing is probed:
// nothing, the interpreter's code is the same. (The interpreter's: the compiling tier does not
// compile probes yet, so under probes everything is interpreted.)
TEST(FunctionProbes, CodeNotProbedIsTheCodeOfAnEngineWithoutProbes) {
  Engine plain_engine{Config()};
  Engine probing_engine(Config().set_probed_functions(kProbed));
  Engine probing_nothing(Config().set_probed_functions({"no_such_function"}));
  const Module plain = test::load_module(plain_engine, "probes");
  const Module probing = test::load_module(probing_engine, "probes");
  const Module nothing = test::load_module(probing_nothing, "probes");
  auto code = [](const Module& module, uint32_t i) -> const exec::CompiledFunction& {
    return *detail::HandleAccess::compiled(module)->code->translated(i).value();
  };
  ASSERT_EQ(detail::HandleAccess::compiled(plain)->code->size(), 9u);
  auto same = [](const exec::CompiledFunction& a, const exec::CompiledFunction& b) {
    if (a.code.size() != b.code.size() || a.offsets.size() != b.offsets.size()) return false;
    for (size_t i = 0; i < a.offsets.size(); ++i)
      if (a.offsets[i].code_index != b.offsets[i].code_index || a.offsets[i].wasm_offset != b.offsets[i].wasm_offset)
        return false;
    return true;
  };
  for (uint32_t i = 0; i < 9; ++i) {
    EXPECT_TRUE(same(code(plain, i), code(nothing, i))) << "function " << i;
    const bool probed = i != 8;  // only $plain is not probed
    EXPECT_EQ(same(code(plain, i), code(probing, i)), !probed) << "function " << i;
  }
}

}  // namespace
}  // namespace wasmprof
