#include "profile/views/stack_paths.hh"

#include <algorithm>

namespace wasmprof::profile {
namespace {

Error invalid(const std::string& what) {
  Error error;
  error.kind = ErrorKind::Invalid;
  error.message = "inconsistent profile: " + what;
  return error;
}

}  // namespace

Result<Ok> check_stack_tables(const ProfileData& data) {
  for (size_t i = 0; i < data.frames.size(); ++i)
    if (data.frames[i].function >= data.functions.size())
      return invalid("frame " + std::to_string(i) + " names function " + std::to_string(data.frames[i].function));
  for (size_t i = 0; i < data.stacks.size(); ++i) {
    const ProfileStack& stack = data.stacks[i];
    if (stack.frame >= data.frames.size())
      return invalid("stack " + std::to_string(i) + " names frame " + std::to_string(stack.frame));
    // A prefix later than the stack itself could form a cycle; the prefix tree never needs one.
    if (stack.prefix != kNoIndex && stack.prefix >= i)
      return invalid("stack " + std::to_string(i) + " has prefix " + std::to_string(stack.prefix));
  }
  for (size_t i = 0; i < data.samples.size(); ++i)
    if (data.samples[i].stack != kNoIndex && data.samples[i].stack >= data.stacks.size())
      return invalid("sample " + std::to_string(i) + " names stack " + std::to_string(data.samples[i].stack));
  return Ok{};
}

std::vector<uint32_t> frames_outermost_first(const ProfileData& data, uint32_t stack) {
  std::vector<uint32_t> frames;
  for (; stack != kNoIndex; stack = data.stacks[stack].prefix) frames.push_back(data.stacks[stack].frame);
  std::reverse(frames.begin(), frames.end());
  return frames;
}

std::vector<uint32_t> functions_outermost_first(const ProfileData& data, uint32_t stack) {
  std::vector<uint32_t> functions = frames_outermost_first(data, stack);
  for (uint32_t& entry : functions) entry = data.frames[entry].function;
  return functions;
}

}  // namespace wasmprof::profile
