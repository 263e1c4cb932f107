// Embedding wasmprof from C++ (include/wasmprof/wasmprof.hh): load a module, link a host
// function, call exports, handle a trap and print its backtrace, stop a runaway loop with an
// epoch deadline set off by a ticker thread, and limit work with fuel.
//
//   embed-cc <guest.wasm>      (the build makes examples/guest.wasm from guest.c)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "wasmprof/wasmprof.hh"

using namespace wasmprof;

namespace {

// What the store carries for the host function: how often the guest called it.
struct HostState {
  int mix_calls = 0;
};

// Prints a trap the way `wasmtime run` does: its message, then the frames, innermost first.
void print_trap(const char* what, const Error& error) {
  if (!error.trap) {
    std::fprintf(stderr, "%s failed: %s\n", what, error.to_string().c_str());
    return;
  }
  std::string text = error.trap->to_string();  // the message, then one line per frame
  if (!text.empty() && text.back() == '\n') text.pop_back();
  std::printf("%s trapped: %s\n", what, text.c_str());
}

// Advances the engine's epoch every 10 ms until destroyed, as a timer thread of a real
// embedder would.
class Ticker {
 public:
  explicit Ticker(Engine engine)
      : thread_([this, engine] {
          while (!stop_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            engine.increment_epoch();
          }
        }) {}
  ~Ticker() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

int run(const char* path) {
  // Fuel metering and epoch checks are compiled in when the engine's config asks for them.
  Engine engine(Config{}.set_epoch_interruption(true).set_consume_fuel(true));
  Result<Module> module = Module::from_file(engine, path);
  if (!module) {
    std::fprintf(stderr, "%s\n", module.error().to_string().c_str());
    return 1;
  }
  std::printf("loaded %s\n", path);

  Store<HostState> store(engine);
  // A store starts with no fuel and a deadline of 0: until the examples below, give calls plenty.
  if (!store.set_fuel(UINT64_MAX).ok()) return 1;
  store.set_epoch_deadline(1000000);

  // 1. Link the host function env.mix and instantiate; the guest is a reactor: initialise it.
  Linker linker(engine);
  Result<Ok> defined = linker.func_wrap("env", "mix", [](Caller& caller, int32_t value) {
    ++caller.data<HostState>().mix_calls;
    return value * value + 1;
  });
  Result<Instance> instance = defined ? linker.instantiate(store, *module) : Result<Instance>(defined.error());
  if (!instance) {
    print_trap("instantiate", instance.error());
    return 1;
  }
  auto initialize = instance->get_typed_func<void()>(store, "_initialize");
  auto checksum = instance->get_typed_func<int32_t(int32_t)>(store, "checksum");
  auto average = instance->get_typed_func<int32_t(int32_t, int32_t)>(store, "average");
  auto spin_forever = instance->get_typed_func<void()>(store, "spin_forever");
  auto collatz_steps = instance->get_typed_func<int32_t(int32_t)>(store, "collatz_steps");
  if (!initialize || !checksum || !average || !spin_forever || !collatz_steps) {
    std::fprintf(stderr, "the guest lacks an export the example needs\n");
    return 1;
  }
  if (!initialize->call(store).ok()) return 1;

  // 2. Call an export that calls the host.
  Result<int32_t> sum = checksum->call(store, 10);
  if (!sum) return print_trap("checksum(10)", sum.error()), 1;
  std::printf("checksum(10) = %d (env.mix called %d times)\n", *sum, store.data().mix_calls);

  // 3. A trap: its message and backtrace, then the store carries on.
  Result<int32_t> mean = average->call(store, 10, 0);
  if (mean.ok()) return 1;
  print_trap("average(10, 0)", mean.error());
  mean = average->call(store, 10, 4);
  if (!mean) return 1;
  std::printf("average(10, 4) = %d\n", *mean);

  // 4. A runaway loop, stopped by an epoch deadline: one tick of the ticker thread from now.
  Result<Ok> spun = [&] {
    Ticker ticker(engine);
    store.set_epoch_deadline(1);
    return spin_forever->call(store);
  }();
  if (spun.ok() || !spun.error().trap || spun.error().trap->code() != TrapCode::Interrupt) {
    std::fprintf(stderr, "spin_forever was not interrupted\n");
    return 1;
  }
  print_trap("spin_forever()", spun.error());
  std::printf("runaway loop interrupted by the epoch deadline\n");
  store.set_epoch_deadline(1000000);

  // 5. Fuel: enough for a small job, not for a big one.
  const uint64_t budget = 1000000;
  if (!store.set_fuel(budget).ok()) return 1;
  Result<int32_t> steps = collatz_steps->call(store, 100);
  if (!steps) return print_trap("collatz_steps(100)", steps.error()), 1;
  const uint64_t left = store.get_fuel().value();
  std::printf("collatz_steps(100) = %d using %llu of %llu fuel\n", *steps, (unsigned long long)(budget - left),
              (unsigned long long)budget);
  if (!store.set_fuel(budget).ok()) return 1;
  steps = collatz_steps->call(store, 100000);
  if (steps.ok()) return 1;
  print_trap("collatz_steps(100000)", steps.error());
  std::printf("fuel ran out before collatz_steps(100000) finished\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <guest.wasm>\n", argv[0]);
    return 2;
  }
  return run(argv[1]);
}
