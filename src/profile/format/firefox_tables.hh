// What the Firefox writer derives from ProfileData before writing: the category list, the
// native symbol of every frame, the sources table and the end of the profiled range. Kept
// apart from the JSON emission so each can be read (and tested through the writer) alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile/data/profile_data.hh"

namespace wasmprof::profile {

struct Category {
  std::string name;
  std::string_view color;
};

// Category 0 is the frontend's default category (the first grey one): stacks without a
// category fall back to it. Guest frames get their own category; the categories of marker kinds
// follow in order of first appearance.
constexpr uint32_t kWasmCategory = 1;

struct CategoryAssignment {
  std::vector<Category> categories;
  std::vector<uint32_t> of_marker_kind;
};

CategoryAssignment assign_categories(const ProfileData& data);

// The nativeSymbols table: one symbol per function that has outermost (inline depth 0) frames.
// Inlined frames share the address of their outer frame and, as the frontend expects, its
// symbol: the code at that address belongs to the outer function.
struct NativeSymbols {
  std::vector<uint32_t> function;               // per symbol: the function it names
  std::vector<uint32_t> address;                // per symbol: module-relative start
  std::vector<std::optional<uint32_t>> size;    // per symbol: code size, when known
  std::vector<uint32_t> of_frame;               // per frame: symbol index, or kNoIndex
};

NativeSymbols build_native_symbols(const ProfileData& data);

// The sources table: one entry per distinct file name of a function, in order of first use.
struct SourceFiles {
  std::vector<std::string_view> files;  // views into ProfileData
  std::vector<uint32_t> of_function;    // per function: source index, or kNoIndex
};

SourceFiles collect_source_files(const ProfileData& data);

// The end of the profiled range. The frontend treats profilingEndTime as exclusive and
// silently drops samples at or after it, so it must lie beyond the last sample (which stands
// for the interval that follows it) and the last marker.
double profiling_end_time(const ProfileData& data);

}  // namespace wasmprof::profile
