// Lenient parsing of the `name` custom section (spec appendix 7.4): a malformed name section
// never rejects a module; what could be read is kept and the problem becomes a warning.
#pragma once

#include <string>
#include <vector>

#include "binary/module.hh"

namespace wasmprof {

// Fills `names` from the section's payload; returns a warning, or an empty string if all went well.
std::string parse_name_section(const DecodedModule& module, ByteRange payload, NameMap& names);

}  // namespace wasmprof
