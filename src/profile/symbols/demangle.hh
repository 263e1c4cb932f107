// Turns a symbol from a module's name section into the name a person reads: Itanium C++
// (clang, emscripten), Rust legacy (_ZN...17h<hash>E) and Rust v0 (_R...) mangling. Anything
// else, or anything that does not decode cleanly, comes back unchanged.
#pragma once

#include <string>
#include <string_view>

namespace wasmprof::profile {

std::string demangle(std::string_view symbol);

}  // namespace wasmprof::profile
