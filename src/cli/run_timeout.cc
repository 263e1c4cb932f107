#include "cli/run_timeout.hh"

namespace wasmprof::cli {

RunTimeout::RunTimeout(StoreContext store, std::chrono::nanoseconds limit)
    : timer_(limit, TimerThread::Repeat::Once, [this, interrupts = store.interrupt_handle()] {
        expired_ = true;
        interrupts.interrupt();  // also ends a WASI call the guest is blocked in
      }) {}

}  // namespace wasmprof::cli
