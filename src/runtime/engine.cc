#include "runtime/store_state.hh"

namespace wasmprof {

Engine::Engine(Config config) : state_(std::make_shared<detail::EngineState>(config)) {}

const Config& Engine::config() const { return state_->config; }

void Engine::increment_epoch() const { state_->epoch.fetch_add(1, std::memory_order_relaxed); }

uint64_t Engine::current_epoch() const { return state_->epoch.load(std::memory_order_relaxed); }

}  // namespace wasmprof
