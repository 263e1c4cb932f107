#include "exec/handler_support.hh"
#include "exec/handlers.hh"

namespace wasmprof::exec {

namespace handler_impl {
#define WASMPROF_DECLARE(name, ...) WASMPROF_HANDLER(h_##name);
WASMPROF_CONTROL_HANDLERS(WASMPROF_DECLARE)
WASMPROF_FUSED_BRANCHES(WASMPROF_DECLARE)
#define WASMPROF_DECLARE_IMM(name, ...) WASMPROF_HANDLER(h_##name##_imm);
WASMPROF_FUSED_BRANCHES(WASMPROF_DECLARE_IMM)
#undef WASMPROF_DECLARE_IMM
#define X(name, ...) WASMPROF_HANDLER(h_##name##Imm);
#include "exec/scalar_imm_ops.def"
#undef X
#define X(name, ...) WASMPROF_HANDLER(h_##name##Indexed); WASMPROF_HANDLER(h_##name##Absolute);
#include "exec/indexed_load_ops.def"
#undef X
#define X(name, ...) WASMPROF_HANDLER(h_##name##Absolute);
#include "exec/scalar_store_ops.def"
#undef X
#define X(name, ...) WASMPROF_HANDLER(h_##name##Load); WASMPROF_HANDLER(h_##name##Store);
#include "exec/memory_operand_ops.def"
#undef X
#define X(name, ...) WASMPROF_HANDLER(h_##name);
#include "exec/shifted_operand_ops.def"
#undef X
#define X(name, ...) WASMPROF_HANDLER(h_##name##Const); WASMPROF_HANDLER(h_##name##AbsoluteConst);
#include "exec/store_constant_ops.def"
#undef X
#define X WASMPROF_DECLARE
#include "exec/scalar_ops.def"
#include "exec/vector_ops.def"
#undef X
#undef WASMPROF_DECLARE
#define WASMPROF_DECLARE_LOOP(name) WASMPROF_HANDLER(h_##name##_loop);
WASMPROF_LOOP_BRANCHES(WASMPROF_DECLARE_LOOP)
#undef WASMPROF_DECLARE_LOOP
#define WASMPROF_DECLARE_LOOP_FUSED(name, ...) WASMPROF_HANDLER(h_##name##_loop); WASMPROF_HANDLER(h_##name##_imm_loop);
WASMPROF_FUSED_BRANCHES(WASMPROF_DECLARE_LOOP_FUSED)
#undef WASMPROF_DECLARE_LOOP_FUSED
}  // namespace handler_impl

const Handler kHandlerTable[kHandlerCount] = {
#define WASMPROF_ENTRY(name, ...) handler_impl::h_##name,
    WASMPROF_CONTROL_HANDLERS(WASMPROF_ENTRY)
    WASMPROF_FUSED_BRANCHES(WASMPROF_ENTRY)
#define WASMPROF_ENTRY_IMM(name, ...) handler_impl::h_##name##_imm,
    WASMPROF_FUSED_BRANCHES(WASMPROF_ENTRY_IMM)
#undef WASMPROF_ENTRY_IMM
#define X(name, ...) handler_impl::h_##name##Imm,
#include "exec/scalar_imm_ops.def"
#undef X
#define X(name, ...) handler_impl::h_##name##Indexed, handler_impl::h_##name##Absolute,
#include "exec/indexed_load_ops.def"
#undef X
#define X(name, ...) handler_impl::h_##name##Absolute,
#include "exec/scalar_store_ops.def"
#undef X
#define X(name, ...) handler_impl::h_##name##Load, handler_impl::h_##name##Store,
#include "exec/memory_operand_ops.def"
#undef X
#define X(name, ...) handler_impl::h_##name,
#include "exec/shifted_operand_ops.def"
#undef X
#define X(name, ...) handler_impl::h_##name##Const, handler_impl::h_##name##AbsoluteConst,
#include "exec/store_constant_ops.def"
#undef X
#define X WASMPROF_ENTRY
#include "exec/scalar_ops.def"
#include "exec/vector_ops.def"
#undef X
#undef WASMPROF_ENTRY
#define WASMPROF_ENTRY_LOOP(name) handler_impl::h_##name##_loop,
    WASMPROF_LOOP_BRANCHES(WASMPROF_ENTRY_LOOP)
#undef WASMPROF_ENTRY_LOOP
#define WASMPROF_ENTRY_LOOP_FUSED(name, ...) handler_impl::h_##name##_loop, handler_impl::h_##name##_imm_loop,
    WASMPROF_FUSED_BRANCHES(WASMPROF_ENTRY_LOOP_FUSED)
#undef WASMPROF_ENTRY_LOOP_FUSED
};

HandlerId immediate_handler_for_opcode(Opcode opcode) {
  switch (opcode) {
#define X(name, ...)  \
  case Opcode::name: \
    return HandlerId::name##Imm;
#include "exec/scalar_imm_ops.def"
#undef X
    default:
      return HandlerId::Count;
  }
}

HandlerId indexed_load_for_opcode(Opcode opcode) {
  switch (opcode) {
#define X(name, ...)  \
  case Opcode::name: \
    return HandlerId::name##Indexed;
#include "exec/indexed_load_ops.def"
#undef X
    default:
      return HandlerId::Count;
  }
}

HandlerId absolute_access_for_opcode(Opcode opcode) {
  switch (opcode) {
#define X(name, ...)  \
  case Opcode::name: \
    return HandlerId::name##Absolute;
#include "exec/indexed_load_ops.def"
#include "exec/scalar_store_ops.def"
#undef X
    default:
      return HandlerId::Count;
  }
}

HandlerId memory_operand_form(Opcode operation, Opcode load) {
#define X(name, type, load_name, store_name, ...) \
  if (operation == Opcode::name && load == Opcode::load_name) return HandlerId::name##Load;
#include "exec/memory_operand_ops.def"
#undef X
  return HandlerId::Count;
}

HandlerId stored_result_form(Opcode operation, Opcode store) {
#define X(name, type, load_name, store_name, ...) \
  if (operation == Opcode::name && store == Opcode::store_name) return HandlerId::name##Store;
#include "exec/memory_operand_ops.def"
#undef X
  return HandlerId::Count;
}

HandlerId shifted_operand_form(Opcode operation, Opcode shift) {
#define X(name, type, operation_name, shift_name, ...) \
  if (operation == Opcode::operation_name && shift == Opcode::shift_name) return HandlerId::name;
#include "exec/shifted_operand_ops.def"
#undef X
  return HandlerId::Count;
}

HandlerId store_constant_form(Opcode store, uint64_t value, bool absolute) {
  if (store == Opcode::I64Store && int64_t(value) != int64_t(int32_t(value))) return HandlerId::Count;
#define X(name, ...) \
  if (store == Opcode::name) return absolute ? HandlerId::name##AbsoluteConst : HandlerId::name##Const;
#include "exec/store_constant_ops.def"
#undef X
  return HandlerId::Count;
}

HandlerId handler_for_opcode(Opcode opcode) {
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
      return HandlerId::Count;
  }
}

}  // namespace wasmprof::exec

namespace wasmprof::exec {

HandlerId loop_branch_for(HandlerId branch) {
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
      return HandlerId::Count;
  }
}

}  // namespace wasmprof::exec
