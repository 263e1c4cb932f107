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

// Three dense tables, one per opcode space, indexed by the (sub-)opcode byte.
struct OpcodeTables {
  std::array<OpcodeInfo, 256> plain{};
  std::array<OpcodeInfo, 256> misc{};    // 0xFC prefix
  std::array<OpcodeInfo, 256> vector{};  // 0xFD prefix
};

constexpr OpcodeTables make_tables() {
  OpcodeTables tables;
#define WASM_OP(code, ident, text, immediate_kind, signature_text, align, lanes)                 \
  {                                                                                             \
    OpcodeInfo info{text, ImmediateKind::immediate_kind, parse_signature(signature_text), align, \
                    lanes};                                                                     \
    if constexpr ((code) > 0xFF && ((code) >> 8) == 0xFC)                                       \
      tables.misc[(code)&0xFF] = info;                                                          \
    else if constexpr ((code) > 0xFF)                                                           \
      tables.vector[(code)&0xFF] = info;                                                        \
    else                                                                                        \
      tables.plain[code] = info;                                                                \
  }
#include "binary/opcodes.def"
#undef WASM_OP
  return tables;
}

constexpr OpcodeTables kTables = make_tables();

}  // namespace

const OpcodeInfo* opcode_info(Opcode opcode) {
  auto value = static_cast<uint16_t>(opcode);
  const OpcodeInfo* info;
  if (value <= 0xFF)
    info = &kTables.plain[value];
  else if ((value >> 8) == 0xFC)
    info = &kTables.misc[value & 0xFF];
  else if ((value >> 8) == 0xFD)
    info = &kTables.vector[value & 0xFF];
  else
    return nullptr;
  return info->name.empty() ? nullptr : info;
}

std::string_view opcode_name(Opcode opcode) {
  const OpcodeInfo* info = opcode_info(opcode);
  return info ? info->name : std::string_view("<unknown opcode>");
}

}  // namespace wasmprof
