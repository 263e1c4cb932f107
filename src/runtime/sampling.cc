#include "runtime/sampling.hh"

namespace wasmprof::runtime {
bool current_host_call(StoreContext store, HostCall& call) {
  const auto& calls = store.state().host_calls;
  if (calls.empty()) return false;
  call = HostCall{calls.back()->module, calls.back()->name};
  return true;
}

bool in_host_call(StoreContext store) {
  return store.state().running_host.load(std::memory_order_relaxed);
}

void install_sample_handler(StoreContext store, SampleHandler handler, void* data) {
  detail::StoreState& state = store.state();
  state.sample_handler = handler;
  state.sample_data = data;
}

void remove_sample_handler(StoreContext store) {
  detail::StoreState& state = store.state();
  state.sample_handler = nullptr;
  state.sample_data = nullptr;
}

void request_sample(StoreContext store) { store.state().context.request_interrupt(); }

}  // namespace wasmprof::runtime
