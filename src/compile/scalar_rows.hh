// What the compiler needs of each row of exec/scalar_ops.def and exec/vector_ops.def: the row's
// shape, the name of its function in the semantics bitcode (semantics.cc), and for memory
// accesses the width (and a scalar load's signedness). Read from the same lists the interpreter's
// handlers expand, so the two tiers cannot disagree about which instructions exist or how wide an
// access is.
#pragma once

#include <cstdint>
#include <type_traits>

#include "binary/opcode.hh"
#include "binary/types.hh"

namespace wasmprof::compile {

enum class ScalarShape : uint8_t { None, Unary, Binary, UnaryTrap, BinaryTrap, Load, Store };

struct ScalarRow {
  ScalarShape shape = ScalarShape::None;
  const char* symbol = nullptr;  // wasmprof_semantics_<Opcode>, for the computing shapes
  uint8_t memory_bytes = 0;      // loads and stores: the access width
  bool memory_signed = false;    // loads: sign-extended
};

// The row of `opcode`, or a row of shape None if scalar_ops.def has none.
ScalarRow scalar_row(Opcode opcode);

// The vector rows' shapes (handlers_vector.cc names them): each semantics function takes its
// operands and result through pointers, a memory access the checked address, a lane a constant.
enum class VectorShape : uint8_t {
  None, Unary, Binary, Shift, Ternary, Extract, Replace, Shuffle, Load, Store, LoadLane, StoreLane
};

struct VectorRow {
  VectorShape shape = VectorShape::None;
  const char* symbol = nullptr;   // wasmprof_semantics_<Opcode>
  ValueType out = ValueType::V128;  // the result's type
  uint8_t memory_bytes = 0;       // memory accesses: the width
};

// The row of `opcode`, or a row of shape None if vector_ops.def has none.
VectorRow vector_row(Opcode opcode);

}  // namespace wasmprof::compile
