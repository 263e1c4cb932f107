// DwarfSymbolizer: source positions for backtraces (WasmBacktrace::to_string, Trap::to_string)
// from the modules' DWARF, named as profiles name frames.
#pragma once

#include <memory>
#include <vector>

#include "wasmprof/trap.hh"

namespace wasmprof {

class DwarfSymbolizer : public FrameSymbolizer {
 public:
  // With `read_dwarf` false, frames are only named (demangled, `wasm-function[N]`), as profiles
  // name them, and no DWARF is read.
  explicit DwarfSymbolizer(bool read_dwarf = true);
  ~DwarfSymbolizer() override;
  DwarfSymbolizer(const DwarfSymbolizer&) = delete;
  DwarfSymbolizer& operator=(const DwarfSymbolizer&) = delete;

  // A module's DWARF is read the first time one of its frames is asked about (a 49 MB module's
  // takes seconds), and only used when it describes the module's code.
  std::vector<FrameSymbol> symbols(const FrameInfo& frame) override;

  // Problems with the DWARF of the modules read so far, each once.
  const std::vector<std::string>& warnings() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmprof
