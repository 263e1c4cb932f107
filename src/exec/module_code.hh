// The interpreter's code for one module's defined functions, translated lazily: a function is
// translated the first time any instance enters it, so starting a large program costs what it
// runs, not its size. Until then its code is a stub whose one instruction (lazy_enter)
// translates it, points the entering FunctionInstance at the result, and continues there; later
// calls through that instance reach the translated code directly, as if it had been eager.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "binary/module.hh"
#include "exec/code.hh"
#include "exec/hot_counter.hh"
#include "exec/native_code.hh"
#include "exec/native_code_index.hh"
#include "exec/translator.hh"
#include "wasmprof/result.hh"

namespace wasmprof::exec {

class ModuleCode {
 public:
  // How a module's functions get machine code, when a compiler is given.
  enum class Tiering : uint8_t {
    AtFirstCall,  // offered to the compiler at their first call; interpreted only if it declines
    WhenHot,      // interpreted first; compiled on a background thread after `hot_calls` entries
  };

  // Makes the module's compiler when it is first needed (at the first call, or on the compile
  // thread: loading the compiler costs a tiered run 40 ms and 55 MB of memory, nothing until a
  // function is hot); null when there is none (everything stays interpreted).
  using CompilerMaker = std::function<std::unique_ptr<NativeCompiler>()>;

  // `module` must be valid and outlive this object. Without a compiler, everything is interpreted.
  ModuleCode(const DecodedModule& module, TranslationOptions options, CompilerMaker make_compiler = nullptr,
             Tiering tiering = Tiering::AtFirstCall, uint32_t hot_calls = 1000);
  ~ModuleCode();
  ModuleCode(const ModuleCode&) = delete;
  ModuleCode& operator=(const ModuleCode&) = delete;

  uint32_t size() const { return uint32_t(stubs_.size()); }  // defined functions

  // The code a new instance's function starts with: the translated code if the function has
  // been translated, else its stub.
  const CompiledFunction* entry(uint32_t defined_index) const;

  // The translated code of a defined function, translated now if it was not yet. Safe from any
  // thread (instances of one module may run in several stores at once); once translated, one
  // atomic load. Fails only at an implementation limit (TranslationOptions::max_frame_slots):
  // the module is valid, validation having run before.
  Result<const CompiledFunction*> translated(uint32_t defined_index) const;

  // What lazy_enter needs: the translated code, or nullptr if it cannot be translated.
  const CompiledFunction* translated_or_null(uint32_t defined_index) const noexcept;

  bool is_translated(uint32_t defined_index) const;
  // Whether the function has machine code from the compiler: its code (translated or compiled
  // now, at first call), or what the compile thread made of it once hot (Tiering::WhenHot).
  bool is_native(uint32_t defined_index) const;

  // Translates every function not translated yet (eager compilation, for code-size measurements
  // and tests); the first error if one fails.
  Result<Ok> translate_all() const;

  // The compiled function whose machine code (its MachineCodeMap's span) contains `pc`, if any.
  // Async-signal-safe, for a sampler's signal handler (NativeCodeIndex).
  const CompiledFunction* native_code_containing(uintptr_t pc) const noexcept;

 private:
  friend struct HotCounter;
  // Tiering::WhenHot: queues a function that became hot for the compile thread (started
  // at the first). Any thread.
  void queue_hot(uint32_t defined_index) const noexcept;
  void compile_hot_functions() const;  // the compile thread's loop
  // Adds compiled code to the index; one writer at a time (under mutex_, or the compile thread).
  void index_native_code(const CompiledFunction& code) const noexcept;

  const DecodedModule& module_;
  std::vector<CompiledFunction> stubs_;
  std::unique_ptr<std::atomic<const CompiledFunction*>[]> translated_;  // null until translated
  // Translation itself is serialized: the translator reuses its scratch storage, and a
  // function's first call is rare next to the calls that follow.
  mutable std::mutex mutex_;
  Tiering tiering_;
  // Tiering::WhenHot: one per defined function (the tier_up instructions point into it).
  std::unique_ptr<HotCounter[]> hot_counters_;
  mutable ModuleTranslator translator_;
  CompilerMaker make_compiler_;  // null: interpreter only
  // Tiering::AtFirstCall: made at the first translation (under mutex_); WhenHot: the compile
  // thread's own.
  mutable std::unique_ptr<NativeCompiler> compiler_;
  mutable bool compiler_made_ = false;
  struct CompileThread;
  std::unique_ptr<CompileThread> compile_thread_;
  mutable std::vector<std::unique_ptr<const CompiledFunction>> owned_;  // by defined index
  std::unique_ptr<NativeCodeIndex> native_index_;  // room for size(): each function compiles once
};

}  // namespace wasmprof::exec
