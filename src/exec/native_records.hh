// The call records of compiled frames, written when something may read them. A call between
// compiled functions of one instance writes no record (four stores and their address on every
// call: 17 % of the suite's recursion's time); the frames' records are written from the machine
// frames instead, by a walk of the frame pointers from the compiled frame that needs them to the
// native segment's entry, each machine frame's return address read in its function's
// MachineCodeMap (which names the copies inlined there too). What reads records while compiled
// frames are live is reached only through a helper or a fault: a call of a host, interpreted or
// other instance's function (hooks, host functions' backtraces, WASI's exit), a check point
// serving an interrupt (the sampler, an epoch callback), a probe, and a trap (its backtrace is
// read after the frames have returned). So those helpers write the records first, and the fault
// handler before it jumps.
//
// Each record so written carries the machine frame's address and pc it was written for (with
// its level among the frames inlined there): a machine frame found again at the same address,
// pc and depth has its records already, so a walk costs a few loads a frame, and lookups only
// for frames that changed since the last one.
#pragma once

#include <cstdint>

#include "exec/code.hh"

namespace wasmprof::exec {

struct ExecContext;

// Writes the records of the compiled frames of the context's innermost native segment for a
// helper called from compiled code: the caller's frame is ExecContext::helper_caller_frame and
// `return_address` is the helper's own (its caller's pc), ExecContext::depth its depth, and
// `site` (the helper's, or null) its position. Returns false (records left as they were) if the
// walk did not reach the segment's entry or found another count of frames than the depth says:
// never expected. Async-signal-safe.
bool write_native_records(ExecContext& context, uintptr_t return_address, const Word* site) noexcept;

// For a fault at `pc` (with the interrupted `sp` and `fp`) in the context's innermost segment:
// writes every record its compiled frames have, sets `depth` (calls[depth - 1] is the innermost
// frame's) and `position`, the faulting frame's position (a site of its code at the faulting
// instruction, or the nearest before it). False if the walk did not reach the segment's entry.
// Async-signal-safe: the fault handler calls it before its jump.
bool write_native_records_at_fault(ExecContext& context, uintptr_t pc, uintptr_t sp, uintptr_t fp, uint32_t& depth,
                                   const Word*& position) noexcept;

}  // namespace wasmprof::exec
