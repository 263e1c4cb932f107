#include "exec/instance.hh"

#include <algorithm>

#include "exec/native_code.hh"

namespace wasmprof::exec {

void FunctionInstance::set_code(const CompiledFunction* new_code) {
  code = new_code;
  native = new_code != nullptr ? native_entry(*new_code) : nullptr;
  native_body = native != nullptr ? new_code->native_body : nullptr;
}

uint32_t MemoryInstance::grow(uint32_t delta_pages) {
  const uint32_t old_pages = pages();
  const uint64_t new_pages = uint64_t(old_pages) + delta_pages;
  uint64_t limit = std::min<uint64_t>(max_pages_limit, kMaxPages);
  if (type.limits.max) limit = std::min<uint64_t>(limit, *type.limits.max);
  if (new_pages > limit) return UINT32_MAX;
  // The host out of address space or memory: the guest sees a failed grow, as the spec allows.
  if (!bytes.grow_to(new_pages * kPageSize)) return UINT32_MAX;
  return old_pages;
}

uint32_t TableInstance::grow(uint32_t delta, Ref init) {
  const uint32_t old_size = size();
  const uint64_t new_size = uint64_t(old_size) + delta;
  uint64_t limit = max_size_limit;
  if (type.limits.max) limit = std::min<uint64_t>(limit, *type.limits.max);
  if (new_size > limit) return UINT32_MAX;
  try {
    elements.resize(new_size, init);
  } catch (const std::bad_alloc&) {
    return UINT32_MAX;
  }
  return old_size;
}

}  // namespace wasmprof::exec
