// The values of a script's actions and assertions (text/wast.hh's WastValue) as the runtime's
// slots: arguments to pass, and results to compare with what an assertion expects (bit
// patterns, "nan:canonical" / "nan:arithmetic", v128 lanes, references).
#pragma once

#include <string>
#include <vector>

#include "exec/instance.hh"
#include "text/wast.hh"

namespace wasmprof::spectest {

// How this runner represents `ref.extern N`: odd values, so never null and never a function.
exec::Ref extern_ref(uint64_t number);

// Appends the slots of an argument value (two for v128). Throws std::runtime_error for a value
// that cannot be an argument (`ref.func`).
void append_argument(const text::WastValue& value, std::vector<exec::Slot>& slots);

// Whether the result starting at slots[index] matches `expected`; advances index. On a
// mismatch, `detail` says what was expected and what was found.
bool result_matches(const text::WastValue& expected, const std::vector<exec::Slot>& slots, size_t& index,
                    std::string& detail);

}  // namespace wasmprof::spectest
