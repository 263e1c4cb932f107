// Configs, engines and modules.
#include "capi/capi_objects.hh"
#include "wasmprof/profiler.hh"

using namespace wasmprof;

extern "C" {

wasmprof_config_t* wasmprof_config_new(void) { return new wasmprof_config{}; }
void wasmprof_config_delete(wasmprof_config_t* config) { delete config; }

void wasmprof_config_epoch_interruption_set(wasmprof_config_t* config, bool enable) {
  config->config.set_epoch_interruption(enable);
}
void wasmprof_config_consume_fuel_set(wasmprof_config_t* config, bool enable) {
  config->config.set_consume_fuel(enable);
}
void wasmprof_config_allocation_probes_set(wasmprof_config_t* config, bool enable) {
  config->config.set_probed_functions(enable ? wasmprof::GuestProfiler::allocator_functions()
                                             : std::vector<std::string>{});
}
void wasmprof_config_strategy_set(wasmprof_config_t* config, wasmprof_strategy_t strategy) {
  switch (strategy) {
    case WASMPROF_STRATEGY_INTERPRETER: config->config.set_strategy(Strategy::Interpreter); break;
    case WASMPROF_STRATEGY_COMPILED: config->config.set_strategy(Strategy::Compiled); break;
    case WASMPROF_STRATEGY_TIERED: config->config.set_strategy(Strategy::Tiered); break;
  }
}
void wasmprof_config_max_wasm_stack_set(wasmprof_config_t* config, size_t size) {
  config->config.set_max_wasm_stack(size);
}
void wasmprof_config_max_call_depth_set(wasmprof_config_t* config, uint32_t depth) {
  config->config.set_max_call_depth(depth);
}

wasmprof_engine_t* wasmprof_engine_new(void) { return new wasmprof_engine{Engine()}; }

wasmprof_engine_t* wasmprof_engine_new_with_config(wasmprof_config_t* config) {
  std::unique_ptr<wasmprof_config_t> owned(config);
  return new wasmprof_engine{Engine(owned ? owned->config : Config{})};
}

void wasmprof_engine_delete(wasmprof_engine_t* engine) { delete engine; }

void wasmprof_engine_increment_epoch(wasmprof_engine_t* engine) {
  if (engine != nullptr) engine->engine.increment_epoch();
}

wasmprof_error_t* wasmprof_module_new(wasmprof_engine_t* engine, const uint8_t* wasm, size_t wasm_len,
                                      wasmprof_module_t** ret) {
  if (engine == nullptr || ret == nullptr) return capi::new_usage_error("wasmprof_module_new: NULL engine or ret");
  if (wasm == nullptr && wasm_len != 0) return capi::new_usage_error("wasmprof_module_new: NULL bytes");
  Result<Module> module = Module::compile(engine->engine, std::span<const uint8_t>(wasm, wasm_len));
  if (!module) return new wasmprof_error{module.error()};
  *ret = new wasmprof_module{std::move(module).value()};
  return nullptr;
}

wasmprof_error_t* wasmprof_module_validate(wasmprof_engine_t* engine, const uint8_t* wasm, size_t wasm_len) {
  wasmprof_module_t* module = nullptr;
  wasmprof_error_t* error = wasmprof_module_new(engine, wasm, wasm_len, &module);
  wasmprof_module_delete(module);
  return error;
}

wasmprof_module_t* wasmprof_module_clone(const wasmprof_module_t* module) {
  return module != nullptr ? new wasmprof_module{module->module} : nullptr;
}

void wasmprof_module_delete(wasmprof_module_t* module) { delete module; }

}  // extern "C"
