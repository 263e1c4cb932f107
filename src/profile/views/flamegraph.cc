#include "profile/views/flamegraph.hh"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "profile/views/flamegraph_script.hh"
#include "profile/views/stack_paths.hh"
#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

constexpr double kFontSize = 12;
constexpr double kCharWidth = kFontSize * 0.59;  // a Verdana-like average advance

// A call path: the same function under different callers is a different node.
struct PathNode {
  uint32_t function = kNoIndex;  // kNoIndex: the "all" root
  uint64_t samples = 0;
  std::map<uint32_t, uint32_t> children;  // function -> node index
};

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// UTF-8-repaired text safe inside XML character data and attribute values; control characters
// XML 1.0 cannot carry become U+FFFD.
std::string xml_text(std::string_view raw) {
  std::string out;
  for (char c : repair_utf8(raw)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (uint8_t(c) < 0x20 && c != '\t') out += "\xEF\xBF\xBD";
        else out += c;
    }
  }
  return out;
}

// The first `count` code points of valid UTF-8.
std::string first_code_points(const std::string& text, size_t count) {
  size_t i = 0;
  for (; i < text.size() && count > 0; --count) {
    ++i;
    while (i < text.size() && (uint8_t(text[i]) & 0xC0) == 0x80) ++i;
  }
  return text.substr(0, i);
}

size_t code_points(const std::string& text) {
  return size_t(std::count_if(text.begin(), text.end(), [](char c) { return (uint8_t(c) & 0xC0) != 0x80; }));
}

// The label drawn in a frame `width` pixels wide: the name, cut with ".." to fit, or nothing.
std::string label(const std::string& name, double width) {
  const double room = (width - 6) / kCharWidth;
  if (room < 3) return "";
  const size_t fits = size_t(room);
  if (code_points(name) <= fits) return name;
  return first_code_points(name, fits - 2) + "..";
}

uint32_t fnv1a(const std::string& text) {
  uint32_t hash = 2166136261u;
  for (char c : text) hash = (hash ^ uint8_t(c)) * 16777619u;
  return hash;
}

// Warm colours for guest functions, blues for host functions, grey for the root; the same
// name always gets the same colour, so two graphs of one program compare at a glance.
std::string colour(const ProfileData& data, uint32_t function) {
  if (function == kNoIndex) return "rgb(200,200,200)";
  const ProfileFunction& entry = data.functions[function];
  const uint32_t hash = fnv1a(entry.name);
  const unsigned a = hash & 0xFF, b = (hash >> 8) & 0xFF, c = (hash >> 16) & 0xFF;
  char text[32];
  if (entry.module == kNoIndex)
    std::snprintf(text, sizeof text, "rgb(%u,%u,%u)", 80 + a % 50, 140 + b % 60, 205 + c % 50);
  else
    std::snprintf(text, sizeof text, "rgb(%u,%u,%u)", 205 + a % 50, b % 230, c % 55);
  return text;
}

}  // namespace

Result<std::string> flamegraph_svg(const ProfileData& data, const FlamegraphOptions& options) {
  if (options.width < 200 || options.width > 100000) {
    Error error;
    error.kind = ErrorKind::Usage;
    error.message = "flame graph width " + std::to_string(options.width) + " is outside 200..100000 pixels";
    return error;
  }
  if (Result<Ok> checked = check_stack_tables(data); !checked) return checked.error();

  std::vector<PathNode> nodes(1);
  uint64_t outside = 0;
  for (const ProfileSample& sample : data.samples) {
    if (sample.stack == kNoIndex) {
      outside += sample.weight;
      continue;
    }
    uint32_t node = 0;
    nodes[0].samples += sample.weight;
    for (uint32_t function : functions_outermost_first(data, sample.stack)) {
      auto [it, inserted] = nodes[node].children.try_emplace(function, uint32_t(nodes.size()));
      if (inserted) nodes.push_back(PathNode{function, 0, {}});
      node = it->second;
      nodes[node].samples += sample.weight;
    }
  }
  const uint64_t total = nodes[0].samples;
  const double plot_width = double(options.width - 2 * kFlamegraphSideSpace);

  // Lay out depth-first with an explicit stack (stacks can be thousands deep); siblings by name.
  struct Placed {
    uint32_t node;
    uint32_t depth;
    uint64_t start;  // in samples from the left edge
  };
  std::vector<Placed> placed, pending{{0, 0, 0}};
  uint32_t deepest = 0;
  while (!pending.empty()) {
    const Placed current = pending.back();
    pending.pop_back();
    const double width = total > 0 ? double(nodes[current.node].samples) / double(total) * plot_width : 0;
    if (current.node != 0 && width < options.min_frame_width) continue;
    placed.push_back(current);
    deepest = std::max(deepest, current.depth);
    std::vector<uint32_t> children;
    for (const auto& [function, child] : nodes[current.node].children) children.push_back(child);
    std::sort(children.begin(), children.end(), [&](uint32_t a, uint32_t b) {
      const std::string& name_a = data.functions[nodes[a].function].name;
      const std::string& name_b = data.functions[nodes[b].function].name;
      return name_a != name_b ? name_a < name_b : nodes[a].function < nodes[b].function;
    });
    uint64_t start = current.start;
    std::vector<Placed> in_order;
    for (uint32_t child : children) {
      in_order.push_back(Placed{child, current.depth + 1, start});
      start += nodes[child].samples;
    }
    pending.insert(pending.end(), in_order.rbegin(), in_order.rend());
  }

  const uint32_t height = kFlamegraphTopSpace + (deepest + 1) * kFlamegraphFrameHeight + kFlamegraphBottomSpace;
  const std::string title = options.title.empty() ? "Flame graph of " + data.name : options.title;
  std::string subtitle = std::to_string(total) + " samples";
  if (data.interval_ms > 0) subtitle += ", one every " + number(data.interval_ms) + " ms";
  if (outside > 0) subtitle += "; " + std::to_string(outside) + " more outside the profiled modules, not shown";

  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + std::to_string(options.width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(options.width) + " " +
         std::to_string(height) + "\" data-total=\"" + std::to_string(total) + "\" data-side=\"" +
         std::to_string(kFlamegraphSideSpace) + "\" data-char-width=\"" + number(kCharWidth) +
         "\" font-family=\"Verdana, DejaVu Sans, sans-serif\" font-size=\"" + number(kFontSize) + "\">\n";
  svg += "<style>g.frame:hover rect { stroke: black; stroke-width: 0.5; } g.frame { cursor: pointer; }"
         " text { pointer-events: none; }</style>\n";
  svg += "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"rgb(250,250,245)\"/>\n";
  const std::string middle = std::to_string(options.width / 2);
  svg += "<text x=\"" + middle + "\" y=\"24\" text-anchor=\"middle\" font-size=\"17\">" + xml_text(title) + "</text>\n";
  svg += "<text x=\"" + middle + "\" y=\"44\" text-anchor=\"middle\" fill=\"rgb(90,90,90)\">" + xml_text(subtitle) +
         "</text>\n";
  svg += "<text id=\"reset\" x=\"" + std::to_string(kFlamegraphSideSpace) + "\" y=\"24\" opacity=\"0\">Reset zoom</text>\n";
  svg += "<text id=\"search\" x=\"" + std::to_string(options.width - kFlamegraphSideSpace) +
         "\" y=\"24\" text-anchor=\"end\">Search</text>\n";
  svg += "<text id=\"matched\" x=\"" + std::to_string(options.width - kFlamegraphSideSpace) + "\" y=\"" +
         std::to_string(height - 10) + "\" text-anchor=\"end\"> </text>\n";
  svg += "<text id=\"details\" x=\"" + std::to_string(kFlamegraphSideSpace) + "\" y=\"" + std::to_string(height - 10) +
         "\"> </text>\n";

  for (const Placed& frame : placed) {
    const PathNode& node = nodes[frame.node];
    const std::string name = frame.node == 0 ? "all" : xml_text(data.functions[node.function].name);
    const double x = double(kFlamegraphSideSpace) + (total > 0 ? double(frame.start) / double(total) * plot_width : 0);
    const double width = total > 0 ? double(node.samples) / double(total) * plot_width : plot_width;
    const double y = double(height - kFlamegraphBottomSpace - (frame.depth + 1) * kFlamegraphFrameHeight);
    const double share = total > 0 ? 100.0 * double(node.samples) / double(total) : 0;
    svg += "<g class=\"frame\" data-name=\"" + name + "\" data-start=\"" + std::to_string(frame.start) +
           "\" data-samples=\"" + std::to_string(node.samples) + "\" data-depth=\"" + std::to_string(frame.depth) +
           "\">";
    svg += "<title>" + name + " (" + std::to_string(node.samples) + " samples, " + number(share) + "%)</title>";
    svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(width) + "\" height=\"" +
           std::to_string(kFlamegraphFrameHeight - 1) + "\" rx=\"2\" fill=\"" + colour(data, node.function) + "\"/>";
    // The label is cut from the unescaped name so an entity is never split.
    const std::string raw = frame.node == 0 ? "all" : repair_utf8(data.functions[node.function].name);
    svg += "<text x=\"" + number(x + 3) + "\" y=\"" + number(y + 11.5) + "\">" + xml_text(label(raw, width)) +
           "</text></g>\n";
  }
  svg += "<script type=\"text/ecmascript\"><![CDATA[";
  svg += kFlamegraphScript;
  svg += "]]></script>\n</svg>\n";
  return svg;
}

}  // namespace wasmprof::profile
