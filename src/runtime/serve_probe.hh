// The runtime's side of function probes: what the engine compiles into each probe point of the
// interpreter's code (see exec::ProbeCallback). It hands the probe to the store's probe handler
// (runtime/probes.hh) as a ProbedCall.
#pragma once

#include <cstdint>

#include "exec/code.hh"
#include "exec/context.hh"

namespace wasmprof::runtime {

exec::TrapKind serve_probe(exec::ExecContext& context, uint32_t probe_id, exec::ProbePoint point,
                           const exec::Slot* values);

}  // namespace wasmprof::runtime
