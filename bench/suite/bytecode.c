// Branchy: a small register-based bytecode interpreter in the style of Lua's virtual machine:
// 32-bit instructions decoded into fields, one big switch for dispatch, dynamically typed values
// (integer, float, array) whose tags every arithmetic instruction checks, numeric for loops,
// calls with register windows. The programs it runs are assembled here at start-up: recursive
// Fibonacci, a sieve over an array, a Mandelbrot loop in floats, and an integer hashing loop
// that calls a small helper. n = rounds of the four programs.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

// ---- values ----

enum { T_INT, T_NUM, T_ARR };

typedef struct {
  union {
    int64_t i;
    double d;
  } u;
  uint32_t tag;
} value;

typedef struct {
  value* data;
  uint32_t size;
} array;

// ---- instructions: op:8 a:8 b:8 c:8, or op:8 a:8 bx:16 (sbx = bx - 32768) ----

enum op {
  OP_LOADI,    // R[a] = int(sbx)
  OP_LOADK,    // R[a] = K[bx]
  OP_MOVE,     // R[a] = R[b]
  OP_ADD,      // R[a] = R[b] + R[c]
  OP_SUB,      // R[a] = R[b] - R[c]
  OP_MUL,      // R[a] = R[b] * R[c]
  OP_DIV,      // R[a] = R[b] / R[c] (always float)
  OP_MOD,      // R[a] = R[b] % R[c] (integers, floored like Lua)
  OP_ADDI,     // R[a] = R[b] + sc
  OP_BAND,     // R[a] = R[b] & R[c]
  OP_BXOR,     // R[a] = R[b] ^ R[c]
  OP_SHRI,     // R[a] = R[b] >> c (logical)
  OP_SHLI,     // R[a] = R[b] << c
  OP_LT,       // if ((R[b] < R[c]) != a) skip the next instruction
  OP_LE,       // if ((R[b] <= R[c]) != a) skip the next instruction
  OP_EQ,       // if ((R[b] == R[c]) != a) skip the next instruction
  OP_JMP,      // pc += sbx
  OP_FORPREP,  // if R[a] > R[a+1] then pc += sbx (past the loop) else R[a+3] = R[a]
  OP_FORLOOP,  // R[a] += R[a+2]; if R[a] <= R[a+1] then R[a+3] = R[a], pc += sbx
  OP_NEWARR,   // R[a] = new array of R[b] integer zeros
  OP_GETA,     // R[a] = R[b][R[c]]
  OP_SETA,     // R[a][R[b]] = R[c]
  OP_CALL,     // R[a] = functions[b](R[a+1], ..., R[a+c])
  OP_RET,      // return R[a]
  OP_COUNT
};

#define INS_ABC(op, a, b, c) ((uint32_t)(op) | (uint32_t)(a) << 8 | (uint32_t)(b) << 16 | (uint32_t)(uint8_t)(c) << 24)
#define INS_ABX(op, a, bx) ((uint32_t)(op) | (uint32_t)(a) << 8 | (uint32_t)(bx) << 16)

typedef struct {
  uint32_t code[128];
  uint32_t size;
  uint32_t registers;
  // Labels: where each one is, and the jumps that wait for it.
  int32_t label_at[16];
  uint32_t fixups[32];
  uint32_t fixup_label[32];
  uint32_t fixup_count;
} function;

enum { F_FIB, F_SIEVE, F_MANDEL, F_HASH, F_MIXER, F_COUNT };

typedef struct {
  function functions[F_COUNT];
  value constants[16];
  uint32_t constant_count;
  array arrays[64];
  uint32_t array_count;
  value* stack;
  uint32_t stack_size;
} vm;

static vm g_vm;

// ---- assembler ----

static void emit(function* f, uint32_t ins) { f->code[f->size++] = ins; }

static void emit_jump(function* f, enum op op, uint32_t a, uint32_t label) {
  f->fixups[f->fixup_count] = f->size;
  f->fixup_label[f->fixup_count++] = label;
  emit(f, INS_ABX(op, a, 0));
}

static void place(function* f, uint32_t label) { f->label_at[label] = (int32_t)f->size; }

static void finish(function* f, uint32_t registers) {
  for (uint32_t i = 0; i < f->fixup_count; ++i) {
    uint32_t at = f->fixups[i];
    int32_t offset = f->label_at[f->fixup_label[i]] - (int32_t)(at + 1);
    f->code[at] |= (uint32_t)(offset + 32768) << 16;
  }
  f->registers = registers;
}

static uint32_t constant_num(double d) {
  value* k = &g_vm.constants[g_vm.constant_count];
  k->tag = T_NUM;
  k->u.d = d;
  return g_vm.constant_count++;
}

static uint32_t constant_int(int64_t i) {
  value* k = &g_vm.constants[g_vm.constant_count];
  k->tag = T_INT;
  k->u.i = i;
  return g_vm.constant_count++;
}

#define SBX(v) ((uint32_t)((v) + 32768))

static void assemble(void) {
  memset(&g_vm.functions, 0, sizeof g_vm.functions);
  g_vm.constant_count = 0;

  // fib(n): R0 = n
  function* f = &g_vm.functions[F_FIB];
  emit(f, INS_ABX(OP_LOADI, 1, SBX(2)));
  emit(f, INS_ABC(OP_LT, 0, 0, 1));  // n < 2: skip the jump
  emit_jump(f, OP_JMP, 0, 0);
  emit(f, INS_ABC(OP_RET, 0, 0, 0));
  place(f, 0);
  emit(f, INS_ABC(OP_ADDI, 3, 0, -1));
  emit(f, INS_ABC(OP_CALL, 2, F_FIB, 1));
  emit(f, INS_ABC(OP_ADDI, 4, 0, -2));
  emit(f, INS_ABC(OP_CALL, 3, F_FIB, 1));
  emit(f, INS_ABC(OP_ADD, 2, 2, 3));
  emit(f, INS_ABC(OP_RET, 2, 0, 0));
  finish(f, 5);

  // sieve(limit): number of primes below limit. R0 = limit.
  f = &g_vm.functions[F_SIEVE];
  emit(f, INS_ABC(OP_NEWARR, 1, 0, 0));     // R1 = flags
  emit(f, INS_ABX(OP_LOADI, 2, SBX(0)));    // R2 = count
  emit(f, INS_ABX(OP_LOADI, 14, SBX(1)));   // R14 = 1
  emit(f, INS_ABX(OP_LOADI, 15, SBX(0)));   // R15 = 0
  emit(f, INS_ABX(OP_LOADI, 3, SBX(2)));    // for i = 2, limit - 1
  emit(f, INS_ABC(OP_ADDI, 4, 0, -1));
  emit(f, INS_ABX(OP_LOADI, 5, SBX(1)));
  emit_jump(f, OP_FORPREP, 3, 1);           // -> label 1: end
  place(f, 2);                              // outer body, i in R6
  emit(f, INS_ABC(OP_GETA, 7, 1, 6));
  emit(f, INS_ABC(OP_EQ, 0, 7, 15));        // flags[i] == 0: skip the jump
  emit_jump(f, OP_JMP, 0, 3);               // -> continue
  emit(f, INS_ABC(OP_ADDI, 2, 2, 1));
  emit(f, INS_ABC(OP_MUL, 9, 6, 6));        // for j = i*i, limit - 1, i
  emit(f, INS_ABC(OP_ADDI, 10, 0, -1));
  emit(f, INS_ABC(OP_MOVE, 11, 6, 0));
  emit_jump(f, OP_FORPREP, 9, 4);
  place(f, 5);
  emit(f, INS_ABC(OP_SETA, 1, 12, 14));
  emit_jump(f, OP_FORLOOP, 9, 5);
  place(f, 4);
  place(f, 3);
  emit_jump(f, OP_FORLOOP, 3, 2);
  place(f, 1);
  emit(f, INS_ABC(OP_RET, 2, 0, 0));
  finish(f, 16);

  // mandel(size): total iterations (at most 64 each) over a size x size grid. R0 = size.
  f = &g_vm.functions[F_MANDEL];
  uint32_t k_scale = constant_num(2.5);
  uint32_t k_xoff = constant_num(2.0);
  uint32_t k_yoff = constant_num(1.25);
  uint32_t k_four = constant_num(4.0);
  uint32_t k_zero = constant_num(0.0);
  emit(f, INS_ABX(OP_LOADI, 1, SBX(0)));     // R1 = total
  emit(f, INS_ABX(OP_LOADK, 20, k_scale));
  emit(f, INS_ABC(OP_DIV, 20, 20, 0));       // R20 = 2.5 / size
  emit(f, INS_ABX(OP_LOADK, 21, k_xoff));
  emit(f, INS_ABX(OP_LOADK, 22, k_yoff));
  emit(f, INS_ABX(OP_LOADK, 23, k_four));
  emit(f, INS_ABX(OP_LOADI, 24, SBX(64)));
  emit(f, INS_ABX(OP_LOADI, 2, SBX(0)));     // for y = 0, size - 1
  emit(f, INS_ABC(OP_ADDI, 3, 0, -1));
  emit(f, INS_ABX(OP_LOADI, 4, SBX(1)));
  emit_jump(f, OP_FORPREP, 2, 0);
  place(f, 1);                               // y in R5
  emit(f, INS_ABC(OP_MUL, 25, 5, 20));
  emit(f, INS_ABC(OP_SUB, 25, 25, 22));      // R25 = ci
  emit(f, INS_ABX(OP_LOADI, 6, SBX(0)));     // for x = 0, size - 1
  emit(f, INS_ABC(OP_ADDI, 7, 0, -1));
  emit(f, INS_ABX(OP_LOADI, 8, SBX(1)));
  emit_jump(f, OP_FORPREP, 6, 2);
  place(f, 3);                               // x in R9
  emit(f, INS_ABC(OP_MUL, 26, 9, 20));
  emit(f, INS_ABC(OP_SUB, 26, 26, 21));      // R26 = cr
  emit(f, INS_ABX(OP_LOADK, 27, k_zero));    // zr
  emit(f, INS_ABX(OP_LOADK, 28, k_zero));    // zi
  emit(f, INS_ABX(OP_LOADI, 10, SBX(0)));    // it
  place(f, 4);                               // while it < 64 and zr^2 + zi^2 <= 4
  emit(f, INS_ABC(OP_LT, 0, 10, 24));  // it < 64: skip the jump
  emit_jump(f, OP_JMP, 0, 5);
  emit(f, INS_ABC(OP_MUL, 29, 27, 27));
  emit(f, INS_ABC(OP_MUL, 30, 28, 28));
  emit(f, INS_ABC(OP_ADD, 31, 29, 30));
  emit(f, INS_ABC(OP_LE, 0, 31, 23));
  emit_jump(f, OP_JMP, 0, 5);
  emit(f, INS_ABC(OP_MUL, 28, 27, 28));
  emit(f, INS_ABC(OP_ADD, 28, 28, 28));
  emit(f, INS_ABC(OP_ADD, 28, 28, 25));      // zi = 2 zr zi + ci
  emit(f, INS_ABC(OP_SUB, 27, 29, 30));
  emit(f, INS_ABC(OP_ADD, 27, 27, 26));      // zr = zr^2 - zi^2 + cr
  emit(f, INS_ABC(OP_ADDI, 10, 10, 1));
  emit_jump(f, OP_JMP, 0, 4);
  place(f, 5);
  emit(f, INS_ABC(OP_ADD, 1, 1, 10));
  emit_jump(f, OP_FORLOOP, 6, 3);
  place(f, 2);
  emit_jump(f, OP_FORLOOP, 2, 1);
  place(f, 0);
  emit(f, INS_ABC(OP_RET, 1, 0, 0));
  finish(f, 32);

  // mixer(h, x): ((h * 31) + (x ^ (x >> 3))) & 0xffffff, then h ^ (h << 5) masked.
  f = &g_vm.functions[F_MIXER];
  uint32_t k_mask = constant_int(0xffffff);
  emit(f, INS_ABX(OP_LOADI, 2, SBX(31)));
  emit(f, INS_ABC(OP_MUL, 2, 0, 2));
  emit(f, INS_ABC(OP_SHRI, 3, 1, 3));
  emit(f, INS_ABC(OP_BXOR, 3, 3, 1));
  emit(f, INS_ABC(OP_ADD, 2, 2, 3));
  emit(f, INS_ABX(OP_LOADK, 4, k_mask));
  emit(f, INS_ABC(OP_BAND, 2, 2, 4));
  emit(f, INS_ABC(OP_SHLI, 3, 2, 5));
  emit(f, INS_ABC(OP_BXOR, 2, 2, 3));
  emit(f, INS_ABC(OP_BAND, 2, 2, 4));
  emit(f, INS_ABC(OP_RET, 2, 0, 0));
  finish(f, 5);

  // hash(count): h = mixer(h, i mod 1000) for i = 1..count. R0 = count.
  f = &g_vm.functions[F_HASH];
  emit(f, INS_ABX(OP_LOADI, 1, SBX(7)));     // h
  emit(f, INS_ABX(OP_LOADI, 9, SBX(1000)));
  emit(f, INS_ABX(OP_LOADI, 2, SBX(1)));     // for i = 1, count
  emit(f, INS_ABC(OP_MOVE, 3, 0, 0));
  emit(f, INS_ABX(OP_LOADI, 4, SBX(1)));
  emit_jump(f, OP_FORPREP, 2, 0);
  place(f, 1);                               // i in R5
  emit(f, INS_ABC(OP_MOVE, 7, 1, 0));
  emit(f, INS_ABC(OP_MOD, 8, 5, 9));
  emit(f, INS_ABC(OP_CALL, 6, F_MIXER, 2));  // R6 = mixer(h, i % 1000)
  emit(f, INS_ABC(OP_MOVE, 1, 6, 0));
  emit_jump(f, OP_FORLOOP, 2, 1);
  place(f, 0);
  emit(f, INS_ABC(OP_RET, 1, 0, 0));
  finish(f, 10);
}

// ---- the interpreter ----

typedef struct {
  const uint32_t* return_pc;
  value* base;
  value* result;
} frame;

enum { kStackValues = 1 << 14, kMaxFrames = 256 };

static double to_num(const value* v) { return v->tag == T_INT ? (double)v->u.i : v->u.d; }

static value* new_array(uint32_t size) {
  array* arr = &g_vm.arrays[g_vm.array_count];
  arr->data = malloc((size ? size : 1) * sizeof(value));
  arr->size = size;
  for (uint32_t i = 0; i < size; ++i) {
    arr->data[i].tag = T_INT;
    arr->data[i].u.i = 0;
  }
  static value v;
  v.tag = T_ARR;
  v.u.i = g_vm.array_count++;
  return &v;
}

// Runs function `entry` on one integer argument. Returns its integer result, or a value with
// the top bit set on a runtime error (a type error or an index out of bounds).
static int64_t execute(uint32_t entry, int64_t argument) {
  frame frames[kMaxFrames];
  uint32_t depth = 0;
  value* base = g_vm.stack;
  value* const stack_end = g_vm.stack + kStackValues;
  base[0].tag = T_INT;
  base[0].u.i = argument;
  const uint32_t* pc = g_vm.functions[entry].code;
  const value* k = g_vm.constants;
  value result;

#define A ((ins >> 8) & 0xffu)
#define B ((ins >> 16) & 0xffu)
#define C (ins >> 24)
#define SC ((int8_t)(ins >> 24))
#define BX (ins >> 16)
#define SBX_ (((int32_t)(ins >> 16)) - 32768)
#define ARITH(int_expr, num_expr)                                  \
  do {                                                             \
    const value* rb = &base[B];                                    \
    const value* rc = &base[C];                                    \
    value* ra = &base[A];                                          \
    if (rb->tag == T_INT && rc->tag == T_INT) {                    \
      uint64_t x = (uint64_t)rb->u.i, y = (uint64_t)rc->u.i;       \
      ra->u.i = (int64_t)(int_expr);                               \
      ra->tag = T_INT;                                             \
    } else if (rb->tag != T_ARR && rc->tag != T_ARR) {             \
      double x = to_num(rb), y = to_num(rc);                       \
      ra->u.d = (num_expr);                                        \
      ra->tag = T_NUM;                                             \
    } else {                                                       \
      return INT64_MIN;                                            \
    }                                                              \
  } while (0)
#define COMPARE(op)                                                \
  do {                                                             \
    const value* rb = &base[B];                                    \
    const value* rc = &base[C];                                    \
    int r;                                                         \
    if (rb->tag == T_INT && rc->tag == T_INT) r = rb->u.i op rc->u.i; \
    else r = to_num(rb) op to_num(rc);                             \
    if (r != (int)A) ++pc;                                         \
  } while (0)

  for (;;) {
    uint32_t ins = *pc++;
    switch ((enum op)(ins & 0xffu)) {
      case OP_LOADI:
        base[A].tag = T_INT;
        base[A].u.i = SBX_;
        break;
      case OP_LOADK:
        base[A] = k[BX];
        break;
      case OP_MOVE:
        base[A] = base[B];
        break;
      case OP_ADD:
        ARITH(x + y, x + y);
        break;
      case OP_SUB:
        ARITH(x - y, x - y);
        break;
      case OP_MUL:
        ARITH(x * y, x * y);
        break;
      case OP_DIV:
        base[A].u.d = to_num(&base[B]) / to_num(&base[C]);
        base[A].tag = T_NUM;
        break;
      case OP_MOD: {
        int64_t x = base[B].u.i, y = base[C].u.i;
        if (base[B].tag != T_INT || base[C].tag != T_INT || y == 0) return INT64_MIN;
        int64_t m = y == -1 ? 0 : x % y;
        if (m != 0 && (m ^ y) < 0) m += y;
        base[A].u.i = m;
        base[A].tag = T_INT;
        break;
      }
      case OP_ADDI:
        if (base[B].tag == T_INT) {
          base[A].u.i = (int64_t)((uint64_t)base[B].u.i + (uint64_t)(int64_t)SC);
          base[A].tag = T_INT;
        } else {
          base[A].u.d = to_num(&base[B]) + SC;
          base[A].tag = T_NUM;
        }
        break;
      case OP_BAND:
        base[A].u.i = base[B].u.i & base[C].u.i;
        base[A].tag = T_INT;
        break;
      case OP_BXOR:
        base[A].u.i = base[B].u.i ^ base[C].u.i;
        base[A].tag = T_INT;
        break;
      case OP_SHRI:
        base[A].u.i = (int64_t)((uint64_t)base[B].u.i >> C);
        base[A].tag = T_INT;
        break;
      case OP_SHLI:
        base[A].u.i = (int64_t)((uint64_t)base[B].u.i << C);
        base[A].tag = T_INT;
        break;
      case OP_LT:
        COMPARE(<);
        break;
      case OP_LE:
        COMPARE(<=);
        break;
      case OP_EQ:
        COMPARE(==);
        break;
      case OP_JMP:
        pc += SBX_;
        break;
      case OP_FORPREP: {
        value* r = &base[A];
        if (r[0].u.i > r[1].u.i) {
          pc += SBX_;
        } else {
          r[3] = r[0];
        }
        break;
      }
      case OP_FORLOOP: {
        value* r = &base[A];
        r[0].u.i += r[2].u.i;
        if (r[0].u.i <= r[1].u.i) {
          r[3] = r[0];
          pc += SBX_;
        }
        break;
      }
      case OP_NEWARR:
        if (base[B].tag != T_INT || g_vm.array_count == sizeof g_vm.arrays / sizeof g_vm.arrays[0])
          return INT64_MIN;
        base[A] = *new_array((uint32_t)base[B].u.i);
        break;
      case OP_GETA: {
        const value* arr = &base[B];
        const value* index = &base[C];
        if (arr->tag != T_ARR || index->tag != T_INT) return INT64_MIN;
        const array* a = &g_vm.arrays[arr->u.i];
        if ((uint64_t)index->u.i >= a->size) return INT64_MIN;
        base[A] = a->data[index->u.i];
        break;
      }
      case OP_SETA: {
        const value* arr = &base[A];
        const value* index = &base[B];
        if (arr->tag != T_ARR || index->tag != T_INT) return INT64_MIN;
        const array* a = &g_vm.arrays[arr->u.i];
        if ((uint64_t)index->u.i >= a->size) return INT64_MIN;
        a->data[index->u.i] = base[C];
        break;
      }
      case OP_CALL: {
        const function* callee = &g_vm.functions[B];
        value* new_base = base + A + 1;
        if (depth == kMaxFrames || new_base + callee->registers > stack_end) return INT64_MIN;
        frames[depth].return_pc = pc;
        frames[depth].base = base;
        frames[depth].result = base + A;
        ++depth;
        base = new_base;
        pc = callee->code;
        break;
      }
      case OP_RET:
        result = base[A];
        if (depth == 0) return result.tag == T_INT ? result.u.i : INT64_MIN;
        --depth;
        *frames[depth].result = result;
        base = frames[depth].base;
        pc = frames[depth].return_pc;
        break;
      case OP_COUNT:
      default:
        return INT64_MIN;
    }
  }
#undef A
#undef B
#undef C
#undef SC
#undef BX
#undef SBX_
#undef ARITH
#undef COMPARE
}

static void release_arrays(void) {
  for (uint32_t i = 0; i < g_vm.array_count; ++i) free(g_vm.arrays[i].data);
  g_vm.array_count = 0;
}

uint32_t run(uint32_t n) {
  assemble();
  g_vm.stack = malloc(kStackValues * sizeof(value));
  g_vm.array_count = 0;
  uint32_t h = 0;
  for (uint32_t round = 0; round < n; ++round) {
    h = bench_mix64(h, (uint64_t)execute(F_FIB, 16 + (round & 3u)));
    h = bench_mix64(h, (uint64_t)execute(F_SIEVE, 3000 + (round & 7u) * 100));
    release_arrays();
    h = bench_mix64(h, (uint64_t)execute(F_MANDEL, 16 + (round & 3u)));
    h = bench_mix64(h, (uint64_t)execute(F_HASH, 2000 + (round & 15u)));
  }
  free(g_vm.stack);
  return h;
}
