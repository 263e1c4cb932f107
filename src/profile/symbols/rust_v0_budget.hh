// How much work LLVM's Rust v0 demangler would do to print a symbol, bounded before it runs.
//
// LLVM (16, and later versions too) prints a backref by parsing its target again, and bounds
// neither that work nor its output: a symbol whose backrefs each name a tuple of two earlier
// backrefs doubles its output per level, so 60 levels (a few hundred bytes) would print 2^60
// tuples and never return. Names come from untrusted modules, so a symbol is handed to LLVM
// only when this check says its printing is cheap.
#pragma once

#include <cstddef>
#include <string_view>

namespace wasmprof::profile {

// Parse steps (bytes read, counting each re-parse of a backref's target, and each lifetime a
// binder prints) that printing the most expensive sane symbol takes: far above any symbol
// rustc writes, far below what a hostile one asks for.
inline constexpr size_t kRustV0PrintBudget = 100000;

// True when LLVM's v0 demangler, given `mangled` (starting with "_R", without a vendor
// suffix), does at most `budget` steps of work, or fails before.
bool rust_v0_printing_within_budget(std::string_view mangled, size_t budget = kRustV0PrintBudget);

}  // namespace wasmprof::profile
