// The map from machine code back to wasm (exec::MachineCodeMap), read from the line tables the
// code generator emits: each wasm instruction's IR carries a debug location whose line is the
// instruction's module offset, in a subprogram per wasm function named by its index, so LLVM's
// inliner records a copied callee as an inlined frame with its call's offset as it does for C.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "exec/code.hh"

namespace llvm {
class JITEventListener;
}

namespace wasmprof::compile {

// Listens to the JIT's loaded objects and keeps the map of each object's machine code until the
// compiler takes it, by the name of a function symbol in it.
class MachineCodeMapper {
 public:
  MachineCodeMapper();
  ~MachineCodeMapper();
  llvm::JITEventListener& listener();
  // The map of the object that defined `symbol` (loaded by now), covering every function in it.
  std::optional<exec::MachineCodeMap> take(const std::string& symbol);

 private:
  class Listener;
  std::unique_ptr<Listener> listener_;
};

}  // namespace wasmprof::compile
