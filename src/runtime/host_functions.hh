// Host functions in a store: the trampoline between the interpreter's HostCallback and the
// API's RawHostFunction, which runs the call hooks and turns errors into traps.
#pragma once

#include <memory>
#include <string>

#include "runtime/store_state.hh"
#include "wasmprof/extern.hh"

namespace wasmprof::detail {

exec::FunctionInstance* add_host_function(StoreState& store, const FuncType& type,
                                          std::shared_ptr<const RawHostFunction> callback, std::string module_name,
                                          std::string name);

// A RawHostFunction that converts slots to and from Vals around `callback`.
RawHostFunction raw_from_dynamic(FuncType type, HostFunction callback);

}  // namespace wasmprof::detail
