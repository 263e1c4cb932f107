// Names come from a guest's name section and may be any bytes; formats that require UTF-8
// (XML, proto3 strings) get a repaired copy instead.
#pragma once

#include <string>
#include <string_view>

namespace wasmprof::profile {

// `text` with every byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and values beyond U+10FFFF included) replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

}  // namespace wasmprof::profile
