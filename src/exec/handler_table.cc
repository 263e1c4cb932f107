#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec::handlers {

Handler for_opcode(Opcode opcode) {
  if (Handler handler = scalar_handler(opcode)) return handler;
  return vector_handler(opcode);
}

}  // namespace wasmprof::exec::handlers
