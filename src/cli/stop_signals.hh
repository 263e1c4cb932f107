// SIGINT and SIGTERM, the signals that ask wasmprof to stop, blocked for an object's lifetime in
// the thread that made it and every thread it starts meanwhile: a thread of ours then takes them
// (sigwaitinfo, signalfd) rather than a handler, with no global state. The old mask comes back
// when the object goes; declare it before the members that wait for the signals, so it outlives
// them. `run` and `view` both stop this way.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace wasmprof::cli {

class StopSignalsBlocked {
 public:
  StopSignalsBlocked() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  }
  ~StopSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  StopSignalsBlocked(const StopSignalsBlocked&) = delete;
  StopSignalsBlocked& operator=(const StopSignalsBlocked&) = delete;

  const sigset_t& signals() const { return signals_; }

 private:
  sigset_t signals_{}, previous_{};
};

}  // namespace wasmprof::cli
