// Config and Engine: the compilation settings every module and store of an engine share, and
// the engine's epoch counter.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wasmprof {

namespace detail {
struct EngineState;
}

// How an engine runs wasm code (as Wasmtime's Config::strategy chooses its compiler).
enum class Strategy : uint8_t {
  Interpreter,  // every function in the interpreter: what precise profiling samples exactly
  // Every function compiled to x86-64 machine code (LLVM) at its first call, where the compiling
  // tier handles all it uses; the others stay in the interpreter. Epoch checks and interrupts
  // are served at function entries and loop back edges there.
  Compiled,
  // Every function starts in the interpreter; one entered `Config::hot_calls` times is compiled
  // on a background thread meanwhile, and runs as machine code from its next entry on. Short
  // runs and huge modules pay only for what is hot.
  Tiered,
};

struct Config {
  Strategy strategy = Strategy::Interpreter;
  // Strategy::Tiered: the entries after which a function is compiled.
  uint32_t hot_calls = 1000;
  // Compile epoch checks into code: at every function entry and on every branch back to a loop
  // header (where Wasmtime checks at the header itself: the same points of each iteration but
  // the first). As in Wasmtime, a store's deadline then starts at 0: set one before calling wasm.
  bool epoch_interruption = false;
  // Compile fuel metering into code (Wasmtime's costs: most instructions cost 1); stores then
  // start with no fuel.
  bool consume_fuel = false;
  // Deepest wasm call nesting before a "call stack exhausted" trap.
  uint32_t max_call_depth = 10000;
  // Size of the interpreter's value stack (locals and operands of all active calls).
  uint64_t max_wasm_stack = 8u << 20;
  // Compile function probes into the guest functions with these names (the name section's, or
  // else an export's): a call at their entry and before every return that a profiler can watch
  // (GuestProfiler::enable_allocation_profiling; GuestProfiler::allocator_functions() lists
  // the allocator's names). Functions not named here, and all code when empty, pay nothing.
  std::vector<std::string> probed_functions;

  Config& set_strategy(Strategy choice) { strategy = choice; return *this; }
  Config& set_hot_calls(uint32_t calls) { hot_calls = calls; return *this; }
  Config& set_epoch_interruption(bool enable) { epoch_interruption = enable; return *this; }
  Config& set_consume_fuel(bool enable) { consume_fuel = enable; return *this; }
  Config& set_max_call_depth(uint32_t depth) { max_call_depth = depth; return *this; }
  Config& set_max_wasm_stack(uint64_t bytes) { max_wasm_stack = bytes; return *this; }
  Config& set_probed_functions(std::vector<std::string> names) { probed_functions = std::move(names); return *this; }
};

// A handle: copies share one engine. Thread-safe.
class Engine {
 public:
  explicit Engine(Config config = {});

  const Config& config() const;

  // Advances the epoch by one. Safe from any thread at any time, including signal handlers
  // (a single relaxed atomic increment).
  void increment_epoch() const;
  uint64_t current_epoch() const;

  bool operator==(const Engine& other) const { return state_ == other.state_; }
  detail::EngineState& state() const { return *state_; }

 private:
  std::shared_ptr<detail::EngineState> state_;
};

}  // namespace wasmprof
