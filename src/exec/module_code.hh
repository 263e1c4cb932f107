// The interpreter's code for one module's defined functions, translated lazily: a function is
// translated the first time any instance enters it, so starting a large program costs what it
// runs, not its size. Until then its code is a stub whose one instruction (lazy_enter)
// translates it, points the entering FunctionInstance at the result, and continues there; later
// calls through that instance reach the translated code directly, as if it had been eager.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "binary/module.hh"
#include "exec/code.hh"
#include "exec/native_code.hh"
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

  // `module` must be valid and outlive this object. Without a compiler, everything is interpreted.
  ModuleCode(const DecodedModule& module, TranslationOptions options,
             std::unique_ptr<NativeCompiler> compiler = nullptr, Tiering tiering = Tiering::AtFirstCall,
             uint32_t hot_calls = 1000);
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

  // Tiering::WhenHot: what each interpreted function's entry calls (the tier_up instruction).
  // Counts the entry; at the `hot_calls`-th, queues the function for the compile thread. Returns
  // the compiled code once it is ready (the caller switches to it), else null. Any thread.
  const CompiledFunction* tier_up(uint32_t defined_index) const noexcept;

  // Translates every function not translated yet (eager compilation, for code-size measurements
  // and tests); the first error if one fails.
  Result<Ok> translate_all() const;

 private:
  const DecodedModule& module_;
  std::vector<CompiledFunction> stubs_;
  std::unique_ptr<std::atomic<const CompiledFunction*>[]> translated_;  // null until translated
  // Translation itself is serialized: the translator reuses its scratch storage, and a
  // function's first call is rare next to the calls that follow.
  mutable std::mutex mutex_;
  mutable ModuleTranslator translator_;
  std::unique_ptr<NativeCompiler> compiler_;  // null: interpreter only
  Tiering tiering_;
  uint32_t hot_calls_;
  // Tiering::WhenHot: entries counted per function (approximate: relaxed, lost updates only
  // delay a compile), and the compiled code once the compile thread has made it.
  std::unique_ptr<std::atomic<uint32_t>[]> entries_;
  std::unique_ptr<std::atomic<const CompiledFunction*>[]> compiled_;
  struct CompileThread;
  std::unique_ptr<CompileThread> compile_thread_;
  mutable std::vector<std::unique_ptr<const CompiledFunction>> owned_;  // by defined index
};

}  // namespace wasmprof::exec
