// The bytes of a linear memory: address space reserved once, pages made accessible as the memory
// grows and committed by the kernel only when first touched (ARCHITECTURE.md, "Linear memory is
// reserved, not allocated"). A memory of 4 GiB that the guest never touches costs the host no RSS.
#pragma once

#include <cstdint>
#include <span>

#include "wasmprof/result.hh"

namespace wasmprof::exec {

// How a memory's address space is laid out, from the most to the least a compiled tier can use.
enum class MemoryLayout : uint8_t {
  // The whole 32-bit index space plus a guard region, all reserved up front: the base never
  // moves, and any access at a 32-bit address plus an offset below the guard's size lands in
  // the reservation, so compiled code may leave out bounds checks and turn the fault into a trap.
  Guarded,
  // Exactly the largest size the memory may reach (its maximum, or the embedder's limit): the
  // base never moves, but accesses need explicit bounds checks (also the layout of memory64).
  Bounded,
  // Only the current size, remapped (and possibly moved) on each grow: for hosts without the
  // address space to spare (ulimit -v). Whoever caches the base reloads it after a grow.
  Movable,
};

// The embedder's choice of layout. A reservation that the host refuses falls back to the next
// layout down (Guarded, Bounded, Movable), so the policy never makes a memory fail to exist
// that the host could hold.
struct MemoryReservation {
  MemoryLayout preferred = MemoryLayout::Guarded;
  // Reserved past the 4 GiB of a Guarded memory. 4 GiB covers every i32 address plus any u32
  // offset (less the access's size); it costs address space only (a 64-bit host has 128 TiB).
  uint64_t guard_bytes = uint64_t(4) << 30;
};

class LinearMemory {
 public:
  static constexpr uint64_t kMax32BitBytes = uint64_t(1) << 32;

  LinearMemory() = default;  // no bytes and nothing reserved
  LinearMemory(LinearMemory&& other) noexcept;
  LinearMemory& operator=(LinearMemory&& other) noexcept;
  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;
  ~LinearMemory();  // unmaps the whole reservation

  // A memory of `initial_bytes` zeros that may grow to `maximum_bytes` (both multiples of the
  // wasm page size; maximum_bytes at most 4 GiB). ErrorKind::Limit if the host cannot provide
  // even the initial bytes in any layout.
  static Result<LinearMemory> create(uint64_t initial_bytes, uint64_t maximum_bytes,
                                     const MemoryReservation& policy = {});

  uint8_t* data() const { return base_; }
  uint64_t size() const { return size_; }
  // Where data() and size() are kept: compiled code reads them there again after anything that
  // may have grown the memory (exec/native_code.hh).
  uint8_t* const* data_address() const { return &base_; }
  const uint64_t* size_address() const { return &size_; }
  std::span<uint8_t> span() const { return {base_, static_cast<size_t>(size_)}; }
  MemoryLayout layout() const { return layout_; }
  uint64_t reserved_bytes() const { return reserved_; }  // address space held, accessible or not

  // Makes [size(), new_size) accessible and zero. False, with nothing changed, if new_size lies
  // past what the reservation allows or the host refuses the address space or the commitment.
  // Only a Movable memory's data() can change.
  bool grow_to(uint64_t new_size);

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t accessible_ = 0;  // bytes from base_ that are read/write: size_ rounded up to host pages
  uint64_t reserved_ = 0;    // bytes from base_ that are mapped (accessible or PROT_NONE)
  uint64_t maximum_ = 0;     // the size it may grow to
  MemoryLayout layout_ = MemoryLayout::Movable;

  void release();
};

}  // namespace wasmprof::exec
