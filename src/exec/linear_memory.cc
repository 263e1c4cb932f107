#include "exec/linear_memory.hh"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "support/error.hh"

namespace wasmprof::exec {

namespace {

uint64_t host_page_size() {
  static const uint64_t size = uint64_t(sysconf(_SC_PAGESIZE));
  return size;
}

uint64_t round_up_to_host_pages(uint64_t bytes) {
  const uint64_t page = host_page_size();
  return (bytes + page - 1) / page * page;
}

// Anonymous pages, zero until written and committed only when touched. MAP_NORESERVE keeps a
// reservation out of the commit charge (overcommit heuristics); PROT_NONE pages never count.
uint8_t* map_anonymous(uint64_t bytes, int protection) {
  void* address = mmap(nullptr, bytes, protection, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return address == MAP_FAILED ? nullptr : static_cast<uint8_t*>(address);
}

// The layout to try when `layout` cannot be had, or nothing after Movable.
bool next_layout(MemoryLayout& layout) {
  switch (layout) {
    case MemoryLayout::Guarded: layout = MemoryLayout::Bounded; return true;
    case MemoryLayout::Bounded: layout = MemoryLayout::Movable; return true;
    case MemoryLayout::Movable: return false;
  }
  return false;
}

}  // namespace

LinearMemory::LinearMemory(LinearMemory&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      accessible_(std::exchange(other.accessible_, 0)),
      reserved_(std::exchange(other.reserved_, 0)),
      maximum_(std::exchange(other.maximum_, 0)),
      layout_(other.layout_) {}

LinearMemory& LinearMemory::operator=(LinearMemory&& other) noexcept {
  if (this != &other) {
    release();
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
    accessible_ = std::exchange(other.accessible_, 0);
    reserved_ = std::exchange(other.reserved_, 0);
    maximum_ = std::exchange(other.maximum_, 0);
    layout_ = other.layout_;
  }
  return *this;
}

LinearMemory::~LinearMemory() { release(); }

void LinearMemory::release() {
  if (base_ && reserved_) munmap(base_, reserved_);
  base_ = nullptr;
  size_ = accessible_ = reserved_ = 0;
}

Result<LinearMemory> LinearMemory::create(uint64_t initial_bytes, uint64_t maximum_bytes,
                                          const MemoryReservation& policy) {
  if (maximum_bytes < initial_bytes) maximum_bytes = initial_bytes;
  const uint64_t accessible = round_up_to_host_pages(initial_bytes);
  int last_errno = 0;
  MemoryLayout layout = policy.preferred;
  do {
    LinearMemory memory;
    memory.layout_ = layout;
    memory.maximum_ = maximum_bytes;
    uint64_t reservation = 0;
    switch (layout) {
      case MemoryLayout::Guarded:
        if (maximum_bytes > kMax32BitBytes || policy.guard_bytes > UINT64_MAX - kMax32BitBytes) continue;
        reservation = round_up_to_host_pages(kMax32BitBytes + policy.guard_bytes);
        break;
      case MemoryLayout::Bounded: reservation = round_up_to_host_pages(maximum_bytes); break;
      case MemoryLayout::Movable: reservation = accessible; break;
    }
    if (reservation == 0) return memory;  // a Bounded or Movable memory of no bytes, for now
    memory.base_ = map_anonymous(reservation, layout == MemoryLayout::Movable ? PROT_READ | PROT_WRITE : PROT_NONE);
    if (!memory.base_) {
      last_errno = errno;
      continue;
    }
    memory.reserved_ = reservation;
    if (layout != MemoryLayout::Movable && accessible &&
        mprotect(memory.base_, accessible, PROT_READ | PROT_WRITE) != 0) {
      last_errno = errno;
      continue;  // `memory` unmaps its reservation
    }
    memory.accessible_ = accessible;
    memory.size_ = initial_bytes;
    return memory;
  } while (next_layout(layout));
  return make_error(ErrorKind::Limit, "cannot map a linear memory of " + std::to_string(initial_bytes) +
                                          " bytes: " + std::strerror(last_errno));
}

bool LinearMemory::grow_to(uint64_t new_size) {
  if (new_size < size_ || new_size > maximum_) return false;
  const uint64_t accessible = round_up_to_host_pages(new_size);
  if (accessible > accessible_) {
    if (layout_ == MemoryLayout::Movable) {
      // New anonymous pages, at the end of the old ones or wherever the kernel finds room for
      // the whole (mremap copies page tables, not bytes).
      void* moved = base_ ? mremap(base_, accessible_, accessible, MREMAP_MAYMOVE)
                          : map_anonymous(accessible, PROT_READ | PROT_WRITE);
      if (moved == MAP_FAILED || moved == nullptr) return false;
      base_ = static_cast<uint8_t*>(moved);
      reserved_ = accessible;
    } else {
      // Pages never made accessible before: still zero, so nothing is written here.
      if (accessible > reserved_) return false;
      if (mprotect(base_ + accessible_, accessible - accessible_, PROT_READ | PROT_WRITE) != 0) return false;
    }
    accessible_ = accessible;
  }
  size_ = new_size;
  return true;
}

}  // namespace wasmprof::exec
