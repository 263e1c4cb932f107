#include "profile/views/views.hh"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

namespace wasmprof::profile {
namespace {

std::string percent(double part, double whole) {
  char text[16];
  std::snprintf(text, sizeof text, "%6.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
  return text;
}

std::string display_name(const ProfileData& data, uint32_t function) {
  const ProfileFunction& entry = data.functions[function];
  if (entry.module != kNoIndex && entry.module < data.modules.size())
    return entry.name + "  [" + data.modules[entry.module].name + "]";
  return entry.name + "  [host]";
}

// The functions of a stack, outermost first.
std::vector<uint32_t> functions_of(const ProfileData& data, uint32_t stack) {
  std::vector<uint32_t> functions;
  for (; stack != kNoIndex; stack = data.stacks[stack].prefix)
    functions.push_back(data.frames[data.stacks[stack].frame].function);
  std::reverse(functions.begin(), functions.end());
  return functions;
}

// What a report row or tree node stands for: a function, or with lines, a line of a function.
uint64_t row_key(uint32_t function, uint32_t line) { return (uint64_t(function) << 32) | line; }
uint32_t function_of(uint64_t key) { return uint32_t(key >> 32); }
uint32_t line_of(uint64_t key) { return uint32_t(key); }

// The rows of a stack, outermost first.
std::vector<uint64_t> rows_of(const ProfileData& data, uint32_t stack, bool lines) {
  std::vector<uint64_t> rows;
  for (; stack != kNoIndex; stack = data.stacks[stack].prefix) {
    const ProfileFrame& frame = data.frames[data.stacks[stack].frame];
    rows.push_back(row_key(frame.function, lines ? frame.line : 0));
  }
  std::reverse(rows.begin(), rows.end());
  return rows;
}

// "hot.c:22": the last component of the file, as perf's srcline shows it; "?" for what is unknown.
std::string source_line(const ProfileData& data, uint64_t key) {
  const std::string& file = data.functions[function_of(key)].file;
  const size_t slash = file.find_last_of("/\\");
  std::string text = file.empty() ? "?" : slash == std::string::npos ? file : file.substr(slash + 1);
  return text + ":" + (line_of(key) == 0 ? "?" : std::to_string(line_of(key)));
}

std::string display_row(const ProfileData& data, uint64_t key, bool lines) {
  const std::string name = display_name(data, function_of(key));
  return lines ? source_line(data, key) + "  " + name : name;
}

struct TreeNode {
  uint64_t total = 0;
  uint64_t self = 0;
  std::map<uint64_t, TreeNode> children;  // by row_key
};

void print_tree(const ProfileData& data, const TreeNode& node, uint64_t all, const ReportOptions& options,
                const std::string& indent, std::string& out) {
  std::vector<std::pair<uint64_t, const TreeNode*>> children;
  for (const auto& [key, child] : node.children) children.emplace_back(key, &child);
  std::sort(children.begin(), children.end(),
            [](const auto& a, const auto& b) { return a.second->total > b.second->total; });
  for (const auto& [key, child] : children) {
    if (100.0 * double(child->total) / double(all) < options.min_percent) continue;
    out += percent(double(child->total), double(all)) + " " + percent(double(child->self), double(all)) + "  " +
           indent + display_row(data, key, options.lines) + "\n";
    print_tree(data, *child, all, options, indent + "  ", out);
  }
}

}  // namespace

std::string format_report(const ProfileData& data, const ReportOptions& options) {
  uint64_t all = 0, outside = 0;
  std::map<uint64_t, uint64_t> self, total;
  TreeNode root;
  for (const ProfileSample& sample : data.samples) {
    all += sample.weight;
    if (sample.stack == kNoIndex) {
      outside += sample.weight;
      continue;
    }
    const std::vector<uint64_t> rows = rows_of(data, sample.stack, options.lines);
    self[rows.back()] += sample.weight;
    // A recursive function (or line) counts once per sample in its total.
    for (uint64_t row : std::set<uint64_t>(rows.begin(), rows.end())) total[row] += sample.weight;
    TreeNode* node = &root;
    for (uint64_t row : rows) {
      node = &node->children[row];
      node->total += sample.weight;
    }
    node->self += sample.weight;
  }

  std::string out = "# " + data.name + ": " + std::to_string(all) + " samples";
  if (outside > 0) out += " (" + std::to_string(outside) + " outside the profiled modules)";
  out += "\n";
  if (all == 0) return out;
  if (options.tree) {
    out += "# Total%   Self%  Call tree\n";
    print_tree(data, root, all, options, "", out);
    return out;
  }
  std::vector<std::pair<uint64_t, uint64_t>> ranked;  // (self, row)
  for (const auto& [row, count] : total) ranked.emplace_back(self.count(row) ? self.at(row) : 0, row);
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : total.at(a.second) > total.at(b.second);
  });
  out += options.lines ? "#  Self%  Total%   Samples  Line  Function\n" : "#  Self%  Total%   Samples  Function\n";
  for (size_t i = 0; i < std::min(options.top, ranked.size()); ++i) {
    const auto [self_count, row] = ranked[i];
    char samples[24];
    std::snprintf(samples, sizeof samples, "%9llu", static_cast<unsigned long long>(self_count));
    out += percent(double(self_count), double(all)) + " " + percent(double(total.at(row)), double(all)) + " " +
           samples + "  " + display_row(data, row, options.lines) + "\n";
  }
  return out;
}

std::string collapsed_stacks(const ProfileData& data) {
  std::map<uint32_t, uint64_t> per_stack;
  for (const ProfileSample& sample : data.samples)
    if (sample.stack != kNoIndex) per_stack[sample.stack] += sample.weight;
  std::map<std::string, uint64_t> lines;  // sorted, as the tools expect
  for (const auto& [stack, count] : per_stack) {
    std::string line;
    for (uint32_t function : functions_of(data, stack)) {
      if (!line.empty()) line += ';';
      std::string name = data.functions[function].name;
      std::replace(name.begin(), name.end(), ';', ':');
      std::replace(name.begin(), name.end(), '\n', ' ');
      line += name;
    }
    lines[line] += count;
  }
  std::string out;
  for (const auto& [line, count] : lines) out += line + " " + std::to_string(count) + "\n";
  return out;
}

}  // namespace wasmprof::profile
