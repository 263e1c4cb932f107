// Traps and wasm backtraces.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasmprof/module.hh"
#include "wasmprof/result.hh"

namespace wasmprof {

class StoreContext;

// Why execution stopped. The messages are the spec's wording (see Trap::message).
enum class TrapCode : uint8_t {
  UnreachableCodeReached,  // "unreachable"
  IntegerDivisionByZero,   // "integer divide by zero"
  IntegerOverflow,         // "integer overflow"
  BadConversionToInteger,  // "invalid conversion to integer"
  MemoryOutOfBounds,       // "out of bounds memory access"
  TableOutOfBounds,        // "out of bounds table access"
  UndefinedElement,        // "undefined element" (call_indirect index beyond the table)
  IndirectCallToNull,      // "uninitialized element"
  BadSignature,            // "indirect call type mismatch"
  StackOverflow,           // "call stack exhausted"
  OutOfFuel,               // "all fuel consumed"
  Interrupt,               // "interrupted" (an epoch deadline)
  HostError,               // a host function, hook or callback returned an error
  Exit,                    // the guest asked to exit (WASI proc_exit); see Trap::exit_status
};

const char* trap_code_message(TrapCode code);

// One wasm frame of a backtrace.
struct FrameInfo {
  Module module;
  std::string module_name;                // from the name section; empty if it has none
  uint32_t func_index = 0;                // wasm function index, imports counted
  std::optional<std::string> func_name;   // from the name section
  uint32_t module_offset = 0;             // module-relative byte offset of the current instruction
  uint32_t func_offset = 0;               // the same, relative to the start of the function's body
};

// What a frame's code is in the source, from the module's debug info: one per function at
// the frame's instruction, the innermost inlined function first and the wasm function last.
struct FrameSymbol {
  std::string name;   // empty: unknown
  std::string file;   // empty: unknown
  uint32_t line = 0;  // 0: unknown
  uint32_t column = 0;
};

// Gives frames their symbols. The runtime reads no debug info: the profile layer's
// DwarfSymbolizer (wasmprof/symbolizer.hh) reads the modules' DWARF.
class FrameSymbolizer {
 public:
  virtual ~FrameSymbolizer() = default;
  // Empty when nothing is known of the frame: it is then printed as without a symbolizer.
  virtual std::vector<FrameSymbol> symbols(const FrameInfo& frame) = 0;
};

class WasmBacktrace {
 public:
  WasmBacktrace() = default;
  explicit WasmBacktrace(std::vector<FrameInfo> frames) : frames_(std::move(frames)) {}

  // The wasm frames active in the store now, innermost first: callable from a host function,
  // an epoch-deadline callback or a call hook. Empty when no wasm is running.
  static WasmBacktrace capture(StoreContext store);

  const std::vector<FrameInfo>& frames() const { return frames_; }
  // One line per frame, "   0: 0x1a2 - app!fib", named from the name section, else
  // "wasm-function[7]" as in profiles. A run of frames that repeats (a deep recursion) is
  // printed as its first and last repetition with "... N frames repeated" between them.
  // With a symbolizer, frames are named by it, and each symbol with a source position gets a
  // line "at file:line:column" below, as Wasmtime prints them with WASMTIME_BACKTRACE_DETAILS=1;
  // functions inlined at the frame's instruction are listed innermost first.
  std::string to_string(FrameSymbolizer* symbolizer = nullptr) const;

 private:
  std::vector<FrameInfo> frames_;
};

class Trap {
 public:
  Trap(TrapCode code, std::string message, WasmBacktrace backtrace, std::optional<int> exit_status = {})
      : code_(code), message_(std::move(message)), backtrace_(std::move(backtrace)), exit_status_(exit_status) {}

  TrapCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const WasmBacktrace& backtrace() const { return backtrace_; }
  std::optional<int> exit_status() const { return exit_status_; }  // code == Exit
  // The message, then "wasm backtrace:" and the frames (WasmBacktrace::to_string).
  std::string to_string(FrameSymbolizer* symbolizer = nullptr) const;

  // As an Error of kind Trap, the way the API returns it.
  Error to_error() const;

 private:
  TrapCode code_;
  std::string message_;
  WasmBacktrace backtrace_;
  std::optional<int> exit_status_;
};

// An error a host function returns to make the calling wasm trap with this message.
Error host_error(std::string message);
// An error a host function returns to end the guest with an exit status (WASI proc_exit).
Error exit_error(int status);

}  // namespace wasmprof
