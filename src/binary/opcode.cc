#include "binary/opcode.hh"

namespace wasmprof {
namespace {

constexpr ValueType type_of_letter(char letter) {
  switch (letter) {
    case 'i': return ValueType::I32;
    case 'l': return ValueType::I64;
    case 'f': return ValueType::F32;
    case 'd': return ValueType::F64;
    default: return ValueType::V128;
  }
}

// "params:results" -> OpSignature; "" means the validator types the instruction itself.
constexpr OpSignature parse_signature(std::string_view text) {
  OpSignature signature;
  if (text.empty()) return signature;
  signature.fixed = true;
  size_t colon = text.find(':');
  for (size_t i = 0; i < colon; ++i) signature.params[signature.param_count++] = type_of_letter(text[i]);
  if (colon + 1 < text.size()) {
    signature.result = type_of_letter(text[colon + 1]);
    signature.result_count = 1;
  }
  return signature;
}

// Dense tables, one per opcode space, indexed by the (sub-)opcode.
struct OpcodeTables {
  std::array<OpcodeInfo, 256> plain{};
  std::array<OpcodeInfo, 256> gc{};      // 0xFB prefix
  std::array<OpcodeInfo, 256> misc{};    // 0xFC prefix
  std::array<OpcodeInfo, 512> vector{};  // 0xFD prefix (relaxed SIMD's from 0x100)
  constexpr OpcodeInfo& slot(Opcode opcode);
};

// The entry of an opcode of the lists; nullptr for a value no table holds.
constexpr const OpcodeInfo* find_slot(const OpcodeTables& tables, Opcode opcode) {
  const uint32_t code = opcode_code(opcode);
  switch (opcode_prefix(opcode)) {
    case 0: return code < tables.plain.size() ? &tables.plain[code] : nullptr;
    case 0xFB: return code < tables.gc.size() ? &tables.gc[code] : nullptr;
    case 0xFC: return code < tables.misc.size() ? &tables.misc[code] : nullptr;
    case 0xFD: return code < tables.vector.size() ? &tables.vector[code] : nullptr;
    default: return nullptr;
  }
}

constexpr OpcodeInfo& OpcodeTables::slot(Opcode opcode) { return const_cast<OpcodeInfo&>(*find_slot(*this, opcode)); }

constexpr OpcodeTables make_tables() {
  OpcodeTables tables;
#define WASM_OP(code, ident, text, immediate_kind, signature_text, align, lanes)                 \
  tables.slot(Opcode::ident) =                                                                  \
      OpcodeInfo{text, ImmediateKind::immediate_kind, parse_signature(signature_text), align, lanes};
#include "binary/opcodes.def"
#undef WASM_OP
#define WASM_OP3(prefix, code, ident, text, immediate_kind, proposal) \
  tables.slot(Opcode::ident) = OpcodeInfo{text, ImmediateKind::immediate_kind, {}, 0, 0, true, Feature::proposal};
#include "binary/opcodes3.def"
#undef WASM_OP3
  return tables;
}

constexpr OpcodeTables kTables = make_tables();

}  // namespace

const OpcodeInfo* opcode_info(Opcode opcode) {
  const OpcodeInfo* info = find_slot(kTables, opcode);
  return info && !info->name.empty() ? info : nullptr;
}

std::string_view opcode_name(Opcode opcode) {
  const OpcodeInfo* info = opcode_info(opcode);
  return info ? info->name : std::string_view("<unknown opcode>");
}

}  // namespace wasmprof
