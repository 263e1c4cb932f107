#include "compile/scalar_rows.hh"

#include "exec/value_type_names.hh"

namespace wasmprof::compile {
namespace {

using namespace exec::value_type_names;

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

}  // namespace

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
