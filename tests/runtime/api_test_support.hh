// Loading the API tests' modules (tests/runtime/wat, assembled by the build).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "wasmprof/wasmprof.hh"

namespace wasmprof::test {

inline Module load_module(const Engine& engine, const std::string& name) {
  Result<Module> module = Module::from_file(engine, std::string(WASMPROF_TEST_WASM_DIR) + "/" + name + ".wasm");
  if (!module) ADD_FAILURE() << module.error().to_string();
  return std::move(module).value();
}

}  // namespace wasmprof::test
