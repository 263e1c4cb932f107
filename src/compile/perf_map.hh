// perf's map of JIT code (/tmp/perf-<pid>.map: "start size name" per line), so `perf record` /
// `perf report` of a guest running compiled code names its wasm functions instead of showing
// bare addresses. Written when WASMPROF_PERFMAP=1, like Wasmtime's `--profile=perfmap`.
#pragma once

#include <memory>

namespace llvm {
class JITEventListener;
}

namespace wasmprof {
struct DecodedModule;
}

namespace wasmprof::compile {

// Whether the environment asks for the map (read once per compiler).
bool perf_map_requested();

// A listener that appends each loaded object's functions to the map, named from `module`'s name
// section (which must outlive it).
std::unique_ptr<llvm::JITEventListener> make_perf_map_writer(const DecodedModule& module);

}  // namespace wasmprof::compile
