// One function's samples per code address and per source line: what an annotated listing of its
// instructions (`report --asm`) or of its source (`report --source`) shows, as perf annotate
// does, and what the Firefox Profiler's assembly and source views count.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "profile/data/profile_data.hh"

namespace wasmprof::profile {

struct FunctionHeat {
  uint32_t function = kNoIndex;  // index into ProfileData::functions
  uint64_t samples = 0;          // weight of every sample (the profile's total)
  // Samples whose innermost frame is this function: its self samples.
  uint64_t self = 0;
  // Samples whose innermost code address lies in this function's code: its self samples and
  // those of the functions inlined into it (which share its addresses), by that address.
  uint64_t in_code = 0;
  std::map<uint32_t, uint64_t> in_code_at_address;
  // By the line of this function's frame: self samples, and samples with the function anywhere
  // on the stack (once per sample and line, so recursion does not count twice).
  std::map<uint32_t, uint64_t> self_at_line;
  std::map<uint32_t, uint64_t> total_at_line;
  uint64_t total = 0;  // samples with the function anywhere on the stack
};

// The functions of the profile named exactly `name`, most self samples first (a name may be in
// two modules, or be a host function's).
std::vector<uint32_t> functions_named(const ProfileData& data, std::string_view name);

FunctionHeat function_heat(const ProfileData& data, uint32_t function);

// One instruction of a listing: its module offset, its nesting and its text.
struct ListedInstruction {
  uint32_t address = 0;
  uint32_t depth = 0;
  std::string text;
};

// The samples of `heat.in_code_at_address` per instruction: each address counts on the last
// instruction that starts at or before it (the instruction it lies in), as the Firefox
// Profiler's assembly view counts; `outside` gets the addresses before the first instruction or
// past `code_end`. The counts and `outside` add up to heat.in_code.
struct InstructionSamples {
  std::vector<uint64_t> per_instruction;
  uint64_t outside = 0;
};
InstructionSamples samples_per_instruction(const FunctionHeat& heat, const std::vector<ListedInstruction>& listing,
                                           uint32_t code_end);

// `report --asm`: a header, then one line per instruction: its share of the samples in the
// function's code, the samples, its module offset and its text indented by its depth.
std::string format_annotated_instructions(const ProfileData& data, const FunctionHeat& heat,
                                          const std::vector<ListedInstruction>& listing, uint32_t code_end);

// `report --source`: a header, then the function's source lines (from the first line its frames
// or definition name to the last, with two lines around; long cold stretches elided): each with
// its self samples' share of the function's, its total share of the profile, its self samples,
// its number and its text (empty when `source` is null: counts only).
std::string format_annotated_source(const ProfileData& data, const FunctionHeat& heat, const std::string* source);

}  // namespace wasmprof::profile
