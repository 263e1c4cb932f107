// The types of WebAssembly 2.0 (spec section 2.3), in their binary encodings: what modules
// import and export and what values are. Shared by the public API and the runtime's layers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmprof {

enum class ValueType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

constexpr bool is_reference(ValueType type) {
  return type == ValueType::FuncRef || type == ValueType::ExternRef;
}
constexpr bool is_numeric_or_vector(ValueType type) { return !is_reference(type); }
std::string_view to_string(ValueType type);

struct FuncType {
  std::vector<ValueType> params;
  std::vector<ValueType> results;
  bool operator==(const FuncType&) const = default;
};
// "(i32, i32) -> (i64)"
std::string to_string(const FuncType& type);

struct Limits {
  uint32_t min = 0;
  std::optional<uint32_t> max;
};

struct TableType {
  ValueType element = ValueType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValueType type = ValueType::I32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { Function = 0, Table = 1, Memory = 2, Global = 3 };
std::string_view to_string(ExternKind kind);

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536;  // 4 GiB of 32-bit addressable memory

// Wasmtime's name for a value type.
using ValType = ValueType;

}  // namespace wasmprof
