#include "exec/native_records.hh"

#include <span>

#include "exec/context.hh"
#include "exec/instance.hh"
#include "exec/native_frames.hh"

namespace wasmprof::exec {
namespace {

struct SiteInCode {
  const CompiledFunction* code = nullptr;
  const Word* word = nullptr;
};

// A site of function `function_index` at module offset `offset` in the code of `physical` or of
// the callees' copies made in it (any copy of the function will do: they share offsets). Where
// the machine code map named an instruction a site's code was folded into, the nearest site
// before it in the same function.
SiteInCode find_site(const CompiledFunction& physical, const DecodedModule& module, uint32_t function_index,
                     uint32_t offset) {
  uint32_t body_start = 0, body_end = UINT32_MAX;
  if (function_index >= module.imported_function_count &&
      function_index - module.imported_function_count < module.bodies.size()) {
    const auto& body = module.bodies[function_index - module.imported_function_count].code;
    body_start = uint32_t(body.offset);
    body_end = uint32_t(body.offset + body.size);
  }
  SiteInCode best;
  uint32_t best_offset = 0;
  auto search = [&](auto& self, const CompiledFunction& code) -> bool {
    for (const OffsetMapEntry& entry : code.offsets) {
      if (entry.wasm_offset == offset) {
        best = SiteInCode{&code, code.code.data() + entry.code_index};
        return true;
      }
      if (entry.wasm_offset < offset && entry.wasm_offset >= body_start && entry.wasm_offset < body_end &&
          (best.code == nullptr || entry.wasm_offset > best_offset)) {
        best = SiteInCode{&code, code.code.data() + entry.code_index};
        best_offset = entry.wasm_offset;
      }
    }
    for (const auto& copy : code.callee_copies)
      if (self(self, *copy)) return true;
    return false;
  };
  search(search, physical);
  return best;
}

// The code among `physical` and the copies made in it whose words hold `word`; null if none.
const CompiledFunction* code_holding(const CompiledFunction& physical, const Word* word) {
  if (word >= physical.code.data() && word < physical.code.data() + physical.code.size()) return &physical;
  for (const auto& copy : physical.callee_copies)
    if (const CompiledFunction* code = code_holding(*copy, word)) return code;
  return nullptr;
}

// A written record's CallRecord::machine_pc: the pc, and above any user-space address the
// record's level among the wasm frames of its machine frame (0: the innermost) and their count,
// so that a record is known still true only if all of its machine frame's are.
constexpr unsigned kLevelShift = 48, kCountShift = 56;
constexpr uintptr_t kAddressMask = (uintptr_t(1) << kLevelShift) - 1;
uintptr_t machine_key(uintptr_t pc, size_t level, size_t count) {
  if ((pc & ~kAddressMask) != 0 || count >= 256) return 0;  // never expected: such a record is just never reused
  return pc | uintptr_t(level) << kLevelShift | uintptr_t(count) << kCountShift;
}

// Writes records while walking the compiled frames innermost first (walk_native_frames's visit).
// `next` is the index of the innermost record not yet accounted for: a machine frame with k wasm
// frames has the records [next - k + 1, next], its innermost first. The outermost wasm frame of a
// machine frame is called from the next one's innermost: its record's return_pc is set when that
// one is read (`caller_pending`).
class RecordWriter {
 public:
  RecordWriter(ExecContext& context, const NativeSegment& segment, uint32_t depth, bool at_call, const Word* site)
      : calls_(context.calls.get()),
        wasm_call_mark_(context.stack.get()),
        instance_(*segment.function->module),
        first_index_(int64_t(segment.entry_depth) - 1),
        next_(int64_t(depth) - 1),
        at_call_(at_call),
        site_(site) {}

  bool visit(uintptr_t address, const CompiledFunction& physical, uintptr_t frame) {
    const bool innermost = innermost_;
    innermost_ = false;
    // A return address stands for the call before it; a fault's pc for its own instruction.
    const uintptr_t instruction = innermost && !at_call_ ? address : address - 1;
    if (!innermost || at_call_) {
      if (const size_t count = records_still_true(address, frame)) {
        if (caller_pending_ >= 0 && caller_pending_written_) {
          const std::span<const MachineFrame> frames = physical.machine_map.frames_at(instruction);
          if (frames.empty()) return false;
          calls_[caller_pending_].return_pc = site_of(physical, frames[0], false).word + 1;
        }
        if (innermost) position_ = site_;
        next_ -= int64_t(count);
        set_caller_pending(next_ + 1, false);
        return true;
      }
    }
    const std::span<const MachineFrame> frames = physical.machine_map.frames_at(instruction);
    if (frames.empty()) return !innermost;  // a NativeEntry, which calls its function's body: no wasm frame
    const size_t count = frames.size();
    if (next_ - int64_t(count) + 1 < first_index_) return false;  // more frames than the depth says
    for (size_t level = 0; level < count; ++level) {
      const int64_t index = next_ - int64_t(level);
      const SiteInCode at = site_of(physical, frames[level], innermost && level == 0);
      if (level == 0) {
        if (innermost) position_ = at.word;
        if (caller_pending_ >= 0) calls_[caller_pending_].return_pc = at.word + 1;
      } else {
        calls_[index + 1].return_pc = at.word + 1;
      }
      CallRecord& record = calls_[index];
      if (index == first_index_) {
        // The entered function's: its enterer wrote it (with what the interpreter's return reads).
        if (level + 1 != count) return false;
      } else {
        record = CallRecord{instance_.functions[frames[level].function_index], at.code, nullptr, nullptr,
                            wasm_call_mark_, &instance_};
      }
      record.machine_frame = frame;
      record.machine_pc = machine_key(address, level, count);
    }
    next_ -= int64_t(count);
    set_caller_pending(next_ + 1, true);
    return true;
  }

  // Whether every record was accounted for, the entered function's last.
  bool complete() const { return next_ == first_index_ - 1 && !innermost_; }
  const Word* position() const { return position_; }

 private:
  // The number of records at `next_` and below written for this machine frame at this pc, if
  // all of them are; else 0.
  size_t records_still_true(uintptr_t address, uintptr_t frame) const {
    if (next_ < first_index_) return 0;
    const CallRecord& innermost = calls_[next_];
    if (innermost.machine_frame != frame || (innermost.machine_pc & kAddressMask) != address ||
        ((innermost.machine_pc >> kLevelShift) & 0xFF) != 0)
      return 0;
    const size_t count = innermost.machine_pc >> kCountShift;
    if (count == 0 || next_ - int64_t(count) + 1 < first_index_) return 0;
    for (size_t level = 1; level < count; ++level) {
      const CallRecord& record = calls_[next_ - int64_t(level)];
      if (record.machine_frame != frame || record.machine_pc != machine_key(address, level, count)) return 0;
    }
    return count;
  }

  // Where `frame` is in the code of `physical` or its copies: for the innermost frame of a helper's
  // caller, the helper's site (whose code must be the one the record names).
  SiteInCode site_of(const CompiledFunction& physical, const MachineFrame& frame, bool helper_site) const {
    if (helper_site && site_ != nullptr)
      if (const CompiledFunction* code = code_holding(physical, site_)) return SiteInCode{code, site_};
    SiteInCode at = find_site(physical, *instance_.module, frame.function_index, frame.wasm_offset);
    if (at.code == nullptr) at = SiteInCode{&physical, physical.code.data()};  // no site at all: never expected
    return at;
  }

  void set_caller_pending(int64_t index, bool written) {
    caller_pending_ = index > first_index_ ? index : -1;  // the entered function's caller is not compiled
    caller_pending_written_ = written;
  }

  CallRecord* calls_;
  Slot* wasm_call_mark_;  // CallRecord::caller_fp of a frame a wasm call made: only its being non-null is read
  ModuleInstance& instance_;
  int64_t first_index_;
  int64_t next_;
  bool at_call_;
  const Word* site_;
  bool innermost_ = true;
  int64_t caller_pending_ = -1;
  bool caller_pending_written_ = false;
  const Word* position_ = nullptr;
};

}  // namespace

bool write_native_records(ExecContext& context, uintptr_t return_address, const Word* site) noexcept {
  NativeSegment segment;
  if (!native_frames::innermost_segment(context, segment)) return false;
  const uintptr_t frame = context.helper_caller_frame;
  auto any = [](uintptr_t, const CompiledFunction&, uintptr_t) { return true; };
  if (!native_frames::walk_native_frames(segment, return_address, frame, frame, any)) return false;
  RecordWriter writer(context, segment, context.depth, true, site);
  return native_frames::walk_native_frames(
             segment, return_address, frame, frame,
             [&](uintptr_t address, const CompiledFunction& code, uintptr_t at) { return writer.visit(address, code, at); }) &&
         writer.complete();
}

bool write_native_records_at_fault(ExecContext& context, uintptr_t pc, uintptr_t sp, uintptr_t fp, uint32_t& depth,
                                   const Word*& position) noexcept {
  NativeSegment segment;
  if (!native_frames::innermost_segment(context, segment)) return false;
  // The depth: the entered function's, plus every wasm frame of every machine frame below it.
  uint32_t frames = 0;
  bool innermost = true;
  auto count = [&](uintptr_t address, const CompiledFunction& code, uintptr_t) {
    frames += uint32_t(code.machine_map.frames_at(innermost ? address : address - 1).size());
    innermost = false;
    return true;
  };
  if (!native_frames::walk_native_frames(segment, pc, sp, fp, count) || frames == 0) return false;
  depth = segment.entry_depth - 1 + frames;
  RecordWriter writer(context, segment, depth, false, nullptr);
  if (!native_frames::walk_native_frames(
          segment, pc, sp, fp,
          [&](uintptr_t address, const CompiledFunction& code, uintptr_t at) { return writer.visit(address, code, at); }) ||
      !writer.complete())
    return false;
  position = writer.position();
  return true;
}

}  // namespace wasmprof::exec
