// Bounds-checked access to a guest's linear memory. Every pointer and length a guest passes goes
// through here; a range that does not lie wholly inside memory (overflow included) is Fault.
#pragma once

#include <cstdint>
#include <algorithm>
#include <climits>
#include <sys/uio.h>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "wasi/wasi.hh"

namespace wasmprof::wasi {

// The bytes [ptr, ptr + len) of memory, or nothing if any of them is outside it. ptr and len are
// 64-bit so that ptr + len cannot wrap for 32-bit guest values.
inline std::optional<std::span<uint8_t>> guest_range(GuestMemory memory, uint64_t ptr, uint64_t len) {
  if (ptr > memory.size || len > memory.size - ptr) return std::nullopt;
  return std::span<uint8_t>(memory.data + ptr, static_cast<size_t>(len));
}

template <class T>
bool load(GuestMemory memory, uint64_t ptr, T& out) {
  auto range = guest_range(memory, ptr, sizeof(T));
  if (!range) return false;
  std::memcpy(&out, range->data(), sizeof(T));  // wasm memory is little-endian, as is the host
  return true;
}

template <class T>
bool store(GuestMemory memory, uint64_t ptr, T value) {
  auto range = guest_range(memory, ptr, sizeof(T));
  if (!range) return false;
  std::memcpy(range->data(), &value, sizeof(T));
  return true;
}

// Writes into a struct already known to fit (its whole range was checked).
template <class T>
void put(std::span<uint8_t> bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}
template <class T>
T get(std::span<const uint8_t> bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

// A guest string (path, name): its bytes, or nothing if out of bounds.
inline std::optional<std::string_view> guest_string(GuestMemory memory, uint64_t ptr, uint64_t len) {
  auto range = guest_range(memory, ptr, len);
  if (!range) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(range->data()), range->size());
}

// An iovec array turned into host buffers, every one checked.
inline std::optional<std::vector<std::span<uint8_t>>> guest_iovecs(GuestMemory memory, uint64_t iovs,
                                                                   uint64_t count) {
  auto array = guest_range(memory, iovs, count * 8);  // count < 2^32, so this cannot overflow
  if (!array) return std::nullopt;
  std::vector<std::span<uint8_t>> buffers;
  buffers.reserve(static_cast<size_t>(count));
  for (uint64_t i = 0; i < count; ++i) {
    auto buffer = guest_range(memory, get<uint32_t>(*array, i * 8), get<uint32_t>(*array, i * 8 + 4));
    if (!buffer) return std::nullopt;
    buffers.push_back(*buffer);
  }
  return buffers;
}

// The guest's iovecs as host iovecs. Kept to IOV_MAX entries and to a total a u32 count can
// report: a short transfer is allowed by the ABI, where the host would otherwise fail outright.
inline std::optional<std::vector<iovec>> host_iovecs(GuestMemory memory, uint32_t iovs, uint32_t iovs_len) {
  auto buffers = guest_iovecs(memory, iovs, iovs_len);
  if (!buffers) return std::nullopt;
  std::vector<iovec> host;
  uint64_t total = 0;
  for (std::span<uint8_t> buffer : *buffers) {
    if (host.size() == IOV_MAX) break;
    const uint64_t room = UINT32_MAX - total;
    const size_t len = static_cast<size_t>(std::min<uint64_t>(buffer.size(), room));
    host.push_back(iovec{buffer.data(), len});
    total += len;
    if (total == UINT32_MAX) break;
  }
  return host;
}

}  // namespace wasmprof::wasi
