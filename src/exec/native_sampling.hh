// Sampling machine code exactly: a signal handler that interrupted compiled code reads the program
// counter and walks the compiled frames by frame pointer (compiled code keeps them: "frame-pointer"
// = all, no tail calls), storing raw addresses in the context's preallocated capture; the sample
// is then built off the signal path, at the next point where execution serves the interrupt
// request the handler made: the frames below the compiled code from the call records (unchanged
// until that point), the compiled ones from the capture through each function's MachineCodeMap,
// inlined copies included. The interpreter needs none of this: a request is served at its next
// instruction, which is where it was.
#pragma once

#include <atomic>
#include <cstdint>

namespace wasmprof::exec {

struct ExecContext;
struct FunctionInstance;
struct CompiledFunction;

// The innermost stretch of compiled frames, entered from the interpreter (native_enter, or an
// on-stack replacement): every frame in it runs machine code of one instance, so one module's
// code index knows every return address in it.
struct NativeSegment {
  const FunctionInstance* function = nullptr;  // the entered function; null: no segment
  uintptr_t entry_frame = 0;  // the interpreter's frame that called it: compiled frames lie below
  uint32_t entry_depth = 0;   // the entered function's record is calls[entry_depth - 1]
};

struct NativeCapture {
  // Machine frames in one segment; deeper: not captured (then the sample waits for the next
  // check point). Deep enough for the suite's 3000-deep recursion: walked at a few ns a frame
  // when its callers' code is the same function's.
  static constexpr uint32_t kMaxFrames = 4096;
  // Set by the signal handler once the rest is written; cleared by the sample that reads it, or
  // where its frames stop being valid (a trap leaving the segment, the end of an invoke).
  std::atomic<bool> pending{false};
  NativeSegment segment;
  uint32_t count = 0;
  // The interrupted pc, then each compiled caller's return address, innermost first.
  uintptr_t pcs[kMaxFrames] = {};
};

// Async-signal-safe. When `pc` (with `sp` and `fp`, the interrupted registers) is in the machine
// code of the context's innermost segment, captures its compiled frames and returns true; false
// (nothing captured) elsewhere: in the interpreter, a host function, a helper, or when a capture
// is already pending.
bool capture_native_stack(ExecContext& context, uintptr_t pc, uintptr_t sp, uintptr_t fp) noexcept;

// The machine code containing `pc` among the compiled functions of `function`'s module; null if
// none. Async-signal-safe.
const CompiledFunction* native_code_containing(const FunctionInstance& function, uintptr_t pc) noexcept;

// native_code_containing over a stack's addresses, the span found last tried first: callers in a
// row are mostly one function's code (a recursion's all of them). Async-signal-safe.
class NativeCodeLookup {
 public:
  explicit NativeCodeLookup(const FunctionInstance& function) : function_(function) {}
  const CompiledFunction* find(uintptr_t pc) noexcept;

 private:
  const FunctionInstance& function_;
  const CompiledFunction* last_ = nullptr;
  uintptr_t start_ = 0, end_ = 0;  // last_'s span
};

}  // namespace wasmprof::exec
