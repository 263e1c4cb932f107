// Handlers for the 0xFD (SIMD) instructions.
#include "exec/handler_support.hh"

namespace wasmprof::exec {

Handler vector_handler(Opcode) { return nullptr; }

}  // namespace wasmprof::exec
