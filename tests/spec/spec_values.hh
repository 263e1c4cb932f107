// Values in wast2json's notation: {"type": "i32", "value": "4294967295"} (decimal bit patterns),
// "nan:canonical" / "nan:arithmetic" as expected floats, v128 as lanes, references as "null"
// or a host number.
#pragma once

#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "binary/types.hh"
#include "exec/instance.hh"

namespace wasmprof::spectest {

// How this runner represents `ref.extern N`: odd values, so never null and never a function.
exec::Ref extern_ref(uint64_t number);

ValueType value_type_of(const rapidjson::Value& value);

// Appends the slots of an argument value (two for v128). Throws std::runtime_error if malformed.
void append_argument(const rapidjson::Value& value, std::vector<exec::Slot>& slots);

// Whether the result starting at slots[index] matches `expected`; advances index. On a
// mismatch, `detail` says what was expected and what was found.
bool result_matches(const rapidjson::Value& expected, const std::vector<exec::Slot>& slots, size_t& index,
                    std::string& detail);

}  // namespace wasmprof::spectest
