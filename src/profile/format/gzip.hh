// gzip compression of a finished profile: the Firefox Profiler opens .json.gz directly, and
// profiles compress about tenfold.
#pragma once

#include <string>
#include <string_view>

#include "wasmprof/result.hh"

namespace wasmprof::profile {

Result<std::string> gzip_compress(std::string_view data);

}  // namespace wasmprof::profile
