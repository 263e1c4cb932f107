#include "runtime/store_state.hh"

#include <algorithm>
#include <chrono>
#include <thread>

#include "support/error.hh"

namespace wasmprof::detail {
namespace {

exec::ExecLimits exec_limits(const Config& config) {
  exec::ExecLimits limits;
  limits.max_call_depth = std::max<uint32_t>(config.max_call_depth, 1);
  limits.stack_slots = uint32_t(std::clamp<uint64_t>(config.max_wasm_stack / sizeof(exec::Slot), 1024, 1u << 28));
  return limits;
}

// At an epoch check whose deadline has passed: the embedder's callback decides.
exec::TrapKind on_epoch_deadline(exec::ExecContext& context) {
  StoreState& store = StoreState::of(context);
  if (!store.epoch_callback) return exec::TrapKind::Interrupted;
  Result<UpdateDeadline> update = store.epoch_callback(StoreContext(store));
  if (!update) return raise_host_error(store, update.error());
  context.epoch_deadline = store.engine.current_epoch() + update->delta;
  return exec::TrapKind::None;
}

// At the instruction boundary after a request: a sample, and a stop if one was asked for.
exec::TrapKind on_interrupt(exec::ExecContext& context, void*) {
  StoreState& store = StoreState::of(context);
  if (store.sample_handler) store.sample_handler(StoreContext(store), store.sample_data);
  if (store.interrupts->requested.exchange(false)) return exec::TrapKind::Interrupted;
  return exec::TrapKind::None;
}

TrapCode trap_code(exec::TrapKind kind) {
  switch (kind) {
    case exec::TrapKind::None:
    case exec::TrapKind::Unreachable: return TrapCode::UnreachableCodeReached;
    case exec::TrapKind::IntegerDivideByZero: return TrapCode::IntegerDivisionByZero;
    case exec::TrapKind::IntegerOverflow: return TrapCode::IntegerOverflow;
    case exec::TrapKind::InvalidConversionToInteger: return TrapCode::BadConversionToInteger;
    case exec::TrapKind::OutOfBoundsMemoryAccess: return TrapCode::MemoryOutOfBounds;
    case exec::TrapKind::OutOfBoundsTableAccess: return TrapCode::TableOutOfBounds;
    case exec::TrapKind::UndefinedElement: return TrapCode::UndefinedElement;
    case exec::TrapKind::UninitializedElement: return TrapCode::IndirectCallToNull;
    case exec::TrapKind::IndirectCallTypeMismatch: return TrapCode::BadSignature;
    case exec::TrapKind::CallStackExhausted: return TrapCode::StackOverflow;
    case exec::TrapKind::OutOfFuel: return TrapCode::OutOfFuel;
    case exec::TrapKind::Interrupted: return TrapCode::Interrupt;
    case exec::TrapKind::HostError: return TrapCode::HostError;
  }
  return TrapCode::HostError;
}

}  // namespace

StoreState::StoreState(const Engine& e, void* d, const std::type_info& type)
    : engine(e),
      data(d),
      data_type(&type),
      created_ns(uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count())),
      context(exec_limits(e.config())) {
  context.embedder = this;
  context.epoch = &engine.state().epoch;
  // As in Wasmtime: with epoch interruption on, a store that sets no deadline traps at once.
  context.epoch_deadline = 0;
  context.on_epoch_deadline = on_epoch_deadline;
  context.on_interrupt = on_interrupt;
  context.fuel = engine.config().consume_fuel ? 0 : UINT64_MAX;
  host_calls.reserve(16);
  interrupts = std::make_shared<InterruptState>();
  interrupts->context.store(&context);
}

StoreState::~StoreState() {
  // An InterruptHandle may still be in interrupt() on another thread, using the context.
  interrupts->context.store(nullptr);
  while (interrupts->users.load() != 0) std::this_thread::yield();
}

Error usage_error(std::string message) { return make_error(ErrorKind::Usage, std::move(message)); }

Error trap_from_execution(StoreState& store, exec::TrapKind kind) {
  if (store.pending_trap) {
    std::shared_ptr<const Trap> trap = std::move(store.pending_trap);
    return trap->to_error();
  }
  return Trap(trap_code(kind), exec::trap_message(kind),
              capture_backtrace(store.context, store.context.trap_depth, store.context.trap_pc))
      .to_error();
}

exec::TrapKind raise_host_error(StoreState& store, Error error) {
  // A trap that already has frames (from wasm the host function called) keeps them: they
  // show where it happened. Any other error gets the frames of the wasm that called the host.
  if (error.trap && !error.trap->backtrace().frames().empty()) {
    store.pending_trap = std::move(error.trap);
  } else {
    WasmBacktrace backtrace = capture_backtrace(store.context, store.context.depth, store.context.current_pc);
    if (error.trap)
      store.pending_trap = std::make_shared<const Trap>(error.trap->code(), error.trap->message(), std::move(backtrace),
                                                        error.trap->exit_status());
    else
      store.pending_trap = std::make_shared<const Trap>(TrapCode::HostError, error.to_string(), std::move(backtrace));
  }
  return exec::TrapKind::HostError;
}

Result<Ok> run_call_hook(StoreState& store, CallHook kind) {
  if (!store.call_hook) return Ok{};
  return store.call_hook(StoreContext(store), kind);
}

void StoreStateDeleter::operator()(StoreState* state) const { delete state; }

std::unique_ptr<StoreState, StoreStateDeleter> make_store_state(const Engine& engine, void* data,
                                                                const std::type_info& data_type) {
  return std::unique_ptr<StoreState, StoreStateDeleter>(new StoreState(engine, data, data_type));
}

void* store_data(StoreState& state, const std::type_info& expected) {
  // A mismatch is a programming error of the embedder's that no return value could express.
  if (*state.data_type != expected) std::abort();
  return state.data;
}

}  // namespace wasmprof::detail

namespace wasmprof {

const Engine& StoreContext::engine() const { return state_->engine; }

void StoreContext::set_epoch_deadline(uint64_t ticks_beyond_current) const {
  // Saturating: UINT64_MAX ticks means "never", and must not wrap to a deadline already passed.
  const uint64_t current = state_->engine.current_epoch();
  state_->context.epoch_deadline = current + std::min(ticks_beyond_current, UINT64_MAX - current);
}

void StoreContext::epoch_deadline_trap() const { state_->epoch_callback = nullptr; }

void StoreContext::epoch_deadline_callback(EpochDeadlineCallback callback) const {
  state_->epoch_callback = std::move(callback);
}

Result<Ok> StoreContext::set_fuel(uint64_t fuel) const {
  if (!state_->engine.config().consume_fuel) return detail::usage_error("fuel is not enabled in the engine's Config");
  state_->context.fuel = fuel;
  return Ok{};
}

Result<uint64_t> StoreContext::get_fuel() const {
  if (!state_->engine.config().consume_fuel) return detail::usage_error("fuel is not enabled in the engine's Config");
  return state_->context.fuel;
}

void StoreContext::call_hook(CallHookCallback hook) const { state_->call_hook = std::move(hook); }

void StoreContext::limiter(ResourceLimits limits) const {
  runtime::ObjectLimits& objects = state_->objects.limits;
  objects.memory_pages = limits.memory_size ? uint32_t(std::min<uint64_t>(*limits.memory_size / kPageSize, kMaxPages))
                                            : kMaxPages;
  objects.table_elements = limits.table_elements.value_or(10000000);
  objects.instances = limits.instances;
  objects.memories = limits.memories;
  objects.tables = limits.tables;
}

}  // namespace wasmprof
