// Interrupt requests racing with their serving, for the tests of both tiers' check points: a
// requester thread makes two requests a varying moment apart, waits until they are served, and
// counts a request lost when the context is left in a state that lasts (`looks_lost`: the flag
// set and nothing diverting execution to serve it) with no serving; then a last request, which
// the handler turns into a trap to end the guest's endless loop.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "exec/context.hh"

namespace wasmprof::test {

class RequestRace {
 public:
  // Installs the counting handler on `context`.
  explicit RequestRace(exec::ExecContext& context) : context_(context) {
    context.interrupt_user_data = this;
    context.on_interrupt = [](exec::ExecContext&, void* data) {
      auto& race = *static_cast<RequestRace*>(data);
      race.served_.fetch_add(1);
      return race.stop_.load() ? exec::TrapKind::Interrupted : exec::TrapKind::None;
    };
  }

  // Starts the requester: `rounds` rounds, stopping at the first lost request.
  template <class LooksLost>
  void start(int rounds, LooksLost looks_lost) {
    requester_ = std::thread([this, rounds, looks_lost] {
      for (int i = 0; i < rounds && lost_ == 0; ++i) {
        const uint64_t before = served_.load();
        context_.request_interrupt();
        // A second request a varying moment later, to land inside the first one's serving.
        for (int spin = 0; spin < (i % 13) * 8; ++spin) asm volatile("");
        context_.request_interrupt();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (served_.load() == before && std::chrono::steady_clock::now() < deadline) {
        }
        if (served_.load() == before) {
          ++lost_;  // not even the first request was served
        } else if (looks_lost()) {
          // Normal for the few nanoseconds of a serving; lost if it outlasts a millisecond.
          const uint64_t served = served_.load();
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          if (looks_lost() && served_.load() == served) ++lost_;
        }
      }
      stop_.store(true);
      context_.request_interrupt();
    });
  }

  // Waits for the requester; the number of requests lost.
  int join() {
    requester_.join();
    return lost_;
  }

 private:
  exec::ExecContext& context_;
  std::atomic<uint64_t> served_{0};
  std::atomic<bool> stop_{false};
  int lost_ = 0;  // the requester's alone until join()
  std::thread requester_;
};

}  // namespace wasmprof::test
