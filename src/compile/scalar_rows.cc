#include "compile/scalar_rows.hh"

#include <type_traits>

#include "exec/value.hh"
#include "exec/value_type_names.hh"

namespace wasmprof::compile {
namespace {

using namespace exec::value_type_names;
using exec::V128;

constexpr ScalarShape kShape_UNARY = ScalarShape::Unary;
constexpr ScalarShape kShape_BINARY = ScalarShape::Binary;
constexpr ScalarShape kShape_BINARY_IMM = ScalarShape::Binary;
constexpr ScalarShape kShape_UNARY_TRAP = ScalarShape::UnaryTrap;
constexpr ScalarShape kShape_BINARY_TRAP = ScalarShape::BinaryTrap;
constexpr ScalarShape kShape_LOAD = ScalarShape::Load;
constexpr ScalarShape kShape_STORE = ScalarShape::Store;

// A load's `In` is its type in memory; a store's `Out` is.
template <class In, class Out>
constexpr ScalarRow make_row(ScalarShape shape, const char* symbol) {
  ScalarRow row;
  row.shape = shape;
  if (shape == ScalarShape::Load) {
    row.memory_bytes = sizeof(In);
    row.memory_signed = std::is_signed_v<In>;
  } else if (shape == ScalarShape::Store) {
    row.memory_bytes = sizeof(Out);
  } else {
    row.symbol = symbol;
  }
  return row;
}

template <class T>
constexpr ValueType value_type() {
  if constexpr (std::is_same_v<T, u32>) return ValueType::I32;
  else if constexpr (std::is_same_v<T, u64>) return ValueType::I64;
  else if constexpr (std::is_same_v<T, f32>) return ValueType::F32;
  else if constexpr (std::is_same_v<T, f64>) return ValueType::F64;
  else {
    static_assert(std::is_same_v<T, V128>);
    return ValueType::V128;
  }
}

}  // namespace

VectorRow vector_row(Opcode opcode) {
  switch (opcode) {
#define WASMPROF_VROW_VALUES(name, shape, In, Out) \
  case Opcode::name:                              \
    return VectorRow{VectorShape::shape, "wasmprof_semantics_" #name, value_type<Out>(), 0};
#define WASMPROF_VROW_MEMORY(name, shape, Size) \
  case Opcode::name:                           \
    return VectorRow{VectorShape::shape, "wasmprof_semantics_" #name, ValueType::V128, Size};
#define WASMPROF_VROW_UNARY(name, In, Out) WASMPROF_VROW_VALUES(name, Unary, In, Out)
#define WASMPROF_VROW_BINARY(name, In, Out) WASMPROF_VROW_VALUES(name, Binary, In, Out)
#define WASMPROF_VROW_VSHIFT(name, In, Out) WASMPROF_VROW_VALUES(name, Shift, In, Out)
#define WASMPROF_VROW_VTERNARY(name, In, Out) WASMPROF_VROW_VALUES(name, Ternary, In, Out)
#define WASMPROF_VROW_VEXTRACT(name, In, Out) WASMPROF_VROW_VALUES(name, Extract, In, Out)
#define WASMPROF_VROW_VREPLACE(name, In, Out) WASMPROF_VROW_VALUES(name, Replace, In, Out)
#define WASMPROF_VROW_VSHUFFLE(name, In, Out) WASMPROF_VROW_VALUES(name, Shuffle, In, Out)
#define WASMPROF_VROW_VLOAD(name, Size, Out) WASMPROF_VROW_MEMORY(name, Load, Size)
#define WASMPROF_VROW_VSTORE(name, Size, Out) WASMPROF_VROW_MEMORY(name, Store, Size)
#define WASMPROF_VROW_VLOAD_LANE(name, Size, Out) WASMPROF_VROW_MEMORY(name, LoadLane, Size)
#define WASMPROF_VROW_VSTORE_LANE(name, Size, Out) WASMPROF_VROW_MEMORY(name, StoreLane, Size)
#define X(name, shape, In, Out, ...) WASMPROF_VROW_##shape(name, In, Out)
#include "exec/vector_ops.def"
#undef X
    default:
      return {};
  }
}

ScalarRow scalar_row(Opcode opcode) {
  switch (opcode) {
#define X(name, shape, In, Out, ...) \
  case Opcode::name:                 \
    return make_row<In, Out>(kShape_##shape, "wasmprof_semantics_" #name);
#include "exec/scalar_ops.def"
#undef X
    default:
      return {};
  }
}

}  // namespace wasmprof::compile
