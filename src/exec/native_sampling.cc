#include "exec/native_sampling.hh"

#include <algorithm>
#include <cstring>

#include "exec/context.hh"
#include "exec/instance.hh"
#include "exec/module_code.hh"

namespace wasmprof::exec {
namespace {

uintptr_t read_word(uintptr_t address) {
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
bool own_frame_at(uintptr_t pc, uintptr_t sp, uintptr_t& return_address) {
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

}  // namespace

const CompiledFunction* native_code_containing(const FunctionInstance& function, uintptr_t pc) noexcept {
  const ModuleCode* code = function.module ? function.module->module_code : nullptr;
  return code ? code->native_code_containing(pc) : nullptr;
}

const CompiledFunction* NativeCodeLookup::find(uintptr_t pc) noexcept {
  if (pc >= start_ && pc < end_) return last_;
  const CompiledFunction* code = native_code_containing(function_, pc);
  if (code == nullptr) return nullptr;
  last_ = code;
  start_ = code->machine_map.ranges.front().start;
  end_ = code->machine_map.ranges.back().start;
  return code;
}

namespace {

// Walks the compiled frames of `segment` from an interrupted pc, stack pointer and frame
// pointer: calls visit(address, code) with the pc, then each compiled caller's return address,
// innermost first (code: the compiled function whose machine code holds it). False, wherever it
// stopped, if the pc is not in the segment's machine code, `visit` refused, or the walk did not
// end exactly at the frame that entered the segment.
// The context's innermost segment as a signal handler may read it: its function is written last
// and cleared first (enter_native_segment), so a non-null one comes with the rest.
bool innermost_segment(const ExecContext& context, NativeSegment& segment) {
  const FunctionInstance* function = context.native_segment.function;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  if (function == nullptr) return false;
  segment = NativeSegment{function, context.native_segment.entry_frame, context.native_segment.entry_depth};
  return true;
}

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
  if (!visit(pc, *code)) return false;
  while ((code = compiled.find(return_address)) != nullptr) {
    if (!visit(return_address, *code)) return false;
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

}  // namespace

bool capture_native_stack(ExecContext& context, uintptr_t pc, uintptr_t sp, uintptr_t fp) noexcept {
  NativeCapture& capture = context.native_capture;
  if (capture.pending.load(std::memory_order_relaxed)) return false;
  NativeSegment segment;
  if (!innermost_segment(context, segment)) return false;
  uint32_t count = 0;
  const bool walked = walk_native_frames(segment, pc, sp, fp, [&](uintptr_t address, const CompiledFunction&) {
    if (count == NativeCapture::kMaxFrames) return false;
    capture.pcs[count++] = address;
    return true;
  });
  if (!walked) return false;
  capture.segment = segment;
  capture.count = count;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  capture.pending.store(true, std::memory_order_relaxed);
  return true;
}

bool locate_native_frame(const ExecContext& context, uintptr_t pc, uintptr_t sp, uintptr_t fp, uint32_t& depth) noexcept {
  NativeSegment segment;
  if (!innermost_segment(context, segment)) return false;
  // Each caller's return address stands for its call, whose wasm frames (the function and the
  // copies inlined at it) all have records below the interrupted frame's; a function's
  // NativeEntry, which calls its body, has none (as the sampler's resolution reads them too).
  uint32_t frames = 0, last_count = 0;
  uintptr_t last_address = 0;
  bool innermost = true;
  const bool walked = walk_native_frames(segment, pc, sp, fp, [&](uintptr_t address, const CompiledFunction& code) {
    if (innermost) {
      innermost = false;
      return true;
    }
    if (address != last_address) {
      last_count = uint32_t(code.machine_map.frames_at(address - 1).size());
      last_address = address;
    }
    frames += last_count;
    return true;
  });
  if (!walked) return false;
  depth = segment.entry_depth + frames;
  return true;
}

}  // namespace wasmprof::exec
