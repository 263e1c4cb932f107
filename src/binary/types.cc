#include "binary/types.hh"

namespace wasmprof {

std::string_view to_string(ValueType type) {
  switch (type) {
    case ValueType::I32: return "i32";
    case ValueType::I64: return "i64";
    case ValueType::F32: return "f32";
    case ValueType::F64: return "f64";
    case ValueType::V128: return "v128";
    case ValueType::FuncRef: return "funcref";
    case ValueType::ExternRef: return "externref";
  }
  return "<unknown type>";
}

std::string_view to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Function: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "<unknown kind>";
}

}  // namespace wasmprof
