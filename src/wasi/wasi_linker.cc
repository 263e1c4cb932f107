#include "wasi/wasi_linker.hh"

#include <algorithm>

#include "wasmprof/store.hh"
#include "wasmprof/trap.hh"

namespace wasmprof::wasi {
namespace {

constexpr size_t kMaxParams = 16;  // preview1's widest function takes 9

}  // namespace

Result<Ok> add_to_linker(Linker& linker, WasiContext& context) {
  for (const WasiFunction& function : preview1_functions()) {
    if (function.params.size() > kMaxParams || function.results.size() > kMaxParams) {
      Error error;
      error.kind = ErrorKind::Limit;
      error.message = "WASI function " + std::string(function.name) + " has too many parameters";
      return error;
    }
    FuncType type{function.params, function.results};
    RawHostFunction raw = [&function, &context](Caller& caller, uint64_t* slots) -> Result<Ok> {
      GuestMemory memory;
      if (std::optional<Extern> exported = caller.get_export("memory")) {
        if (std::optional<Memory> linear = exported->memory()) {
          memory.data = linear->data(caller);
          memory.size = linear->data_size(caller);
        }
      }
      uint64_t args[kMaxParams];
      std::copy_n(slots, function.params.size(), args);
      uint64_t results[kMaxParams] = {};
      // A call that blocks (a read from a terminal, poll_oneoff) ends early when the store is
      // interrupted; the guest then traps at its next instruction.
      const InterruptHandle interrupts = caller.store().interrupt_handle();
      context.set_interrupt_handle(&interrupts);
      const WasiOutcome outcome = function.call(context, memory, args, results);
      context.set_interrupt_handle(nullptr);
      if (outcome.exited) return exit_error(int(outcome.value));
      std::copy_n(results, function.results.size(), slots);
      return Ok{};
    };
    Result<Ok> defined =
        linker.func_new_unchecked(std::string(kPreview1Module), std::string(function.name), std::move(type), std::move(raw));
    if (!defined) return defined;
  }
  return Ok{};
}

}  // namespace wasmprof::wasi
