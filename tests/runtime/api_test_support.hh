// Loading the API tests' modules (tests/runtime/wat, assembled by the build).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "wasmprof/wasmprof.hh"

namespace wasmprof::test {

// The configuration every test starts from. ctest runs these tests twice, as they are and with
// WASMPROF_TEST_STRATEGY=compiled (tests/runtime/CMakeLists.txt), so every behaviour they check
// holds for compiled code too.
inline Config config() {
  Config config;
  const char* strategy = std::getenv("WASMPROF_TEST_STRATEGY");
  if (strategy != nullptr && std::string_view(strategy) == "compiled") config.strategy = Strategy::Compiled;
  return config;
}

inline Module load_module(const Engine& engine, const std::string& name) {
  Result<Module> module = Module::from_file(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/" + name + ".wasm");
  if (!module) ADD_FAILURE() << module.error().to_string();
  return std::move(module).value();
}

}  // namespace wasmprof::test
