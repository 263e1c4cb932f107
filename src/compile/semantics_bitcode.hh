// The LLVM bitcode of semantics.cc (the interpreter's scalar semantics as functions), which the
// build compiles with clang and links into the library as bytes.
#pragma once

#include <string_view>

namespace wasmprof::compile {

std::string_view semantics_bitcode();

}  // namespace wasmprof::compile
