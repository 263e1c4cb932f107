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

std::string to_string(const FuncType& type) {
  auto list = [](const std::vector<ValueType>& types) {
    std::string out = "(";
    for (size_t i = 0; i < types.size(); ++i) {
      if (i) out += ", ";
      out += to_string(types[i]);
    }
    return out + ")";
  };
  return list(type.params) + " -> " + list(type.results);
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
