// The wasmprof C++ embedding API, shaped like Wasmtime's: Engine, Module, Store, Linker,
// Instance, Func, Memory, Table, Global, Trap and WasmBacktrace.
#pragma once

#include "wasmprof/engine.hh"
#include "wasmprof/extern.hh"
#include "wasmprof/host_function.hh"
#include "wasmprof/linker.hh"
#include "wasmprof/module.hh"
#include "wasmprof/result.hh"
#include "wasmprof/store.hh"
#include "wasmprof/trap.hh"
#include "wasmprof/types.hh"
#include "wasmprof/val.hh"
