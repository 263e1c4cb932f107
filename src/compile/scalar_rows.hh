// What the compiler needs of each row of exec/scalar_ops.def: the row's shape, the name of its
// function in the semantics bitcode (semantics.cc), and for loads and stores the width and
// signedness in memory. Read from the same list the interpreter's handlers expand, so the two
// tiers cannot disagree about which instructions exist or how wide an access is.
#pragma once

#include <cstdint>
#include <type_traits>

#include "binary/opcode.hh"

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

}  // namespace wasmprof::compile
