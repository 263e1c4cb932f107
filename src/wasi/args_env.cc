// args_* and environ_*: both lay out a list of strings the same way, a u32 pointer per string
// into a buffer of NUL-terminated strings.
#include <vector>

#include "wasi/calls.hh"
#include "wasi/guest_memory.hh"

namespace wasmprof::wasi::calls {
namespace {

uint64_t buffer_size(const std::vector<std::string>& strings) {
  uint64_t size = 0;
  for (const std::string& s : strings) size += s.size() + 1;
  return size;
}

Errno write_sizes(Mem memory, const std::vector<std::string>& strings, uint32_t count_out, uint32_t size_out) {
  // The sizes are u32 in the ABI; the embedder's config is what would overflow, not the guest.
  const uint64_t size = buffer_size(strings);
  if (strings.size() > UINT32_MAX || size > UINT32_MAX) return Errno::Overflow;
  if (!store(memory, count_out, static_cast<uint32_t>(strings.size()))) return Errno::Fault;
  if (!store(memory, size_out, static_cast<uint32_t>(size))) return Errno::Fault;
  return Errno::Success;
}

Errno write_strings(Mem memory, const std::vector<std::string>& strings, uint32_t pointers, uint32_t buffer) {
  auto pointer_bytes = guest_range(memory, pointers, uint64_t{4} * strings.size());
  auto buffer_bytes = guest_range(memory, buffer, buffer_size(strings));
  if (!pointer_bytes || !buffer_bytes) return Errno::Fault;
  uint64_t offset = 0;
  for (size_t i = 0; i < strings.size(); ++i) {
    put<uint32_t>(*pointer_bytes, i * 4, static_cast<uint32_t>(buffer + offset));
    std::memcpy(buffer_bytes->data() + offset, strings[i].data(), strings[i].size());
    buffer_bytes->data()[offset + strings[i].size()] = 0;
    offset += strings[i].size() + 1;
  }
  return Errno::Success;
}

}  // namespace

Errno args_sizes_get(Ctx context, Mem memory, uint32_t argc_out, uint32_t argv_buf_size_out) {
  return write_sizes(memory, context.config().args, argc_out, argv_buf_size_out);
}

Errno args_get(Ctx context, Mem memory, uint32_t argv, uint32_t argv_buf) {
  return write_strings(memory, context.config().args, argv, argv_buf);
}

Errno environ_sizes_get(Ctx context, Mem memory, uint32_t count_out, uint32_t buf_size_out) {
  return write_sizes(memory, context.config().env, count_out, buf_size_out);
}

Errno environ_get(Ctx context, Mem memory, uint32_t environ, uint32_t environ_buf) {
  return write_strings(memory, context.config().env, environ, environ_buf);
}

}  // namespace wasmprof::wasi::calls
