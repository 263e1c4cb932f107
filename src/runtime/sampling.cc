#include "runtime/sampling.hh"

#include <pthread.h>
#include <signal.h>
#include <ucontext.h>

#include <cerrno>
#include <cstddef>

#include "runtime/stack_walk.hh"
#include "runtime/store_state.hh"

namespace wasmprof::runtime {
namespace {

SampledFrame sampled(const WasmFrame& frame) {
  return SampledFrame{frame.function->module->compiled.get(), frame.function->function_index, frame.module_offset()};
}

// A frame read from machine code: the map's wasm frame (0 where the compiler kept no offset:
// then the function's first instruction).
SampledFrame sampled_machine_frame(const FrameIdentity& identity) {
  const auto* function = static_cast<const exec::FunctionInstance*>(identity.function);
  const auto* code = static_cast<const exec::CompiledFunction*>(identity.code);
  const std::span<const exec::MachineFrame> frames = code->machine_map.frames_at(reinterpret_cast<uintptr_t>(identity.position));
  const exec::ModuleInstance& instance = *function->module;
  const DecodedModule& module = *instance.module;
  auto body_offset = [&](uint32_t function_index) {
    const bool defined = function_index >= module.imported_function_count &&
                         function_index - module.imported_function_count < module.bodies.size();
    return defined ? uint32_t(module.bodies[function_index - module.imported_function_count].code.offset) : 0;
  };
  if (identity.machine_frame >= frames.size())  // the function's NativeEntry: its first instruction
    return SampledFrame{instance.compiled.get(), function->function_index, body_offset(function->function_index)};
  const exec::MachineFrame& frame = frames[identity.machine_frame];
  const uint32_t offset = frame.wasm_offset != 0 ? frame.wasm_offset : body_offset(frame.function_index);
  return SampledFrame{instance.compiled.get(), frame.function_index, offset};
}

// The signal that carries sample requests to a guest thread that may run compiled code: a
// real-time one (queued, carries the context), left alone if anyone else has a handler for it.
int sample_signal() { return SIGRTMIN + 6; }

void on_sample_signal(int, siginfo_t* info, void* machine) {
  if (info->si_code != SI_QUEUE || info->si_value.sival_ptr == nullptr) return;  // not a request
  const int saved_errno = errno;
  auto& context = *static_cast<exec::ExecContext*>(info->si_value.sival_ptr);
#if defined(__x86_64__)
  const auto& registers = static_cast<const ucontext_t*>(machine)->uc_mcontext.gregs;
  exec::capture_native_stack(context, uintptr_t(registers[REG_RIP]), uintptr_t(registers[REG_RSP]),
                             uintptr_t(registers[REG_RBP]));
#endif
  context.request_interrupt();
  errno = saved_errno;
}

// Installs the handler once per process; false if the signal is someone else's.
bool install_sample_signal_handler() {
  static const bool installed = [] {
#if defined(__x86_64__) && defined(__linux__)
    struct sigaction previous {};
    if (sigaction(sample_signal(), nullptr, &previous) != 0 || previous.sa_handler != SIG_DFL) return false;
    struct sigaction action {};
    action.sa_sigaction = on_sample_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(sample_signal(), &action, nullptr) == 0;
#else
    return false;
#endif
  }();
  return installed;
}

// Replaces `frames` with the identities of call records [0, depth), outermost first, the innermost
// at `top_pc`. Filled from the back, as the walk goes innermost first; field by field, since
// building a whole FrameIdentity and copying it stalls on store forwarding (3x slower on deep
// stacks).
void recorded_identities(const exec::ExecContext& context, uint32_t depth, const exec::Word* top_pc,
                         std::vector<FrameIdentity>& frames) {
  frames.resize(depth);
  size_t next = frames.size();
  walk_stack(context, depth, top_pc, [&](const WasmFrame& frame) {
    --next;
    frames[next].function = frame.function;
    frames[next].code = frame.code;
    frames[next].position = frame.pc;
    frames[next].machine_frame = FrameIdentity::kRecorded;
    return true;
  });
  if (next > 0) frames.erase(frames.begin(), frames.begin() + ptrdiff_t(next));
}

}  // namespace

bool enable_sample_signals(StoreContext store) {
  detail::StoreState& state = store.state();
  if (state.engine.config().strategy == Strategy::Interpreter || !install_sample_signal_handler()) return false;
  state.guest_thread = pthread_self();
  state.sample_by_signal.store(true, std::memory_order_release);
  return true;
}

void disable_sample_signals(StoreContext store) {
  store.state().sample_by_signal.store(false, std::memory_order_release);
}

void requested_frame_identities(StoreContext store, std::vector<FrameIdentity>& frames) {
  exec::ExecContext& context = store.state().context;
  exec::NativeCapture& capture = context.native_capture;
  if (!capture.pending.load(std::memory_order_relaxed)) return live_frame_identities(store, frames);
  // The frames below the compiled segment, from their records: unchanged since the signal (a
  // capture is dropped where they would change first: exec/native_sampling.hh).
  const exec::NativeSegment& segment = capture.segment;
  const uint32_t below = segment.entry_depth - 1;  // the entered function's record is calls[below]
  const exec::CallRecord& entered = context.calls[below];
  const exec::Word* caller_pc = entered.caller_fp ? entered.return_pc - 1 : context.entry_caller_pc[below];
  recorded_identities(context, below, caller_pc, frames);
  // Then the compiled frames, outermost first; a return address stands for the call before it.
  // (A recursion's callers are all at one call: the last address's frame count is reused.)
  exec::NativeCodeLookup compiled(*segment.function);
  uintptr_t last_address = 0;
  size_t inlined = 0;
  for (uint32_t i = capture.count; i-- > 0;) {
    const uintptr_t address = i == 0 ? capture.pcs[0] : capture.pcs[i] - 1;
    const exec::CompiledFunction* code = compiled.find(address);
    if (code == nullptr) continue;
    if (address != last_address) {
      inlined = code->machine_map.frames_at(address).size();
      last_address = address;
    }
    // A return address in a NativeEntry (the wrapper that calls its function's body) stands for
    // no frame: the body's is the function's. But the signal may stop the wrapper itself, before
    // or after the body, where the entered function is the innermost frame (resolved at its
    // first instruction).
    if (i == 0 && inlined == 0 && code == segment.function->code) {
      frames.push_back(FrameIdentity{segment.function, code, reinterpret_cast<const void*>(address), 0});
      continue;
    }
    for (size_t k = inlined; k-- > 0;)
      frames.push_back(FrameIdentity{segment.function, code, reinterpret_cast<const void*>(address), uint32_t(k)});
  }
  capture.pending.store(false, std::memory_order_relaxed);
}

FramesOwner frames_owner(StoreContext store) {
  const detail::StoreState& state = store.state();
  return FramesOwner{&state, state.created_ns};
}

void live_frame_identities(StoreContext store, std::vector<FrameIdentity>& frames) {
  const exec::ExecContext& context = store.state().context;
  recorded_identities(context, context.depth, context.current_pc, frames);
}

SampledFrame resolve_frame(const FrameIdentity& identity) {
  if (identity.machine_frame != FrameIdentity::kRecorded) return sampled_machine_frame(identity);
  return sampled(WasmFrame{static_cast<const exec::FunctionInstance*>(identity.function),
                           static_cast<const exec::CompiledFunction*>(identity.code),
                           static_cast<const exec::Word*>(identity.position)});
}

void for_each_live_frame(StoreContext store, FrameVisitor visitor, void* visit) {
  walk_live_stack(store.state().context, [&](const WasmFrame& frame) { return visitor(visit, sampled(frame)); });
}

bool current_host_call(StoreContext store, HostCall& call) {
  const auto& calls = store.state().host_calls;
  if (calls.empty()) return false;
  call = HostCall{calls.back()->module, calls.back()->name};
  return true;
}

bool in_host_call(StoreContext store) {
  return store.state().running_host.load(std::memory_order_relaxed);
}

void install_sample_handler(StoreContext store, SampleHandler handler, void* data) {
  detail::StoreState& state = store.state();
  state.sample_handler = handler;
  state.sample_data = data;
}

void remove_sample_handler(StoreContext store) {
  detail::StoreState& state = store.state();
  state.sample_handler = nullptr;
  state.sample_data = nullptr;
}

void request_sample(StoreContext store) {
  detail::StoreState& state = store.state();
  if (state.sample_by_signal.load(std::memory_order_acquire)) {
    union sigval value;
    value.sival_ptr = &state.context;
    if (pthread_sigqueue(state.guest_thread, sample_signal(), value) == 0) return;
  }
  state.context.request_interrupt();
}

}  // namespace wasmprof::runtime
