#include "profile/format/firefox_tables.hh"

#include <algorithm>
#include <iterator>
#include <unordered_map>

namespace wasmprof::profile {
namespace {

uint64_t module_address_key(uint32_t module, uint32_t address) { return (uint64_t(module) << 32) | address; }

}  // namespace

CategoryAssignment assign_categories(const ProfileData& data) {
  static constexpr std::string_view kMarkerColors[] = {"orange", "green", "purple", "yellow",
                                                       "lightblue", "brown", "magenta", "red"};
  CategoryAssignment result;
  result.categories = {{"Other", "grey"}, {"WebAssembly", "blue"}};
  std::unordered_map<std::string, uint32_t> by_name = {{"Other", 0}, {"WebAssembly", kWasmCategory}, {"", 0}};
  result.of_marker_kind.reserve(data.marker_kinds.size());
  for (const MarkerKind& kind : data.marker_kinds) {
    auto [it, inserted] = by_name.try_emplace(kind.category, uint32_t(result.categories.size()));
    if (inserted) {
      const size_t color = (result.categories.size() - 2) % std::size(kMarkerColors);
      result.categories.push_back({kind.category, kMarkerColors[color]});
    }
    result.of_marker_kind.push_back(it->second);
  }
  return result;
}

NativeSymbols build_native_symbols(const ProfileData& data) {
  NativeSymbols symbols;
  symbols.of_frame.assign(data.frames.size(), kNoIndex);
  std::vector<uint32_t> symbol_of_function(data.functions.size(), kNoIndex);
  std::unordered_map<uint64_t, uint32_t> symbol_at_address;
  for (size_t i = 0; i < data.frames.size(); ++i) {
    const ProfileFrame& frame = data.frames[i];
    if (frame.inline_depth != 0 || data.functions[frame.function].module == kNoIndex) continue;  // host: no symbol
    uint32_t& symbol = symbol_of_function[frame.function];
    if (symbol == kNoIndex) {
      symbol = uint32_t(symbols.function.size());
      symbols.function.push_back(frame.function);
      symbols.address.push_back(frame.address);
    }
    // Without the function's code range, its lowest sampled address is the best start we have.
    symbols.address[symbol] = std::min(symbols.address[symbol], frame.address);
    symbols.of_frame[i] = symbol;
    symbol_at_address.emplace(module_address_key(data.functions[frame.function].module, frame.address), symbol);
  }
  symbols.size.resize(symbols.function.size());
  for (size_t s = 0; s < symbols.function.size(); ++s) {
    const ProfileFunction& function = data.functions[symbols.function[s]];
    if (function.code_size != 0) {
      symbols.address[s] = function.code_offset;
      symbols.size[s] = function.code_size;
    }
  }
  for (size_t i = 0; i < data.frames.size(); ++i) {
    const ProfileFrame& frame = data.frames[i];
    if (frame.inline_depth == 0 || data.functions[frame.function].module == kNoIndex) continue;
    auto it = symbol_at_address.find(module_address_key(data.functions[frame.function].module, frame.address));
    if (it != symbol_at_address.end()) symbols.of_frame[i] = it->second;
  }
  return symbols;
}

SourceFiles collect_source_files(const ProfileData& data) {
  SourceFiles sources;
  sources.of_function.assign(data.functions.size(), kNoIndex);
  std::unordered_map<std::string_view, uint32_t> index_of_file;
  for (size_t i = 0; i < data.functions.size(); ++i) {
    const std::string& file = data.functions[i].file;
    if (file.empty()) continue;
    auto [it, inserted] = index_of_file.try_emplace(file, uint32_t(sources.files.size()));
    if (inserted) sources.files.push_back(file);
    sources.of_function[i] = it->second;
  }
  return sources;
}

double profiling_end_time(const ProfileData& data) {
  double end = data.end_time_ms;
  if (!data.samples.empty()) end = std::max(end, data.samples.back().time_ms + data.interval_ms);
  if (!data.allocations.empty()) end = std::max(end, data.allocations.back().time_ms + data.interval_ms);
  for (const ProfileMarker& marker : data.markers) {
    if (marker.start_ms >= end) end = marker.start_ms + data.interval_ms;
    if (marker.end_ms) end = std::max(end, *marker.end_ms);
  }
  return end > 0 ? end : data.interval_ms;
}

}  // namespace wasmprof::profile
