#include "exec/native_sampling.hh"

#include <algorithm>
#include <cstring>

#include "exec/context.hh"
#include "exec/instance.hh"
#include "exec/module_code.hh"
#include "exec/native_frames.hh"

namespace wasmprof::exec {

using native_frames::innermost_segment;
using native_frames::walk_native_frames;

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

bool capture_native_stack(ExecContext& context, uintptr_t pc, uintptr_t sp, uintptr_t fp) noexcept {
  NativeCapture& capture = context.native_capture;
  if (capture.pending.load(std::memory_order_relaxed)) return false;
  NativeSegment segment;
  if (!innermost_segment(context, segment)) return false;
  uint32_t count = 0;
  const bool walked = walk_native_frames(segment, pc, sp, fp, [&](uintptr_t address, const CompiledFunction&, uintptr_t) {
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

}  // namespace wasmprof::exec
