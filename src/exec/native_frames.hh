// Walking the compiled frames of a native segment by frame pointer: shared by the sampler's
// capture, the fault handler and the writing of compiled frames' records. Internal to exec; every
// function here is async-signal-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>

#include "exec/context.hh"
#include "exec/native_sampling.hh"

namespace wasmprof::exec::native_frames {

inline uintptr_t read_word(uintptr_t address) {
  uintptr_t value;
  std::memcpy(&value, reinterpret_cast<const void*>(address), sizeof value);
  return value;
}

// Whether the interrupted function's own frame is set up at `pc`. Compiled code keeps frame
// pointers (`push %rbp; mov %rsp,%rbp` first, `pop %rbp` just before `ret`) and makes no tail
// calls, so only at those three instructions is it not: then %rbp is still (or again) the
// caller's, and the return address is at the stack pointer (above the pushed %rbp after the
// push). (A `ret` or `push` is one byte; `48 89 e5` is three, so reading them stays inside the
// instruction at pc.)
inline bool own_frame_at(uintptr_t pc, uintptr_t sp, uintptr_t& return_address) {
  const auto* code = reinterpret_cast<const uint8_t*>(pc);
  if (code[0] == 0x55 || code[0] == 0xC3) {
    return_address = read_word(sp);
    return false;
  }
  if (code[0] == 0x48 && code[1] == 0x89 && code[2] == 0xE5) {
    return_address = read_word(sp + 8);
    return false;
  }
  return true;
}

// The context's innermost segment as a signal handler may read it: its function is written last
// and cleared first (enter_native_segment), so a non-null one comes with the rest.
inline bool innermost_segment(const ExecContext& context, NativeSegment& segment) {
  const FunctionInstance* function = context.native_segment.function;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  if (function == nullptr) return false;
  segment = NativeSegment{function, context.native_segment.entry_frame, context.native_segment.entry_depth};
  return true;
}

// Walks the compiled frames of `segment` from an interrupted pc, stack pointer and frame
// pointer: calls visit(address, code, frame) with the pc, then each compiled caller's return
// address, innermost first (code: the compiled function whose machine code holds it; frame: the
// address of the machine frame it is in, or, for a pc in a prologue or at `ret`, the stack
// pointer). False, wherever it stopped, if the pc is not in the segment's machine code, `visit`
// refused, or the walk did not end exactly at the frame that entered the segment (a frame
// visited before that may be bogus then).
template <class Visit>
bool walk_native_frames(const NativeSegment& segment, uintptr_t pc, uintptr_t sp, uintptr_t fp, Visit&& visit) {
  NativeCodeLookup compiled(*segment.function);
  const CompiledFunction* code = compiled.find(pc);
  if (code == nullptr) return false;
  // Compiled frames lie between the interrupted stack pointer and the frame that entered them.
  auto on_stack = [&](uintptr_t address) { return address >= sp && address < segment.entry_frame && address % 8 == 0; };
  if (!on_stack(sp)) return false;
  // The innermost frame: its own (then %rbp points at it), or, in a prologue or at `ret`, the
  // stack pointer stands for it and %rbp is already the caller's.
  uintptr_t return_address = 0, caller_fp = fp, frame = sp;
  if (own_frame_at(pc, sp, return_address)) {
    if (fp < sp || !on_stack(fp)) return false;
    frame = fp;
    return_address = read_word(fp + 8);
    caller_fp = read_word(fp);
  }
  if (!visit(pc, *code, frame)) return false;
  while ((code = compiled.find(return_address)) != nullptr) {
    if (!visit(return_address, *code, caller_fp)) return false;
    // Each caller's frame is above the last one's, and below the entry.
    if (caller_fp <= frame || !on_stack(caller_fp)) return false;
    frame = caller_fp;
    return_address = read_word(frame + 8);
    caller_fp = read_word(frame);
  }
  // The outermost compiled frame is the entered function's: the frame it saved is the one that
  // entered it (enter_native_segment's), exactly; any other walk lost its way (or walked the
  // frames of another store running the same module further up this thread's stack).
  return caller_fp == segment.entry_frame;
}

}  // namespace wasmprof::exec::native_frames
