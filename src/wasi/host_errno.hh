// The spec's mapping from a host (Linux) errno to a preview1 Errno.
#pragma once

#include "wasi/wasi.hh"

namespace wasmprof::wasi {

// errno values with no preview1 counterpart become Errno::Io.
Errno errno_from_host(int host_errno);

}  // namespace wasmprof::wasi
