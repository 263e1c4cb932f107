// The profile tests read what the writers wrote with RapidJSON, the project's JSON library.
// Parsing and printing live in json_test_support.cc (the one test file that instantiates them);
// the tests only read documents.
#pragma once

#include <rapidjson/document.h>

#include <ostream>
#include <string_view>

namespace wasmprof::profile::testing {

// `text` parsed with full-precision numbers; a parse error fails the current test (and gives null).
rapidjson::Document parse_json(std::string_view text);

}  // namespace wasmprof::profile::testing

namespace rapidjson {

// GoogleTest prints a value that failed a comparison as its JSON text.
void PrintTo(const Value& value, std::ostream* out);

}  // namespace rapidjson
