// Store<T>: owns instances and everything they create, the embedder's data T, and the
// per-store execution state: epoch deadline, fuel, call hooks and resource limits. A store is
// used by one thread at a time (but an InterruptHandle stops it from any thread).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <typeinfo>

#include <poll.h>
#include <time.h>

#include "wasmprof/engine.hh"
#include "wasmprof/result.hh"

namespace wasmprof {

namespace detail {
struct StoreState;
struct InterruptState;
struct StoreStateDeleter {
  void operator()(StoreState* state) const;
};
std::unique_ptr<StoreState, StoreStateDeleter> make_store_state(const Engine& engine, void* data,
                                                                const std::type_info& data_type);
void* store_data(StoreState& state, const std::type_info& expected);
}  // namespace detail

// A guest/host transition, reported to the call hook.
enum class CallHook : uint8_t { CallingWasm, ReturningFromWasm, CallingHost, ReturningFromHost };

// What an epoch-deadline callback asks for: keep running, with a new deadline this many ticks
// after the current epoch.
struct UpdateDeadline {
  uint64_t delta = 1;
  static UpdateDeadline continue_with(uint64_t delta) { return UpdateDeadline{delta}; }
};

// Limits on what the guest may allocate in a store (Wasmtime's StoreLimits).
struct ResourceLimits {
  std::optional<uint64_t> memory_size;     // bytes per linear memory
  std::optional<uint32_t> table_elements;  // elements per table
  uint32_t instances = 10000;
  uint32_t memories = 10000;
  uint32_t tables = 10000;
};

// Stops a store's guest from another thread or a signal handler (the shape of Wasmtime's former
// InterruptHandle). interrupt() makes the guest trap with TrapCode::Interrupt at its next
// instruction, whether or not epochs or fuel are compiled in; if no guest is running, at the
// first instruction of the next call. A host function blocked in poll() below (WASI's reads
// from pipes and terminals, its poll_oneoff) returns at once, and the trap follows as soon as
// it is back in wasm. The trap consumes the request: later calls run normally.
// Copyable; may outlive its store (interrupt() then does nothing).
class InterruptHandle {
 public:
  // Safe from any thread and async-signal-safe (atomic stores and a write(2)).
  void interrupt() const noexcept;
  // True from interrupt() until the trap has been raised.
  bool interrupt_requested() const noexcept;
  // For host functions that block: ppoll(2) on `fds` that also returns, with -1 and errno
  // EINTR, when the guest is interrupted. EINTR may also mean an unrelated wake-up: check
  // interrupt_requested() and, if false, wait again (with what is left of the timeout).
  int poll(pollfd* fds, size_t count, const timespec* timeout) const;

 private:
  friend class StoreContext;
  explicit InterruptHandle(std::shared_ptr<detail::InterruptState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::InterruptState> state_;
};

class StoreContext;
using EpochDeadlineCallback = std::function<Result<UpdateDeadline>(StoreContext)>;
using CallHookCallback = std::function<Result<Ok>(StoreContext, CallHook)>;

// A non-owning view of a store, what API functions, host functions and callbacks take.
// Store<T> converts to it implicitly.
class StoreContext {
 public:
  explicit StoreContext(detail::StoreState& state) : state_(&state) {}

  const Engine& engine() const;
  template <class T>
  T& data() const {
    return *static_cast<T*>(detail::store_data(*state_, typeid(T)));
  }

  // Epochs (Config::epoch_interruption): wasm reaching a function entry or a branch back to a
  // loop header once the engine's epoch is at least `current + ticks` calls the callback, or
  // traps without one.
  void set_epoch_deadline(uint64_t ticks_beyond_current) const;
  void epoch_deadline_trap() const;  // removes the callback
  void epoch_deadline_callback(EpochDeadlineCallback callback) const;

  // Fuel (Config::consume_fuel): errors if the engine does not meter fuel.
  Result<Ok> set_fuel(uint64_t fuel) const;
  Result<uint64_t> get_fuel() const;

  // Called on every guest/host transition; an error it returns becomes a trap.
  void call_hook(CallHookCallback hook) const;
  void limiter(ResourceLimits limits) const;
  // A handle that stops this store's guest from any thread (see InterruptHandle).
  InterruptHandle interrupt_handle() const;

  detail::StoreState& state() const { return *state_; }
  bool operator==(const StoreContext& other) const { return state_ == other.state_; }

 private:
  detail::StoreState* state_;
};

template <class T>
class Store {
 public:
  explicit Store(const Engine& engine, T data = T{})
      : data_(std::make_unique<T>(std::move(data))), state_(detail::make_store_state(engine, data_.get(), typeid(T))) {}

  T& data() { return *data_; }
  const T& data() const { return *data_; }
  StoreContext context() { return StoreContext(*state_); }
  operator StoreContext() { return context(); }

  const Engine& engine() { return context().engine(); }
  void set_epoch_deadline(uint64_t ticks_beyond_current) { context().set_epoch_deadline(ticks_beyond_current); }
  void epoch_deadline_trap() { context().epoch_deadline_trap(); }
  void epoch_deadline_callback(EpochDeadlineCallback callback) { context().epoch_deadline_callback(std::move(callback)); }
  Result<Ok> set_fuel(uint64_t fuel) { return context().set_fuel(fuel); }
  Result<uint64_t> get_fuel() { return context().get_fuel(); }
  void call_hook(CallHookCallback hook) { context().call_hook(std::move(hook)); }
  void limiter(ResourceLimits limits) { context().limiter(limits); }
  InterruptHandle interrupt_handle() { return context().interrupt_handle(); }

 private:
  std::unique_ptr<T> data_;  // a stable address for StoreContext::data
  std::unique_ptr<detail::StoreState, detail::StoreStateDeleter> state_;
};

}  // namespace wasmprof
