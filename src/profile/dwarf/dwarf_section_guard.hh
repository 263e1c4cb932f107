// Checks of debug sections that Debian 12's libdwarf (20210528) cannot be trusted to reject
// safely: its .debug_rnglists loader frees a table header it failed to read and then keeps
// using it (a double free), so any header libdwarf would reject must never reach it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace wasmprof::profile {

// What is wrong with the first bad range list table header of a .debug_rnglists section, or
// nothing if every header is one libdwarf reads without error (32-bit DWARF, version 5, the
// wasm32 address size, all within the section).
std::optional<std::string> check_rnglists_headers(std::span<const uint8_t> section);

}  // namespace wasmprof::profile
