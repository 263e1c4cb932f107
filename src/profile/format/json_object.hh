// A flat JSON object as a map, for the small requests a symbol server is sent (`wasmprof view`'s
// /source/v1 and /asm/v1): the callers see no JSON library.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "wasmprof/result.hh"

namespace wasmprof::profile {

// The members of a JSON object whose values are strings, numbers, booleans or null: strings as
// their text, the others as written ("12", "true", "null"). Anything else (not JSON, not an
// object, a member that is an array or an object) is an error of kind Malformed saying what.
Result<std::map<std::string, std::string>> read_flat_json_object(std::string_view text);

}  // namespace wasmprof::profile
