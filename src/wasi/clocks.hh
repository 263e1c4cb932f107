// Preview1 clock ids on the host, shared by clock_* and poll_oneoff.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>

namespace wasmprof::wasi {

std::optional<clockid_t> host_clock(uint32_t clock_id);
// The clock's time in nanoseconds.
std::optional<uint64_t> clock_now(clockid_t clock);

}  // namespace wasmprof::wasi
