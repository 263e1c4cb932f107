// The interface between the translator and the interpreter's instruction handlers: the id of
// every handler, and the operand layout each one expects after its first word. The first word
// of an instruction holds its handler id; handlers dispatch through the table the context
// points at, ExecContext::dispatch_table (context.hh says why).
// Slots are frame-relative slot indices; "pair{x|y}" is one word holding two u32.
#pragma once

#include <optional>

#include "binary/opcode.hh"
#include "exec/code.hh"

namespace wasmprof::exec {

// Layouts of the fixed-signature instructions (scalar_ops.def, vector_ops.def), by shape:
//   nullary constant:      [h][pair{dst|-}][value]          (v128: [h][pair{dst|-}][lo][hi])
//   unary:                 [h][pair{dst|a}]
//   binary:                [h][pair{dst|a}][pair{b|-}]
//   ternary:               [h][pair{dst|a}][pair{b|c}]
//   load:                  [h][pair{dst|address}][pair{offset|addend}]
//   store:                 [h][pair{address|value}][pair{offset|addend}]
//     (scalar accesses read memory at u32(address + addend) + offset; vector ones take no addend)
//   lane op:               [h][pair{dst|a}][pair{b or -|lane}]
//   load lane:             [h][pair{dst|address}][pair{offset|lane}][pair{vector|-}]
//   store lane:            [h][pair{vector|address}][pair{offset|lane}]
//   shuffle:               [h][pair{dst|a}][pair{b|-}][lanes 0-7][lanes 8-15]
// The other handlers and their layouts; targets are absolute code pointers.
// clang-format off
#define WASMPROF_CONTROL_HANDLERS(X) \
  X(exit)           /* [h]   ends the handler chain of an entry frame */ \
  X(copy64)         /* [h][pair{dst|src}] */ \
  X(copy128)        /* [h][pair{dst|src}] */ \
  X(copy64x2)       /* [h][pair{dst|src}][pair{dst|src}]   two copy64, in order */ \
  X(const64)        /* [h][pair{dst|-}][value] */ \
  X(const128)       /* [h][pair{dst|-}][low][high] */ \
  X(unreachable)    /* [h] */ \
  X(br)             /* [h][target] */ \
  X(br_if)          /* [h][pair{condition|-}][target]   taken if condition != 0 */ \
  X(br_unless)      /* [h][pair{condition|-}][target]   taken if condition == 0 */ \
  X(br_if_i64_eqz)  /* [h][pair{a|-}][target]   taken if the i64 a == 0 */ \
  X(br_if_i64_nez)  /* [h][pair{a|-}][target]   taken if the i64 a != 0 */ \
  X(br_if_i32_any_bits)   /* [h][pair{a|mask}][target]   taken if (a & mask) != 0: i32.and by a constant, br_if */ \
  X(br_if_i32_no_bits)    /* [h][pair{a|mask}][target]   taken if (a & mask) == 0 */ \
  X(br_if_i32_masked_eq)  /* [h][pair{a|mask + (k << 16)}][target]   taken if (a & mask) == k; mask, k < 2^16 */ \
  X(br_if_i32_masked_ne)  /* the same, taken if (a & mask) != k */ \
  X(br_table)       /* [h][pair{index|count}][target 0]...[target count-1][default] */ \
  X(return_)        /* [h]   results already in slots 0..result_slots */ \
  X(return_value64) /* [h][pair{src|-}]   the one 64-bit result is copied to slot 0, then a return */ \
  X(call)           /* [h][pair{function index|argument base}] */ \
  X(call_indirect)  /* [h][pair{type index|table index}][pair{argument base|index slot}] */ \
  X(select64)       /* [h][pair{dst|a}][pair{b|condition}] */ \
  X(select128) \
  X(global_get64)   /* [h][pair{dst|global index}] */ \
  X(global_get128) \
  X(global_set64)   /* [h][pair{src|global index}] */ \
  X(global_set128) \
  X(ref_null)       /* [h][pair{dst|-}] */ \
  X(ref_is_null)    /* [h][pair{dst|a}] */ \
  X(ref_func)       /* [h][pair{dst|function index}] */ \
  X(table_get)      /* [h][pair{dst|index}][pair{table|-}] */ \
  X(table_set)      /* [h][pair{index|value}][pair{table|-}] */ \
  X(table_size)     /* [h][pair{dst|table}] */ \
  X(table_grow)     /* [h][pair{dst|init}][pair{delta|table}] */ \
  X(table_fill)     /* [h][pair{start|value}][pair{count|table}] */ \
  X(table_copy)     /* [h][pair{dst|src}][pair{count|-}][pair{dst table|src table}] */ \
  X(table_init)     /* [h][pair{dst|src}][pair{count|-}][pair{element|table}] */ \
  X(elem_drop)      /* [h][pair{element|-}] */ \
  X(memory_size)    /* [h][pair{dst|-}] */ \
  X(memory_grow)    /* [h][pair{dst|delta}] */ \
  X(memory_fill)    /* [h][pair{dst|value}][pair{count|-}] */ \
  X(memory_copy)    /* [h][pair{dst|src}][pair{count|-}] */ \
  X(memory_init)    /* [h][pair{dst|src}][pair{count|data}] */ \
  X(data_drop)      /* [h][pair{data|-}] */ \
  X(epoch_check)    /* [h]   at function entries and loop headers when epoch interruption is on */ \
  X(consume_fuel)   /* [h][cost]   at each basic block's start when fuel is on */ \
  X(probe)          /* [h][pair{ProbePoint|probe id}][callback]   see ProbeCallback (code.hh) */ \
  X(native_enter)   /* [h][NativeEntry][sites...]   a compiled function: native_code.hh */ \
  X(tier_up)        /* [h][HotCounter*][pair{defined function index|-}]   tiered: counts entries, then enters compiled code */ \
  X(loop_tier_up)   /* [h][HotCounter*][pair{defined function index|loop offset}]   tiered: counts iterations, then continues in compiled code */ \
  X(lazy_enter)     /* [h][ModuleCode*][pair{defined function index|-}]   a stub's one instruction: module_code.hh */ \
  /* A load whose value only feeds a store of the same width: memory to memory, no slot. */ \
  /* [h][pair{store address|load address}][pair{store offset|load offset}][pair{store addend|load addend}] */ \
  /* A trap in the load is raised at the first word, in the store at the third (its wasm offset). */ \
  X(memory_move8) X(memory_move16) X(memory_move32) X(memory_move64) \
  X(I32AddShl)      /* [h][pair{dst|a}][pair{b|shift}]   a + (b << shift): i32.shl by a constant, then i32.add */ \
  X(I64AddShrU)     /* [h][pair{dst|a}][pair{b|shift}]   a + (b >> shift), unsigned, shift < 64 */ \
  X(I32MulAdd)      /* [h][pair{dst|a}][pair{b|c}]   a + b * c: a multiply whose only use is an add */ \
  X(I64MulAdd) \
  X(I32ExtractBits) /* [h][pair{dst|a}][pair{shift|mask}]   (a >> shift) & mask, unsigned */ \
  X(I64ExtractBits) /* the same on i64, mask zero-extended */ \
  X(F64ImmSub)      /* [h][pair{dst|b}][immediate a]   a - b, a an f64 constant */ \
  X(F64ImmDiv)      /* [h][pair{dst|b}][immediate a]   a / b */ \
  X(I32AddAddImm)   /* [h][pair{dst|a}][pair{b|immediate}]   a + b + immediate */
// clang-format on

// A comparison fused with the conditional branch that consumes it (`i32.lt_s; br_if`):
// [h][pair{a|b}][target], taken if `a op b`; the NAME_imm forms compare with a constant:
// [h][pair{a|immediate}][target], the immediate sign-extended from 32 bits.
// X(name, operand type, operator)
// clang-format off
#define WASMPROF_FUSED_BRANCHES(X) \
  X(br_if_i32_eq, uint32_t, ==) X(br_if_i32_ne, uint32_t, !=) \
  X(br_if_i32_lt_s, int32_t, <) X(br_if_i32_lt_u, uint32_t, <) \
  X(br_if_i32_gt_s, int32_t, >) X(br_if_i32_gt_u, uint32_t, >) \
  X(br_if_i32_le_s, int32_t, <=) X(br_if_i32_le_u, uint32_t, <=) \
  X(br_if_i32_ge_s, int32_t, >=) X(br_if_i32_ge_u, uint32_t, >=) \
  X(br_if_i64_eq, uint64_t, ==) X(br_if_i64_ne, uint64_t, !=) \
  X(br_if_i64_lt_s, int64_t, <) X(br_if_i64_lt_u, uint64_t, <) \
  X(br_if_i64_gt_s, int64_t, >) X(br_if_i64_gt_u, uint64_t, >) \
  X(br_if_i64_le_s, int64_t, <=) X(br_if_i64_le_u, uint64_t, <=) \
  X(br_if_i64_ge_s, int64_t, >=) X(br_if_i64_ge_u, uint64_t, >=)
// clang-format on

// Branches that can close a loop. With epoch checks compiled in, a branch back to a loop
// header is emitted as its NAME_loop form, which checks the epoch when the branch is taken:
// a compare on the taken path instead of a dispatch of its own each iteration.
// clang-format off
#define WASMPROF_LOOP_BRANCHES(X) \
  X(br) X(br_if) X(br_unless) X(br_if_i64_eqz) X(br_if_i64_nez) X(br_if_i32_any_bits) \
  X(br_if_i32_no_bits) X(br_if_i32_masked_eq) X(br_if_i32_masked_ne)
// clang-format on

// Which shapes of scalar_ops.def also have a handler with a constant second operand (NAMEImm,
// layout [h][pair{dst|a}][immediate], the immediate holding the constant's bits): only
// BINARY_IMM. WASMPROF_IF_IMM_##shape(text) is `text` for those rows and nothing for the others.
#define WASMPROF_IF_IMM_UNARY(...)
#define WASMPROF_IF_IMM_UNARY_TRAP(...)
#define WASMPROF_IF_IMM_BINARY(...)
#define WASMPROF_IF_IMM_BINARY_TRAP(...)
#define WASMPROF_IF_IMM_BINARY_IMM(...) __VA_ARGS__
#define WASMPROF_IF_IMM_LOAD(...)
#define WASMPROF_IF_IMM_STORE(...)

// Every handler's id, from the one list of handlers (handler_list.def).
enum class HandlerId : uint32_t {
#define WASMPROF_HANDLER_ID(name) name,
#include "exec/handler_list.def"
#undef WASMPROF_HANDLER_ID
};
inline constexpr uint32_t kHandlerCount = 0
#define WASMPROF_HANDLER_ID(name) +1
#include "exec/handler_list.def"
#undef WASMPROF_HANDLER_ID
    ;

// The NAME_loop form of a branch of WASMPROF_LOOP_BRANCHES or a fused branch, if it has one.
std::optional<HandlerId> loop_branch_for(HandlerId branch);

// The handler of a fixed-signature instruction; none for opcodes the translator lowers itself
// (control, variables, ...) or that no handler implements.
std::optional<HandlerId> handler_for_opcode(Opcode opcode);

// The form with a constant second operand (rows of shape BINARY_IMM in scalar_ops.def), if any.
std::optional<HandlerId> immediate_handler_for_opcode(Opcode opcode);

// The load with a two-slot address (indexed_load_ops.def), if any.
std::optional<HandlerId> indexed_load_for_opcode(Opcode opcode);

// The load or store with a constant address (indexed_load_ops.def, scalar_store_ops.def;
// stores: [h][pair{-|value}][pair{offset|address}]), if any.
std::optional<HandlerId> absolute_access_for_opcode(Opcode opcode);

// For a binary operation of memory_operand_ops.def: its form with a memory operand (which the
// load `load` supplies) or with its result stored by `store`, if it has one.
std::optional<HandlerId> memory_operand_form(Opcode operation, Opcode load);
std::optional<HandlerId> stored_result_form(Opcode operation, Opcode store);

// For a commutative operation with an operand shifted by a constant (shifted_operand_ops.def),
// the fused handler, if there is one.
std::optional<HandlerId> shifted_operand_form(Opcode operation, Opcode shift);

// A store of a constant (store_constant_ops.def), at a slot address or a constant one; none
// if the store has no such form or the constant does not fit 32 bits.
std::optional<HandlerId> store_constant_form(Opcode store, uint64_t value, bool absolute);

// Every handler's function, indexed by HandlerId.
extern const Handler kHandlerTable[kHandlerCount];

}  // namespace wasmprof::exec
