// Binds WASI preview1 to the embedding API: every function of preview1_functions() becomes a
// host function in a Linker, reading the calling instance's exported "memory".
#pragma once

#include "wasi/wasi.hh"
#include "wasmprof/linker.hh"

namespace wasmprof::wasi {

// Defines all of "wasi_snapshot_preview1" in `linker`, bound to `context`, which must outlive
// every instance linked with it. proc_exit ends the guest with exit_error(code).
Result<Ok> add_to_linker(Linker& linker, WasiContext& context);

}  // namespace wasmprof::wasi
