// libFuzzer target, differential: a valid module without imports is instantiated twice, once
// interpreted and once compiled (Strategy::Compiled), and every export taking and returning only
// numbers is called in turn on both with zero arguments. The results, or the traps, must agree:
// both tiers claim the spec's semantics, so any difference is a bug in one of them. NaNs agree
// with any NaN (the spec lets their payloads differ). A call that runs past its epoch deadline
// on either side (a long or endless loop) ends the comparison of that module, whose states may
// then differ. Then the same again with fuel instead of epochs, which is deterministic: every
// call gets the same budget on both tiers, and the fuel left and the innermost trap frame's
// offset must agree as well (where the fuel ran out included). Nothing may crash or trip a
// sanitizer, in the compiler either.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "wasmprof/wasmprof.hh"

namespace {

using namespace wasmprof;

// Advances both engines' epochs every few milliseconds, for the life of the fuzzer: a call gets
// at most a few ticks before its deadline.
struct Ticker {
  Engine interpreted{Config{}.set_epoch_interruption(true)};
  Engine compiled{Config{}.set_epoch_interruption(true).set_strategy(Strategy::Compiled)};
  Engine fueled_interpreted{Config{}.set_consume_fuel(true)};
  Engine fueled_compiled{Config{}.set_consume_fuel(true).set_strategy(Strategy::Compiled)};
  Ticker() {
    std::thread([this] {
      while (true) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        interpreted.increment_epoch();
        compiled.increment_epoch();
      }
    }).detach();
  }
};

bool numeric(const std::vector<ValueType>& types) {
  for (ValueType type : types)
    if (type != ValueType::I32 && type != ValueType::I64 && type != ValueType::F32 && type != ValueType::F64) return false;
  return true;
}

bool same_value(const Val& a, const Val& b) {
  if (a.type() != b.type()) return false;
  if (a.type() == ValueType::F32 && std::isnan(a.f32())) return std::isnan(b.f32());
  if (a.type() == ValueType::F64 && std::isnan(a.f64())) return std::isnan(b.f64());
  return a == b;
}

constexpr uint64_t kFuel = 20000;  // per call (and for instantiation's start function)

struct Side {
  Store<int> store;
  Instance instance;
  Side(const Engine& engine, const Module& module, bool& ok) : store(engine, 0) {
    if (engine.config().consume_fuel) (void)store.set_fuel(kFuel);
    Linker linker(engine);
    Result<Instance> made = linker.instantiate(store, module);
    ok = made.ok();
    if (ok) instance = made.value();
  }
};

[[noreturn]] void differ(const std::string& what) {
  std::fprintf(stderr, "fuzz_tiers: the tiers differ: %s\n", what.c_str());
  std::abort();
}

// Calls every numeric export of `bytes` on both engines and compares (see the top).
void compare_tiers(std::span<const uint8_t> bytes, const Engine& interpreter, const Engine& compiler) {
  const bool fueled = interpreter.config().consume_fuel;
  Result<Module> interpreted_module = Module::compile(interpreter, bytes);
  if (!interpreted_module.ok() || !interpreted_module.value().imports().empty()) return;
  Result<Module> compiled_module = Module::compile(compiler, bytes);
  if (!compiled_module.ok()) differ("the module compiles on one tier only");

  bool interpreted_ok = false, compiled_ok = false;
  Side interpreted(interpreter, interpreted_module.value(), interpreted_ok);
  Side compiled(compiler, compiled_module.value(), compiled_ok);
  if (interpreted_ok != compiled_ok) differ("instantiation succeeds on one tier only");
  if (!interpreted_ok) return;

  for (const ExportType& entry : interpreted_module.value().exports()) {
    if (entry.type.kind != ExternKind::Function) continue;
    if (!numeric(entry.type.func.params) || !numeric(entry.type.func.results)) continue;
    std::vector<Val> arguments;
    for (ValueType type : entry.type.func.params) {
      switch (type) {
        case ValueType::I64: arguments.emplace_back(int64_t(0)); break;
        case ValueType::F32: arguments.emplace_back(0.0f); break;
        case ValueType::F64: arguments.emplace_back(0.0); break;
        default: arguments.emplace_back(int32_t(0)); break;
      }
    }
    if (fueled) {
      (void)interpreted.store.set_fuel(kFuel);
      (void)compiled.store.set_fuel(kFuel);
    } else {
      interpreted.store.set_epoch_deadline(2);
      compiled.store.set_epoch_deadline(2);
    }
    Result<std::vector<Val>> expected = interpreted.instance.get_func(interpreted.store, entry.name)->call(interpreted.store, arguments);
    Result<std::vector<Val>> actual = compiled.instance.get_func(compiled.store, entry.name)->call(compiled.store, arguments);
    auto interrupted = [](const Result<std::vector<Val>>& result) {
      return !result.ok() && result.error().trap && result.error().trap->code() == TrapCode::Interrupt;
    };
    if (interrupted(expected) || interrupted(actual)) return;
    if (expected.ok() != actual.ok()) differ(entry.name + ": a trap on one tier only");
    if (fueled && interpreted.store.get_fuel().value() != compiled.store.get_fuel().value())
      differ(entry.name + ": different fuel left");
    if (!expected.ok()) {
      const auto code = [](const Result<std::vector<Val>>& r) { return r.error().trap ? int(r.error().trap->code()) : -1; };
      if (code(expected) != code(actual)) differ(entry.name + ": different traps");
      const auto top = [](const Result<std::vector<Val>>& r) {
        return r.error().trap && !r.error().trap->backtrace().frames().empty() ? int64_t(r.error().trap->backtrace().frames()[0].module_offset) : -1;
      };
      if (fueled && top(expected) != top(actual)) differ(entry.name + ": traps at different instructions");
      continue;
    }
    for (size_t i = 0; i < expected.value().size(); ++i)
      if (!same_value(expected.value()[i], actual.value()[i])) differ(entry.name + ": result " + std::to_string(i));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Never destroyed: its thread ticks until the process ends (a static would be destroyed under it).
  static Ticker& ticker = *new Ticker;
  const std::span<const uint8_t> bytes(data, size);
  compare_tiers(bytes, ticker.interpreted, ticker.compiled);
  compare_tiers(bytes, ticker.fueled_interpreted, ticker.fueled_compiled);
  return 0;
}
