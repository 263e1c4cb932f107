// What a Store owns behind the public handles: the objects, the execution context, the
// embedder's callbacks and the trap a host function is carrying through wasm frames.
#pragma once

#include <pthread.h>

#include <atomic>
#include <map>
#include <string>
#include <vector>
#include <memory>
#include <typeinfo>

#include "exec/context.hh"
#include "runtime/store_objects.hh"
#include "wasmprof/engine.hh"
#include "wasmprof/store.hh"
#include "wasmprof/trap.hh"

namespace wasmprof::runtime {
struct ProbedCall;
}

namespace wasmprof::detail {

struct EngineState {
  explicit EngineState(Config c) : config(c) {}
  Config config;
  std::atomic<uint64_t> epoch{0};
};

// What an InterruptHandle shares with its store; it outlives the store if a handle does.
struct InterruptState {
  InterruptState() = default;
  InterruptState(const InterruptState&) = delete;
  InterruptState& operator=(const InterruptState&) = delete;
  ~InterruptState();

  std::atomic<bool> requested{false};  // set by interrupt(), taken by the trap
  // The store's execution context, null once the store is gone; `users` counts interrupt()
  // calls that may be using it, which the store's destruction waits out (no lock: a signal
  // handler may be the caller).
  std::atomic<exec::ExecContext*> context{nullptr};
  std::atomic<uint32_t> users{0};
  // An eventfd that interrupt() makes readable, for blocking host calls to poll beside their
  // own fds; made by the first such wait (most stores never need one).
  std::atomic<int> wake_fd{-1};
};

struct StoreState {
  StoreState(const Engine& engine, void* data, const std::type_info& data_type);
  ~StoreState();
  StoreState(const StoreState&) = delete;
  StoreState& operator=(const StoreState&) = delete;

  Engine engine;
  void* data;
  const std::type_info* data_type;
  // When the store was made (steady clock, ns): with its address, which a later store may
  // reuse, it tells any two stores of the process apart (runtime::frames_owner).
  const uint64_t created_ns;
  runtime::StoreObjects objects;
  exec::ExecContext context;

  EpochDeadlineCallback epoch_callback;
  CallHookCallback call_hook;

  // A trap raised in a host function, hook or callback, on its way out through the wasm
  // frames above it: the call that entered wasm returns it instead of a trap of its own.
  std::shared_ptr<const Trap> pending_trap;

  // Host functions a Linker defined, instantiated in this store, by definition.
  std::map<const void*, exec::FunctionInstance*> linker_functions;

  // The host functions wasm is calling now, innermost last (their import's module and name),
  // for the profiler's host-call frames and markers; the count is readable from any thread.
  struct HostCallName {
    std::string module;
    std::string name;
  };
  std::vector<const HostCallName*> host_calls;
  // Whether the innermost activity is a host function wasm called (rather than wasm); set on
  // every transition, readable from any thread (a sampler's ticker).
  std::atomic<bool> running_host{false};

  // The profiler's sampler, run at the instruction boundary after a sample request.
  void (*sample_handler)(StoreContext, void*) = nullptr;
  void* sample_data = nullptr;
  // Sample requests by signal to the guest's thread (runtime/sample_signal.hh), when enabled.
  std::atomic<bool> sample_by_signal{false};
  pthread_t guest_thread{};
  std::shared_ptr<InterruptState> interrupts;  // see InterruptHandle
  // The profiler's handler of function probes (runtime/probes.hh), if any.
  void (*probe_handler)(StoreContext, const runtime::ProbedCall&, void*) = nullptr;
  void* probe_data = nullptr;

  static StoreState& of(exec::ExecContext& context) { return *static_cast<StoreState*>(context.embedder); }
};

// Turns a TrapKind from the interpreter into the store's error: the pending trap if a host
// carried one, otherwise a new trap with the backtrace of where it happened.
Error trap_from_execution(StoreState& store, exec::TrapKind kind);
// Records `error` (from a host function, hook or callback) as the pending trap, with the live
// backtrace unless it already is a trap; returns the TrapKind that unwinds the interpreter.
exec::TrapKind raise_host_error(StoreState& store, Error error);
// Runs the call hook, if any.
Result<Ok> run_call_hook(StoreState& store, CallHook kind);
// The backtrace of the frames [0, depth) with `top_pc` innermost.
WasmBacktrace capture_backtrace(const exec::ExecContext& context, uint32_t depth, const exec::Word* top_pc);

Error usage_error(std::string message);

}  // namespace wasmprof::detail
