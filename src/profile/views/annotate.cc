#include "profile/views/annotate.hh"

#include <algorithm>
#include <cstdio>
#include <set>

namespace wasmprof::profile {
namespace {

// The frame of the function whose code the innermost frame of `stack` runs in: the innermost
// frame itself, or the outermost of the inlined frames that share its address.
const ProfileFrame& code_owner(const ProfileData& data, uint32_t stack) {
  while (data.frames[data.stacks[stack].frame].inline_depth != 0 && data.stacks[stack].prefix != kNoIndex)
    stack = data.stacks[stack].prefix;
  return data.frames[data.stacks[stack].frame];
}

std::string percent(uint64_t part, uint64_t whole) {
  char text[16];
  std::snprintf(text, sizeof text, "%6.1f%%", whole > 0 ? 100.0 * double(part) / double(whole) : 0.0);
  return text;
}

std::string count(uint64_t value, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "%*llu", width, static_cast<unsigned long long>(value));
  return text;
}

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%06x", value);
  return text;
}

std::string header(const ProfileData& data, const FunctionHeat& heat) {
  const ProfileFunction& function = data.functions[heat.function];
  std::string out = "# " + function.name;
  if (function.module != kNoIndex && function.module < data.modules.size())
    out += "  [" + data.modules[function.module].name + "]";
  out += ": " + std::to_string(heat.self) + " self samples of " + std::to_string(heat.samples) + " (" +
         percent(heat.self, heat.samples).substr(percent(heat.self, heat.samples).find_first_not_of(' ')) + "), " + std::to_string(heat.total) + " with it on the stack\n";
  return out;
}

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

uint64_t self_samples(const ProfileData& data, uint32_t function) {
  uint64_t self = 0;
  for (const ProfileSample& sample : data.samples)
    if (sample.stack != kNoIndex && data.frames[data.stacks[sample.stack].frame].function == function)
      self += sample.weight;
  return self;
}

}  // namespace

std::vector<uint32_t> functions_named(const ProfileData& data, std::string_view name) {
  std::vector<uint32_t> found;
  for (uint32_t i = 0; i < data.functions.size(); ++i)
    if (data.functions[i].name == name) found.push_back(i);
  std::vector<uint64_t> self(data.functions.size(), 0);
  for (uint32_t function : found) self[function] = self_samples(data, function);
  std::stable_sort(found.begin(), found.end(), [&](uint32_t a, uint32_t b) { return self[a] > self[b]; });
  return found;
}

FunctionHeat function_heat(const ProfileData& data, uint32_t function) {
  FunctionHeat heat;
  heat.function = function;
  std::set<uint32_t> lines_on_stack;
  for (const ProfileSample& sample : data.samples) {
    heat.samples += sample.weight;
    if (sample.stack == kNoIndex) continue;
    const ProfileFrame& leaf = data.frames[data.stacks[sample.stack].frame];
    if (leaf.function == function) {
      heat.self += sample.weight;
      heat.self_at_line[leaf.line] += sample.weight;
    }
    const ProfileFrame& owner = code_owner(data, sample.stack);
    if (owner.function == function) {
      heat.in_code += sample.weight;
      heat.in_code_at_address[leaf.address] += sample.weight;
    }
    lines_on_stack.clear();
    bool on_stack = false;
    for (uint32_t stack = sample.stack; stack != kNoIndex; stack = data.stacks[stack].prefix) {
      const ProfileFrame& frame = data.frames[data.stacks[stack].frame];
      if (frame.function != function) continue;
      on_stack = true;
      lines_on_stack.insert(frame.line);
    }
    if (on_stack) heat.total += sample.weight;
    for (uint32_t line : lines_on_stack) heat.total_at_line[line] += sample.weight;
  }
  return heat;
}

InstructionSamples samples_per_instruction(const FunctionHeat& heat, const std::vector<ListedInstruction>& listing,
                                           uint32_t code_end) {
  InstructionSamples result;
  result.per_instruction.assign(listing.size(), 0);
  for (const auto& [address, samples] : heat.in_code_at_address) {
    auto after = std::upper_bound(listing.begin(), listing.end(), address,
                                  [](uint32_t value, const ListedInstruction& entry) { return value < entry.address; });
    if (after == listing.begin() || address >= code_end)
      result.outside += samples;
    else
      result.per_instruction[size_t(after - listing.begin()) - 1] += samples;
  }
  return result;
}

std::string format_annotated_instructions(const ProfileData& data, const FunctionHeat& heat,
                                          const std::vector<ListedInstruction>& listing, uint32_t code_end) {
  const InstructionSamples counted = samples_per_instruction(heat, listing, code_end);
  std::string out = header(data, heat);
  out += "# " + std::to_string(heat.in_code) + " samples in its code";
  if (heat.in_code != heat.self)
    out += " (" + std::to_string(heat.self) + " its own, " + std::to_string(heat.in_code - heat.self) +
           " of functions inlined into it)";
  out += ", per instruction:\n";
  out += "#  Share  Samples  Offset    Instruction\n";
  for (size_t i = 0; i < listing.size(); ++i) {
    const uint64_t samples = counted.per_instruction[i];
    out += (samples > 0 ? percent(samples, heat.in_code) : std::string(7, ' ')) + " " + count(samples, 8) + "  " +
           hex(listing[i].address) + "  " + std::string(2 * size_t(listing[i].depth), ' ') + listing[i].text + "\n";
  }
  if (counted.outside > 0)
    out += "# " + std::to_string(counted.outside) + " samples at addresses outside these instructions\n";
  return out;
}

std::string format_annotated_source(const ProfileData& data, const FunctionHeat& heat, const std::string* source) {
  const ProfileFunction& function = data.functions[heat.function];
  std::string out = header(data, heat);
  out += "# " + (function.file.empty() ? std::string("(no source file)") : function.file);
  if (source == nullptr) out += " (its text not found: counts only)";
  out += "\n";
  std::set<uint32_t> hot;
  for (const auto& [line, samples] : heat.total_at_line)
    if (line != 0) hot.insert(line);
  if (function.line != 0) hot.insert(function.line);
  const std::vector<std::string_view> text = source != nullptr ? split_lines(*source) : std::vector<std::string_view>();
  out += "#  Self%  Total%     Self   Line  Source\n";
  if (hot.empty()) return out + "# (no source lines: the guest had no DWARF)\n";
  constexpr uint32_t kContext = 2;
  const uint32_t first = *hot.begin() > kContext ? *hot.begin() - kContext : 1;
  uint32_t last = *hot.rbegin() + kContext;
  if (!text.empty()) last = std::min<uint32_t>(last, uint32_t(text.size()));
  bool elided = false;
  for (uint32_t line = first; line <= last; ++line) {
    // A line far from every sampled one is left out: a stretch of cold code is one "..." line.
    auto near = hot.lower_bound(line > kContext ? line - kContext : 0);
    if (near == hot.end() || *near > line + kContext) {
      if (!elided) out += "                                ...\n";
      elided = true;
      continue;
    }
    elided = false;
    const uint64_t self = heat.self_at_line.count(line) ? heat.self_at_line.at(line) : 0;
    const uint64_t total = heat.total_at_line.count(line) ? heat.total_at_line.at(line) : 0;
    out += (self > 0 ? percent(self, heat.self) : std::string(7, ' ')) + " " +
           (total > 0 ? percent(total, heat.samples) : std::string(7, ' ')) + " " + count(self, 8) + " " +
           count(line, 6) + "  " + (line <= text.size() ? std::string(text[line - 1]) : std::string()) + "\n";
  }
  if (heat.self_at_line.count(0)) out += "# " + std::to_string(heat.self_at_line.at(0)) + " self samples at no known line\n";
  return out;
}

}  // namespace wasmprof::profile
