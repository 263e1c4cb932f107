// WAST scripts (the spec test suite's .wast files, WebAssembly 2.0 and 3.0): modules and the
// commands about them, read into values a test runner can act on. Each module is parsed to its
// binary here (a text module) or taken as given (`module binary`), with the 3.0 proposals its
// text uses; a module that does not parse keeps its error, which is what assert_malformed
// expects of a `module quote`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/module_state.hh"
#include "wasmprof/result.hh"
#include "wasmprof/types.hh"

namespace wasmprof::text {

enum class WastValueKind : uint8_t {
  I32, I64, F32, F64, V128, RefNull, RefExtern, RefFunc,
  RefHost,  // 3.0: (ref.host N), a host reference as an anyref
  RefHeap,  // 3.0, results: (ref.i31), (ref.struct), ...: any non-null reference of `heap`
  Either,   // 3.0, results: (either v*), any one of `alternatives`
};

// What an expected float (or float lane) may be besides a bit pattern.
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

// An argument of an action, or a result an assertion expects.
struct WastValue {
  WastValueKind kind = WastValueKind::I32;
  uint64_t bits = 0;              // I32, I64, F32, F64 (zero-extended); RefExtern: its number
  std::array<uint8_t, 16> v128{};  // V128, little-endian lanes
  uint8_t lane_bits = 0;           // V128: the shape's lane width (8 to 64)
  bool float_lanes = false;        // V128: f32x4 or f64x2
  ValueType reference = ValueType::FuncRef;  // RefNull: its type, where 2.0 has it
  std::string heap;  // RefNull of another heap type (3.0: "any", "exn", ...); RefHeap: which
  // Results only: a NaN pattern instead of bits (F32, F64: [0]; float lanes: one per lane), and
  // (ref.extern) or (ref.func) without a value, which any non-null reference of the kind matches.
  // (ref.null) without a heap type matches any null reference.
  std::array<NanPattern, 4> nan{};
  bool any_reference = false;
  std::vector<WastValue> alternatives;  // Either

  // The 3.0 proposal a value needs beyond 2.0's values, if any.
  std::optional<Feature> feature() const;
};

struct WastAction {
  enum class Kind : uint8_t { Invoke, Get } kind = Kind::Invoke;
  std::optional<std::string> module;  // `$name` of the module, or the last one
  std::string name;                   // the export
  std::vector<WastValue> args;
};

struct WastModule {
  std::optional<std::string> name;  // `$name`
  std::vector<uint8_t> bytes;       // the binary module, if it parsed
  std::optional<Error> error;       // why it did not (its offset is in the module's own text)
  uint32_t offset = 0;              // of the module form in the script
  bool quoted = false;              // `module quote`
  bool definition = false;          // `module definition`: instantiated by `module instance` only
  Features features;                // the 3.0 proposals its text uses (none known of a binary)
};

enum class WastCommandKind : uint8_t {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,  // of an action
  AssertExhaustion,
  AssertMalformed,
  AssertInvalid,
  AssertUnlinkable,
  AssertUninstantiable,  // assert_trap of a module: its instantiation traps
  AssertException,       // 3.0: the action throws
  ModuleInstance,        // 3.0: (module instance $i $definition?)
};

// The command's name as wast2json's JSON spells it ("assert_return", ..., "action"; 3.0's
// "assert_exception" and "module_instance").
std::string_view command_name(WastCommandKind kind);

struct WastCommand {
  WastCommandKind kind = WastCommandKind::Module;
  uint32_t line = 0;                  // of its keyword, or of its module's or action's for an assertion
  WastModule module;                  // Module and the assertions about a module
  WastAction action;                  // Action, AssertReturn, AssertTrap, AssertExhaustion
  std::vector<WastValue> expected;    // AssertReturn
  std::string text;                   // the assertion's message; Register: the name registered
  std::optional<std::string> registered_module;  // Register: `$name` of the module, or the last one
                                                 // ModuleInstance: of the definition, or the last one
};

// A whole script; a script made of module fields alone is one module. Errors (Malformed) carry
// the byte offset in `script` of what is not a command.
Result<std::vector<WastCommand>> read_wast(std::string_view script);

}  // namespace wasmprof::text
