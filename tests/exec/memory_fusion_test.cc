// Memory accesses fused with their neighbours, checked against the unfused code:
// - A scalar load or store whose address is `i32.add`/`i32.sub` of a constant takes the
//   addition over (the addend rides in the access's spare operand field). It must wrap the sum
//   at 32 bits as i32.add does, and trap where the unfused access traps, reported at the access.
// - A store of a value just loaded, of the same width, is one memory_move; a trap in either half
//   is reported at that half's wasm instruction.
// - `i32.shl` by a constant feeding `i32.add` is one I32AddShl, and a load whose address is an
//   i32.add or I32AddShl reads both operand slots itself (an indexed load).
// - A load or store at a constant address (`i32.const`) keeps the address in the instruction,
//   and a store of a constant keeps the constant (store_constant_ops.def).
// - A binary operation takes an operand straight from the load before it, or has its result
//   stored by the store after it (memory_operand_ops.def); a trap in the load half is reported
//   at the load, in the store at the store.
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <vector>

#include "exec/handlers.hh"
#include "exec/interpreter.hh"
#include "runtime/store_objects.hh"
#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using namespace test;

constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

Bytes sleb32(int32_t value) { return sleb(value); }

// One function of type [params] -> [results] and one page of memory whose first 256 bytes
// hold 0x11, 0x22, ... (byte i is (i * 0x11 + 3) mod 256).
Bytes module_with_memory(const Bytes& params, const Bytes& results, const Bytes& code) {
  Bytes pattern;
  for (int i = 0; i < 256; ++i) pattern.push_back(uint8_t(i * 0x11 + 3));
  const Bytes data = concat({{0x00, 0x41, 0x00, 0x0B}, leb_u32(pattern.size()), pattern});
  return module_bytes({one_type(params, results), functions_of_type0(1), section(5, vec(1, {0x00, 0x01})),
                       code_section({body({0x01, 0x01, I32}, code)}), section(11, vec(1, data))});
}

struct Instance {
  runtime::StoreObjects store;
  exec::ExecContext context;
  exec::ModuleInstance* instance = nullptr;
  explicit Instance(const Bytes& bytes) {
    auto compiled = runtime::compile_module(bytes);
    EXPECT_TRUE(compiled.ok()) << compiled.error().to_string();
    if (!compiled) return;
    EXPECT_TRUE(compiled.value()->code->translate_all().ok());  // code() is read before a call
    auto result = store.instantiate(compiled.value(), {}, context);
    EXPECT_TRUE(result.ok()) << result.error().to_string();
    if (result) instance = result.value();
  }
  const exec::CompiledFunction& code() const { return *instance->functions[0]->code; }
  std::vector<uint8_t> memory() const {
    const std::span<const uint8_t> bytes = instance->memory0->bytes.span();
    return {bytes.begin(), bytes.end()};
  }
  bool uses(exec::HandlerId id) const {
    for (const exec::Word& word : code().code)
      if (word.u64 == uint64_t(id)) return true;
    return false;
  }
};

struct Access {
  uint8_t opcode;
  uint8_t value_type;
};

const Access kLoads[] = {{0x28, I32}, {0x29, I64}, {0x2A, F32}, {0x2B, F64}, {0x2C, I32}, {0x2D, I32}, {0x2E, I32},
                         {0x2F, I32}, {0x30, I64}, {0x31, I64}, {0x32, I64}, {0x33, I64}, {0x34, I64}, {0x35, I64}};
const Access kStores[] = {{0x36, I32}, {0x37, I64}, {0x38, F32}, {0x39, F64}, {0x3A, I32},
                          {0x3B, I32}, {0x3C, I64}, {0x3D, I64}, {0x3E, I64}};

// address + addend: near zero, near the end of the page, and sums that wrap past 2^32 (which
// the fused form must wrap too, where adding the addend to the offset would not).
struct Case {
  uint32_t address;
  int32_t addend;
  bool subtract;  // i32.sub of -addend instead of i32.add of addend
  uint32_t offset;
};
const Case kCases[] = {
    {0, 0, false, 0},           {8, 16, false, 3},        {40, -24, false, 1},          {40, -24, true, 0},
    {65528, 4, false, 0},       {65528, 8, false, 0},     {65520, 8, false, 2},         {0xFFFFFFF0u, 0x20, false, 0},
    {0xFFFFFFF0u, 0x20, false, 9}, {0x10, -0x20, false, 0}, {0x10, -0x20, false, 0x30}, {5, 0x7FFFFFFF, false, 0},
    {0xFFFFFFFFu, 1, false, 65535}, {100, -100, true, 65530},
};

Bytes address_code(const Case& c) {
  // local.get 0; i32.const K; i32.add (or: i32.const -K; i32.sub)
  const int32_t constant = c.subtract ? int32_t(0u - uint32_t(c.addend)) : c.addend;
  return concat({{0x20, 0x00, 0x41}, sleb32(constant), {uint8_t(c.subtract ? 0x6B : 0x6A)}});
}
// The same address through a local, which keeps the addition a separate instruction.
Bytes unfused_address_code(const Case& c) { return concat({address_code(c), {0x21, 0x01, 0x20, 0x01}}); }

Bytes memarg(uint8_t opcode, uint32_t offset) { return concat({{opcode, 0x00}, leb_u32(offset)}); }

TEST(AddressFusion, LoadsReadWhatTheUnfusedAddReads) {
  for (const Access& load : kLoads) {
    for (const Case& c : kCases) {
      Instance fused(module_with_memory({I32}, {load.value_type}, concat({address_code(c), memarg(load.opcode, c.offset), {0x0B}})));
      Instance unfused(
          module_with_memory({I32}, {load.value_type}, concat({unfused_address_code(c), memarg(load.opcode, c.offset), {0x0B}})));
      ASSERT_TRUE(fused.instance && unfused.instance);
      EXPECT_FALSE(fused.uses(exec::HandlerId::I32AddImm) || fused.uses(exec::HandlerId::I32SubImm));
      exec::Slot fused_slots[1] = {c.address}, unfused_slots[1] = {c.address};
      const exec::TrapKind fused_trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
      const exec::TrapKind unfused_trap = exec::invoke(unfused.context, *unfused.instance->functions[0], unfused_slots);
      const std::string what = "opcode 0x" + std::to_string(load.opcode) + " address " + std::to_string(c.address) +
                               " addend " + std::to_string(c.addend) + " offset " + std::to_string(c.offset);
      ASSERT_EQ(fused_trap, unfused_trap) << what;
      if (fused_trap == exec::TrapKind::None) EXPECT_EQ(fused_slots[0], unfused_slots[0]) << what;
    }
  }
}

TEST(AddressFusion, StoresWriteWhatTheUnfusedAddWrites) {
  for (const Access& store : kStores) {
    for (const Case& c : kCases) {
      // (param i32 T): stores local 1 at the address.
      Instance fused(module_with_memory({I32, store.value_type}, {},
                                        concat({address_code(c), {0x20, 0x01}, memarg(store.opcode, c.offset), {0x0B}})));
      // Locals: i32 address param, T value param, then the i32 scratch local is local 2 here.
      const int32_t constant = c.subtract ? int32_t(0u - uint32_t(c.addend)) : c.addend;
      const Bytes through_local = concat({{0x20, 0x00, 0x41}, sleb32(constant), {uint8_t(c.subtract ? 0x6B : 0x6A)},
                                          {0x21, 0x02, 0x20, 0x02, 0x20, 0x01}});
      Instance unfused(module_with_memory({I32, store.value_type}, {}, concat({through_local, memarg(store.opcode, c.offset), {0x0B}})));
      ASSERT_TRUE(fused.instance && unfused.instance);
      EXPECT_FALSE(fused.uses(exec::HandlerId::I32AddImm) || fused.uses(exec::HandlerId::I32SubImm));
      const uint64_t value = 0xA1B2C3D4E5F60718u;
      exec::Slot fused_slots[2] = {c.address, value}, unfused_slots[2] = {c.address, value};
      const exec::TrapKind fused_trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
      const exec::TrapKind unfused_trap = exec::invoke(unfused.context, *unfused.instance->functions[0], unfused_slots);
      const std::string what = "opcode 0x" + std::to_string(store.opcode) + " address " + std::to_string(c.address) +
                               " addend " + std::to_string(c.addend) + " offset " + std::to_string(c.offset);
      ASSERT_EQ(fused_trap, unfused_trap) << what;
      EXPECT_TRUE(fused.memory() == unfused.memory()) << what;
    }
  }
}

TEST(AddressFusion, AnOutOfBoundsFusedAccessTrapsAtTheAccess) {
  const Case c{65530, 16, false, 0};
  for (const Access& load : kLoads) {
    const Bytes code = concat({address_code(c), memarg(load.opcode, c.offset), {0x0B}});
    const Bytes bytes = module_with_memory({I32}, {load.value_type}, code);
    Instance wasm(bytes);
    ASSERT_TRUE(wasm.instance);
    exec::Slot slots[1] = {c.address};
    ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], slots), exec::TrapKind::OutOfBoundsMemoryAccess);
    EXPECT_EQ(bytes[wasm.code().wasm_offset_at(wasm.context.trap_pc)], load.opcode);
  }
  for (const Access& store : kStores) {
    const Bytes code = concat({address_code(c), {0x20, 0x01}, memarg(store.opcode, c.offset), {0x0B}});
    const Bytes bytes = module_with_memory({I32, store.value_type}, {}, code);
    Instance wasm(bytes);
    ASSERT_TRUE(wasm.instance);
    exec::Slot slots[2] = {c.address, 0};
    ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], slots), exec::TrapKind::OutOfBoundsMemoryAccess);
    EXPECT_EQ(bytes[wasm.code().wasm_offset_at(wasm.context.trap_pc)], store.opcode);
  }
}

TEST(AddressFusion, AnAdditionWhoseResultIsKeptIsNotFolded) {
  // local.get 0; i32.const 8; i32.add; local.tee 1; i32.load; local.get 1; i32.add: the sum is
  // read twice, so the load must not swallow it.
  const Bytes code = {0x20, 0x00, 0x41, 0x08, 0x6A, 0x22, 0x01, 0x28, 0x02, 0x00, 0x20, 0x01, 0x6A, 0x0B};
  Instance wasm(module_with_memory({I32}, {I32}, code));
  ASSERT_TRUE(wasm.instance);
  exec::Slot slots[1] = {4};
  ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], slots), exec::TrapKind::None);
  uint32_t word = 0;
  std::memcpy(&word, wasm.memory().data() + 12, 4);
  EXPECT_EQ(uint32_t(slots[0]), word + 12);
}

struct Move {
  uint8_t load;
  uint8_t store;
  uint8_t type;
};
// Every same-width pair (the store keeps the bytes the load read, whatever the extension).
const Move kMoves[] = {{0x28, 0x36, I32}, {0x29, 0x37, I64}, {0x2A, 0x38, F32}, {0x2B, 0x39, F64},
                       {0x2C, 0x3A, I32}, {0x2D, 0x3A, I32}, {0x2E, 0x3B, I32}, {0x2F, 0x3B, I32},
                       {0x30, 0x3C, I64}, {0x31, 0x3C, I64}, {0x32, 0x3D, I64}, {0x33, 0x3D, I64},
                       {0x34, 0x3E, I64}, {0x35, 0x3E, I64}};

// (param to from): to[store_offset] = from[load_offset], the load's address through an addend;
// through_local keeps the loaded value in local 2 (of the move's type) so nothing fuses.
Bytes move_code(const Move& move, uint32_t load_offset, uint32_t store_offset, bool through_local) {
  Bytes code = {0x20, 0x00, 0x20, 0x01, 0x41, 0x03, 0x6A};  // to, from + 3
  code = concat({code, memarg(move.load, load_offset)});
  if (through_local) code = concat({code, {0x21, 0x02, 0x20, 0x02}});
  return concat({code, memarg(move.store, store_offset), {0x0B}});
}

Bytes move_module(const Move& move, uint32_t load_offset, uint32_t store_offset, bool through_local) {
  Bytes pattern;
  for (int i = 0; i < 256; ++i) pattern.push_back(uint8_t(i * 0x11 + 3));
  const Bytes data = concat({{0x00, 0x41, 0x00, 0x0B}, leb_u32(pattern.size()), pattern});
  return module_bytes({one_type({I32, I32}, {}), functions_of_type0(1), section(5, vec(1, {0x00, 0x01})),
                       code_section({body({0x01, 0x01, move.type}, move_code(move, load_offset, store_offset, through_local))}),
                       section(11, vec(1, data))});
}

TEST(MemoryMove, CopiesWhatTheUnfusedLoadAndStoreCopy) {
  struct Addresses {
    uint32_t to, from, store_offset, load_offset;
  };
  const Addresses cases[] = {{300, 5, 0, 0},       {300, 5, 7, 2},     {100, 90, 0, 0},  {90, 100, 1, 0},
                             {65532, 0, 0, 0},     {65528, 0, 0, 0},   {0, 65530, 0, 0}, {0, 65524, 0, 2},
                             {0xFFFFFFFFu, 0, 0, 0}, {0, 0xFFFFFFFEu, 0, 0}, {70000, 70000, 0, 0}};
  for (const Move& move : kMoves) {
    for (const Addresses& c : cases) {
      Instance fused(move_module(move, c.load_offset, c.store_offset, false));
      Instance unfused(move_module(move, c.load_offset, c.store_offset, true));
      ASSERT_TRUE(fused.instance && unfused.instance);
      EXPECT_TRUE(fused.uses(exec::HandlerId::memory_move8) || fused.uses(exec::HandlerId::memory_move16) ||
                  fused.uses(exec::HandlerId::memory_move32) || fused.uses(exec::HandlerId::memory_move64));
      exec::Slot fused_slots[2] = {c.to, c.from}, unfused_slots[2] = {c.to, c.from};
      const exec::TrapKind fused_trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
      const exec::TrapKind unfused_trap = exec::invoke(unfused.context, *unfused.instance->functions[0], unfused_slots);
      const std::string what = "load 0x" + std::to_string(move.load) + " to " + std::to_string(c.to) + " from " +
                               std::to_string(c.from);
      ASSERT_EQ(fused_trap, unfused_trap) << what;
      EXPECT_TRUE(fused.memory() == unfused.memory()) << what;
    }
  }
}

TEST(MemoryMove, ATrapIsReportedAtTheLoadOrTheStore) {
  for (const Move& move : kMoves) {
    const Bytes bytes = move_module(move, 0, 0, false);
    Instance wasm(bytes);
    ASSERT_TRUE(wasm.instance);
    // The load's memarg follows `i32.add` (0x6A); the store's is the last one before `end`.
    size_t load_at = 0;
    for (size_t i = 0; i + 1 < bytes.size(); ++i)
      if (bytes[i] == 0x6A && bytes[i + 1] == move.load) load_at = i + 1;
    ASSERT_NE(load_at, 0u);
    const size_t store_at = load_at + 3;  // load opcode, align 0, offset 0
    ASSERT_EQ(bytes[store_at], move.store);

    exec::Slot slots[2] = {0, 70000};  // the load is out of bounds
    ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], slots), exec::TrapKind::OutOfBoundsMemoryAccess);
    EXPECT_EQ(wasm.code().wasm_offset_at(wasm.context.trap_pc), load_at);
    std::vector<uint8_t> before = wasm.memory();
    exec::Slot store_slots[2] = {70000, 0};  // the store is out of bounds
    ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], store_slots),
              exec::TrapKind::OutOfBoundsMemoryAccess);
    EXPECT_EQ(wasm.code().wasm_offset_at(wasm.context.trap_pc), store_at);
    EXPECT_TRUE(before == wasm.memory());
  }
}

// (param base index) (result T): load T at base + (index << shift) + offset, or with the
// shift left out, base + index; through_local keeps the sum in local 2 so nothing fuses.
// index_first puts the shifted index first in the addition.
Bytes indexed_code(uint8_t load, int shift, bool index_first, uint32_t offset, bool through_local) {
  Bytes index = {0x20, 0x01};
  if (shift >= 0) index = concat({index, {0x41}, sleb32(shift), {0x74}});
  Bytes code = index_first ? concat({index, {0x20, 0x00, 0x6A}}) : concat({{0x20, 0x00}, index, {0x6A}});
  if (through_local) code = concat({code, {0x21, 0x02, 0x20, 0x02}});
  return concat({code, memarg(load, offset), {0x0B}});
}

TEST(IndexedLoad, ReadsWhatTheUnfusedAdditionAddresses) {
  struct Operands {
    uint32_t base, index;
    int shift;  // -1: no shift
    uint32_t offset;
  };
  const Operands cases[] = {{16, 4, -1, 0},          {16, 4, 2, 0},          {16, 4, 3, 1},      {0, 3, 0, 0},
                            {100, 7, 35, 0},         {65500, 8, 2, 0},       {65500, 9, 2, 0},   {0xFFFFFFF0u, 8, 2, 0},
                            {0xFFFFFFF0u, 5, -1, 0}, {0, 0x40000000, 2, 8},  {0, 0x10000, -1, 0}, {7, 0x80000001, 31, 3}};
  for (const Access& load : kLoads) {
    for (const Operands& c : cases) {
      for (bool index_first : {false, true}) {
        Instance fused(module_with_memory({I32, I32}, {load.value_type},
                                          indexed_code(load.opcode, c.shift, index_first, c.offset, false)));
        Instance unfused(module_with_memory({I32, I32}, {load.value_type},
                                            indexed_code(load.opcode, c.shift, index_first, c.offset, true)));
        ASSERT_TRUE(fused.instance && unfused.instance);
        EXPECT_FALSE(fused.uses(exec::HandlerId::I32Add) || fused.uses(exec::HandlerId::I32AddShl) ||
                     fused.uses(exec::HandlerId::I32ShlImm));
        exec::Slot fused_slots[2] = {c.base, c.index}, unfused_slots[2] = {c.base, c.index};
        const exec::TrapKind fused_trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
        const exec::TrapKind unfused_trap = exec::invoke(unfused.context, *unfused.instance->functions[0], unfused_slots);
        const std::string what = "opcode 0x" + std::to_string(load.opcode) + " base " + std::to_string(c.base) +
                                 " index " + std::to_string(c.index) + " shift " + std::to_string(c.shift);
        ASSERT_EQ(fused_trap, unfused_trap) << what;
        if (fused_trap == exec::TrapKind::None) EXPECT_EQ(fused_slots[0], unfused_slots[0]) << what;
      }
    }
  }
}

TEST(IndexedLoad, AnOutOfBoundsIndexedLoadTrapsAtTheLoad) {
  for (const Access& load : kLoads) {
    const Bytes bytes = module_with_memory({I32, I32}, {load.value_type}, indexed_code(load.opcode, 2, false, 0, false));
    Instance wasm(bytes);
    ASSERT_TRUE(wasm.instance);
    exec::Slot slots[2] = {65532, 4};
    ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], slots), exec::TrapKind::OutOfBoundsMemoryAccess);
    EXPECT_EQ(bytes[wasm.code().wasm_offset_at(wasm.context.trap_pc)], load.opcode);
  }
}

TEST(ShiftedAdd, AddsTheShiftedOperandEitherWayRound) {
  // (param a b) (result i32): a + (b << k) and (b << k) + a, k taken modulo 32.
  for (int shift : {0, 1, 5, 31, 32, 33, -1}) {
    for (bool index_first : {false, true}) {
      Bytes shifted = concat({{0x20, 0x01, 0x41}, sleb32(shift), {0x74}});
      const Bytes code = index_first ? concat({shifted, {0x20, 0x00, 0x6A, 0x0B}}) : concat({{0x20, 0x00}, shifted, {0x6A, 0x0B}});
      Instance wasm(module_with_memory({I32, I32}, {I32}, code));
      ASSERT_TRUE(wasm.instance);
      EXPECT_TRUE(wasm.uses(exec::HandlerId::I32AddShl));
      for (uint32_t a : {0u, 1u, 0x80000000u, 0xFFFFFFFFu, 12345u}) {
        for (uint32_t b : {0u, 1u, 3u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
          exec::Slot slots[2] = {a, b};
          ASSERT_EQ(exec::invoke(wasm.context, *wasm.instance->functions[0], slots), exec::TrapKind::None);
          EXPECT_EQ(slots[0], uint64_t(uint32_t(a + (b << (uint32_t(shift) & 31))))) << a << " " << b << " " << shift;
        }
      }
    }
  }
}

TEST(AbsoluteAccess, LoadsAndStoresAtAConstantAddressMatchTheSlotForm) {
  const uint32_t addresses[] = {0, 5, 200, 65528, 65532, 65535, 65536, 0x80000000u, 0xFFFFFFFFu};
  const uint32_t offsets[] = {0, 3, 65530};
  for (uint32_t address : addresses) {
    for (uint32_t offset : offsets) {
      const Bytes constant = concat({{0x41}, sleb32(int32_t(address))});
      for (const Access& load : kLoads) {
        // i32.const address; load   against   local.get 0 (= address); load
        const Bytes bytes = module_with_memory({I32}, {load.value_type}, concat({constant, memarg(load.opcode, offset), {0x0B}}));
        Instance absolute(bytes);
        Instance slot(module_with_memory({I32}, {load.value_type}, concat({{0x20, 0x00}, memarg(load.opcode, offset), {0x0B}})));
        ASSERT_TRUE(absolute.instance && slot.instance);
        EXPECT_FALSE(absolute.uses(exec::HandlerId::const64));
        exec::Slot absolute_slots[1] = {0}, slot_slots[1] = {address};
        const exec::TrapKind trap = exec::invoke(absolute.context, *absolute.instance->functions[0], absolute_slots);
        ASSERT_EQ(trap, exec::invoke(slot.context, *slot.instance->functions[0], slot_slots)) << address << "+" << offset;
        if (trap == exec::TrapKind::None)
          EXPECT_EQ(absolute_slots[0], slot_slots[0]) << address << "+" << offset;
        else
          EXPECT_EQ(bytes[absolute.code().wasm_offset_at(absolute.context.trap_pc)], load.opcode);
      }
      for (const Access& store : kStores) {
        // i32.const address; local.get 0; store   against   local.get 1 (= address); local.get 0; store
        const Bytes bytes = module_with_memory({store.value_type, I32}, {},
                                               concat({constant, {0x20, 0x00}, memarg(store.opcode, offset), {0x0B}}));
        Instance absolute(bytes);
        Instance slot(module_with_memory({store.value_type, I32}, {},
                                         concat({{0x20, 0x01, 0x20, 0x00}, memarg(store.opcode, offset), {0x0B}})));
        ASSERT_TRUE(absolute.instance && slot.instance);
        EXPECT_FALSE(absolute.uses(exec::HandlerId::const64));
        const uint64_t value = 0x0102030405060708u;
        exec::Slot absolute_slots[2] = {value, 0}, slot_slots[2] = {value, address};
        const exec::TrapKind trap = exec::invoke(absolute.context, *absolute.instance->functions[0], absolute_slots);
        ASSERT_EQ(trap, exec::invoke(slot.context, *slot.instance->functions[0], slot_slots)) << address << "+" << offset;
        EXPECT_TRUE(absolute.memory() == slot.memory()) << address << "+" << offset;
        if (trap != exec::TrapKind::None)
          EXPECT_EQ(bytes[absolute.code().wasm_offset_at(absolute.context.trap_pc)], store.opcode);
      }
    }
  }
}

struct MemoryOperation {
  uint8_t opcode, type, load, store;
  bool commutative;
};
const MemoryOperation kMemoryOperations[] = {{0xA0, F64, 0x2B, 0x39, true},  {0xA1, F64, 0x2B, 0x39, false},
                                             {0xA2, F64, 0x2B, 0x39, true},  {0xA3, F64, 0x2B, 0x39, false},
                                             {0x6A, I32, 0x28, 0x36, true},  {0x7C, I64, 0x29, 0x37, true}};

// (param address x) (result T): x op mem[address + 8] (or mem op x); through_local keeps the
// loaded value in local 2 so nothing fuses.
Bytes operand_code(const MemoryOperation& op, bool memory_first, bool through_local) {
  Bytes load = concat({{0x20, 0x00, 0x41, 0x08, 0x6A}, memarg(op.load, 0)});
  if (through_local) load = concat({load, {0x21, 0x02, 0x20, 0x02}});
  const Bytes x = {0x20, 0x01};
  return concat({memory_first ? concat({load, x}) : concat({x, load}), {op.opcode, 0x0B}});
}

// (param address x y): mem[address + 4] = x op y; through_local keeps the result in local 3.
Bytes stored_code(const MemoryOperation& op, bool through_local) {
  Bytes code = {0x20, 0x00, 0x20, 0x01, 0x20, 0x02, op.opcode};
  if (through_local) code = concat({code, {0x21, 0x03, 0x20, 0x03}});
  return concat({code, memarg(op.store, 4), {0x0B}});
}

Bytes with_locals(const Bytes& params, const Bytes& results, uint8_t local_type, const Bytes& code) {
  Bytes pattern;
  for (int i = 0; i < 256; ++i) pattern.push_back(uint8_t(i * 0x11 + 3));
  const Bytes data = concat({{0x00, 0x41, 0x00, 0x0B}, leb_u32(pattern.size()), pattern});
  return module_bytes({one_type(params, results), functions_of_type0(1), section(5, vec(1, {0x00, 0x01})),
                       code_section({body({0x01, 0x02, local_type}, code)}), section(11, vec(1, data))});
}

uint64_t bits_of(uint8_t type, double f64_value, uint64_t integer) {
  if (type != F64) return integer;
  uint64_t bits;
  std::memcpy(&bits, &f64_value, 8);
  return bits;
}

TEST(MemoryOperand, OperandsFromMemoryMatchTheUnfusedLoad) {
  const uint32_t addresses[] = {0, 16, 100, 65520, 65527, 65528, 0xFFFFFFF8u};
  const double reals[] = {0.0, -1.5, 3.25, 1e300, -0.0};
  const uint64_t integers[] = {0, 0xFFFFFFFFFFFFFFFF, 7, 0x8000000000000000, 0x123456789};
  for (const MemoryOperation& op : kMemoryOperations) {
    for (bool memory_first : {false, true}) {
      const Bytes bytes = with_locals({I32, op.type}, {op.type}, op.type, operand_code(op, memory_first, false));
      Instance fused(bytes);
      Instance unfused(with_locals({I32, op.type}, {op.type}, op.type, operand_code(op, memory_first, true)));
      ASSERT_TRUE(fused.instance && unfused.instance);
      // Fused, the load and the operation are one 4-word instruction instead of two of 3 words.
      // `memory op x` fuses only for commutative operations; otherwise it must still be right.
      const bool expect_fused = !memory_first || op.commutative;
      EXPECT_EQ(fused.code().code.size() < unfused.code().code.size(), expect_fused);
      for (uint32_t address : addresses) {
        for (size_t i = 0; i < std::size(reals); ++i) {
          const uint64_t x = bits_of(op.type, reals[i], integers[i]);
          exec::Slot fused_slots[2] = {address, x}, unfused_slots[2] = {address, x};
          const exec::TrapKind trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
          ASSERT_EQ(trap, exec::invoke(unfused.context, *unfused.instance->functions[0], unfused_slots)) << address;
          if (trap == exec::TrapKind::None) {
            EXPECT_EQ(fused_slots[0], unfused_slots[0]) << "opcode " << int(op.opcode) << " address " << address;
          } else {
            EXPECT_EQ(bytes[fused.code().wasm_offset_at(fused.context.trap_pc)], op.load);
          }
        }
      }
    }
  }
}

TEST(MemoryOperand, StoredResultsMatchTheUnfusedStore) {
  const uint32_t addresses[] = {0, 16, 65528, 65531, 65532, 0xFFFFFFFCu};
  for (const MemoryOperation& op : kMemoryOperations) {
    const Bytes bytes = with_locals({I32, op.type, op.type}, {}, op.type, stored_code(op, false));
    Instance fused(bytes);
    Instance unfused(with_locals({I32, op.type, op.type}, {}, op.type, stored_code(op, true)));
    ASSERT_TRUE(fused.instance && unfused.instance);
    EXPECT_LT(fused.code().code.size(), unfused.code().code.size());
    for (uint32_t address : addresses) {
      const uint64_t x = bits_of(op.type, 2.5, 0x123456789), y = bits_of(op.type, -0.75, 0xFFFFFFFF0000000F);
      exec::Slot fused_slots[3] = {address, x, y}, unfused_slots[3] = {address, x, y};
      const exec::TrapKind trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
      ASSERT_EQ(trap, exec::invoke(unfused.context, *unfused.instance->functions[0], unfused_slots)) << address;
      EXPECT_TRUE(fused.memory() == unfused.memory()) << "opcode " << int(op.opcode) << " address " << address;
      if (trap != exec::TrapKind::None) EXPECT_EQ(bytes[fused.code().wasm_offset_at(fused.context.trap_pc)], op.store);
    }
  }
}

TEST(StoreConstant, StoresTheConstantAsTheSlotFormDoes) {
  struct Store {
    uint8_t opcode, type;
  };
  const Store stores[] = {{0x36, I32}, {0x3A, I32}, {0x3B, I32}, {0x37, I64}};
  const int64_t constants[] = {0, 1, -1, 0x1234, INT32_MIN, INT32_MAX, int64_t(1) << 40};
  const uint32_t addresses[] = {0, 16, 65532, 65535, 0xFFFFFFF0u};
  for (const Store& store : stores) {
    for (int64_t constant : constants) {
      const int64_t value = store.type == I32 ? int64_t(int32_t(constant)) : constant;
      const Bytes k = concat({{uint8_t(store.type == I32 ? 0x41 : 0x42)}, sleb(value)});
      for (bool constant_address : {false, true}) {
        for (uint32_t address : addresses) {
          // address (local 0 + 4, or a constant) then the constant, stored; against the constant
          // passed in local 1.
          const Bytes at = constant_address ? concat({{0x41}, sleb32(int32_t(address))}) : Bytes{0x20, 0x00, 0x41, 0x04, 0x6A};
          const Bytes bytes = with_locals({I32, store.type}, {}, store.type, concat({at, k, memarg(store.opcode, 2), {0x0B}}));
          Instance fused(bytes);
          Instance slot(with_locals({I32, store.type}, {}, store.type, concat({at, {0x20, 0x01}, memarg(store.opcode, 2), {0x0B}})));
          ASSERT_TRUE(fused.instance && slot.instance);
          // An i64 constant beyond 32 bits signed has no field to ride in: it stays a const64.
          EXPECT_EQ(fused.uses(exec::HandlerId::const64), value != int64_t(int32_t(value)));
          exec::Slot fused_slots[2] = {address, 0}, slot_slots[2] = {address, uint64_t(value)};
          const exec::TrapKind trap = exec::invoke(fused.context, *fused.instance->functions[0], fused_slots);
          ASSERT_EQ(trap, exec::invoke(slot.context, *slot.instance->functions[0], slot_slots)) << address;
          EXPECT_TRUE(fused.memory() == slot.memory()) << "opcode " << int(store.opcode) << " value " << value;
          if (trap != exec::TrapKind::None)
            EXPECT_EQ(bytes[fused.code().wasm_offset_at(fused.context.trap_pc)], store.opcode);
        }
      }
    }
  }
}

}  // namespace
}  // namespace wasmprof
