// The interface between the translator and the interpreter's instruction handlers: which
// handler implements what, and the operand layout each one expects after its handler word.
// Slots are frame-relative slot indices; "pair{x|y}" is one word holding two u32.
#pragma once

#include "binary/opcode.hh"
#include "exec/code.hh"

namespace wasmprof::exec::handlers {

// Handlers for instructions with a fixed signature (OpcodeInfo::signature.fixed), by shape:
//   nullary constant:      [h][pair{dst|-}][value]          (v128: [h][pair{dst|-}][lo][hi])
//   unary:                 [h][pair{dst|a}]
//   binary:                [h][pair{dst|a}][pair{b|-}]
//   ternary:               [h][pair{dst|a}][pair{b|c}]
//   load:                  [h][pair{dst|address}][pair{offset|-}]
//   store:                 [h][pair{address|value}][pair{offset|-}]
//   lane op:               like unary/binary with the lane in the last pair's second half
//   load/store lane:       [h][pair{dst_or_value|address}][pair{offset|lane}][pair{vector|-}]
//   shuffle:               [h][pair{dst|a}][pair{b|-}][lanes 0-7][lanes 8-15]
// Returns nullptr for opcodes the translator handles itself (control, variables, ...).
Handler for_opcode(Opcode opcode);

// Moves: [h][pair{dst|src}]
extern const Handler copy64;
extern const Handler copy128;
// [h][pair{dst|-}][value]
extern const Handler const64;

// Control. Targets are absolute code pointers.
extern const Handler unreachable;     // [h]
extern const Handler br;              // [h][target]
extern const Handler br_if;           // [h][pair{condition|-}][target]   taken if condition != 0
extern const Handler br_unless;       // [h][pair{condition|-}][target]   taken if condition == 0
extern const Handler br_table;        // [h][pair{index|count}][target 0]...[target count-1][default]
extern const Handler return_;         // [h]   results already in slots 0..result_slots
extern const Handler call;            // [h][pair{function index|argument base}]
extern const Handler call_indirect;   // [h][pair{type index|table index}][pair{argument base|index slot}]

// Parametric and variables.
extern const Handler select64;        // [h][pair{dst|a}][pair{b|condition}]
extern const Handler select128;
extern const Handler global_get64;    // [h][pair{dst|global index}]
extern const Handler global_get128;
extern const Handler global_set64;    // [h][pair{src|global index}]
extern const Handler global_set128;

// References and tables.
extern const Handler ref_null;        // [h][pair{dst|-}]
extern const Handler ref_is_null;     // [h][pair{dst|a}]
extern const Handler ref_func;        // [h][pair{dst|function index}]
extern const Handler table_get;       // [h][pair{dst|index}][pair{table|-}]
extern const Handler table_set;       // [h][pair{index|value}][pair{table|-}]
extern const Handler table_size;      // [h][pair{dst|table}]
extern const Handler table_grow;      // [h][pair{dst|init}][pair{delta|table}]
extern const Handler table_fill;      // [h][pair{start|value}][pair{count|table}]
extern const Handler table_copy;      // [h][pair{dst|src}][pair{count|-}][pair{dst table|src table}]
extern const Handler table_init;      // [h][pair{dst|src}][pair{count|-}][pair{element|table}]
extern const Handler elem_drop;       // [h][pair{element|-}]

// Memory.
extern const Handler memory_size;     // [h][pair{dst|-}]
extern const Handler memory_grow;     // [h][pair{dst|delta}]
extern const Handler memory_fill;     // [h][pair{dst|value}][pair{count|-}]
extern const Handler memory_copy;     // [h][pair{dst|src}][pair{count|-}]
extern const Handler memory_init;     // [h][pair{dst|src}][pair{count|data}]
extern const Handler data_drop;       // [h][pair{data|-}]

// Where a finished call chain ends: the entry frame's return address points at this.
extern const Handler exit;

}  // namespace wasmprof::exec::handlers
