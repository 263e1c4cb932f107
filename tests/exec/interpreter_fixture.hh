// One module instantiated in a fresh store and context, for tests that drive the interpreter
// through compile_module/instantiate/invoke.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "exec/interpreter.hh"
#include "runtime/store_objects.hh"
#include "support/wasm_builder.hh"

namespace wasmprof::test {

struct InterpreterFixture {
  runtime::StoreObjects store;
  exec::ExecContext context;
  exec::ModuleInstance* instance = nullptr;

  explicit InterpreterFixture(const Bytes& bytes, exec::TranslationOptions options = {}) {
    auto compiled = runtime::compile_module(bytes, options);
    EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
    if (!compiled) return;
    // Eager: these tests read the translated code before running it (the lazy path has tests
    // of its own, lazy_translation_test.cc).
    EXPECT_TRUE(compiled.value()->code->translate_all().ok());
    auto result = store.instantiate(compiled.value(), {}, context);
    EXPECT_TRUE(result.ok()) << result.error().to_string();
    if (result) instance = result.value();
  }
  exec::TrapKind call(uint32_t function, std::vector<exec::Slot>& slots) {
    return exec::invoke(context, *instance->functions[function], slots.data());
  }
};

}  // namespace wasmprof::test
