#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec {

namespace handler_impl {
#define WASMPROF_HANDLER_ID(name) WASMPROF_HANDLER(h_##name);
#include "exec/handler_list.def"
#undef WASMPROF_HANDLER_ID
}  // namespace handler_impl

const Handler kHandlerTable[kHandlerCount] = {
#define WASMPROF_HANDLER_ID(name) handler_impl::h_##name,
#include "exec/handler_list.def"
#undef WASMPROF_HANDLER_ID
};

std::optional<HandlerId> immediate_handler_for_opcode(Opcode opcode) {
  switch (opcode) {
#define X(name, shape, ...) WASMPROF_IF_IMM_##shape(case Opcode::name : return HandlerId::name##Imm;)
#include "exec/scalar_ops.def"
#undef X
    default:
      return std::nullopt;
  }
}

std::optional<HandlerId> indexed_load_for_opcode(Opcode opcode) {
  switch (opcode) {
#define X(name, ...)  \
  case Opcode::name: \
    return HandlerId::name##Indexed;
#include "exec/indexed_load_ops.def"
#undef X
    default:
      return std::nullopt;
  }
}

std::optional<HandlerId> absolute_access_for_opcode(Opcode opcode) {
  switch (opcode) {
#define X(name, ...)  \
  case Opcode::name: \
    return HandlerId::name##Absolute;
#include "exec/indexed_load_ops.def"
#include "exec/scalar_store_ops.def"
#undef X
    default:
      return std::nullopt;
  }
}

std::optional<HandlerId> memory_operand_form(Opcode operation, Opcode load) {
#define X(name, type, load_name, store_name, ...) \
  if (operation == Opcode::name && load == Opcode::load_name) return HandlerId::name##Load;
#include "exec/memory_operand_ops.def"
#undef X
  return std::nullopt;
}

std::optional<HandlerId> stored_result_form(Opcode operation, Opcode store) {
#define X(name, type, load_name, store_name, ...) \
  if (operation == Opcode::name && store == Opcode::store_name) return HandlerId::name##Store;
#include "exec/memory_operand_ops.def"
#undef X
  return std::nullopt;
}

std::optional<HandlerId> shifted_operand_form(Opcode operation, Opcode shift) {
#define X(name, type, operation_name, shift_name, ...) \
  if (operation == Opcode::operation_name && shift == Opcode::shift_name) return HandlerId::name;
#include "exec/shifted_operand_ops.def"
#undef X
  return std::nullopt;
}

std::optional<HandlerId> store_constant_form(Opcode store, uint64_t value, bool absolute) {
  if (store == Opcode::I64Store && int64_t(value) != int64_t(int32_t(value))) return std::nullopt;
#define X(name, ...) \
  if (store == Opcode::name) return absolute ? HandlerId::name##AbsoluteConst : HandlerId::name##Const;
#include "exec/store_constant_ops.def"
#undef X
  return std::nullopt;
}

std::optional<HandlerId> handler_for_opcode(Opcode opcode) {
  switch (opcode) {
#define WASMPROF_CASE(name, ...) \
  case Opcode::name:             \
    return HandlerId::name;
#define X WASMPROF_CASE
#include "exec/scalar_ops.def"
#include "exec/vector_ops.def"
#undef X
#undef WASMPROF_CASE
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
      return HandlerId::const64;
    case Opcode::V128Const:
      return HandlerId::const128;
    default:
      return std::nullopt;
  }
}

}  // namespace wasmprof::exec

namespace wasmprof::exec {

std::optional<HandlerId> loop_branch_for(HandlerId branch) {
  switch (branch) {
#define WASMPROF_CASE_LOOP(name) \
  case HandlerId::name:          \
    return HandlerId::name##_loop;
    WASMPROF_LOOP_BRANCHES(WASMPROF_CASE_LOOP)
#undef WASMPROF_CASE_LOOP
#define WASMPROF_CASE_LOOP_FUSED(name, ...) \
  case HandlerId::name:                     \
    return HandlerId::name##_loop;          \
  case HandlerId::name##_imm:               \
    return HandlerId::name##_imm_loop;
    WASMPROF_FUSED_BRANCHES(WASMPROF_CASE_LOOP_FUSED)
#undef WASMPROF_CASE_LOOP_FUSED
    default:
      return std::nullopt;
  }
}

}  // namespace wasmprof::exec
