#include "profile/firefox_reader.hh"

#include <zlib.h>

#include <nlohmann/json.hpp>

#include "support/read_file.hh"

namespace wasmprof::profile {
namespace {

using nlohmann::json;

Error invalid(std::string message) {
  Error error;
  error.kind = ErrorKind::Invalid;
  error.message = "not a processed profile this version of wasmprof reads: " + std::move(message);
  return error;
}

// A column of numbers (nulls as kNoIndex) of exactly `length` entries.
bool read_indices(const json& table, const char* name, size_t length, std::vector<uint32_t>& out) {
  const json* column = table.contains(name) ? &table.at(name) : nullptr;
  if (column == nullptr || !column->is_array() || column->size() != length) return false;
  out.clear();
  for (const json& value : *column) {
    if (value.is_null()) {
      out.push_back(kNoIndex);
    } else if (value.is_number_integer()) {
      const int64_t number = value.get<int64_t>();
      out.push_back(number < 0 || number > INT32_MAX ? kNoIndex : uint32_t(number));
    } else {
      return false;
    }
  }
  return true;
}

Result<std::string> gunzip(const std::string& bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return invalid("cannot initialise zlib");
  std::string out;
  char buffer[1 << 16];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = uInt(bytes.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) return invalid("corrupt gzip data");
  return out;
}

Result<ProfileData> read_profile_tables(std::string_view text);

}  // namespace

// A missing table or a value of the wrong kind surfaces as a json exception from deep inside;
// it becomes an error value here, at the boundary.
Result<ProfileData> read_firefox_profile(std::string_view text) {
  try {
    return read_profile_tables(text);
  } catch (const json::exception& failure) {
    return invalid(failure.what());
  }
}

namespace {

Result<ProfileData> read_profile_tables(std::string_view text) {
  const json profile = json::parse(text, nullptr, false);
  if (profile.is_discarded() || !profile.is_object()) return invalid("not JSON");
  if (!profile.contains("meta") || !profile.contains("shared") || !profile.contains("threads"))
    return invalid("missing meta, shared or threads");
  const json& meta = profile.at("meta");
  if (!meta.contains("preprocessedProfileVersion") || meta.at("preprocessedProfileVersion") != 70)
    return invalid("preprocessedProfileVersion is not 70");
  const json& shared = profile.at("shared");
  const json& threads = profile.at("threads");
  if (!threads.is_array() || threads.empty()) return invalid("no thread");
  const json& thread = threads.at(0);

  ProfileData data;
  data.name = thread.value("name", std::string());
  data.interval_ms = meta.value("interval", 1.0);
  data.start_time_ms = meta.value("startTime", 0.0);
  if (meta.contains("endTime") && meta.at("endTime").is_number())
    data.end_time_ms = meta.at("endTime").get<double>() - data.start_time_ms;
  for (const json& lib : profile.value("libs", json::array()))
    data.modules.push_back(ProfileModule{lib.value("name", std::string()), 0, lib.value("breakpadId", std::string())});

  const json& strings = shared.at("stringArray");
  auto string_at = [&](uint32_t index) -> std::optional<std::string> {
    if (index >= strings.size() || !strings.at(index).is_string()) return std::nullopt;
    return strings.at(index).get<std::string>();
  };

  const json& functions = shared.at("funcTable");
  const size_t function_count = functions.value("length", size_t(0));
  std::vector<uint32_t> names, resources;
  if (!read_indices(functions, "name", function_count, names) ||
      !read_indices(functions, "resource", function_count, resources))
    return invalid("funcTable");
  std::vector<uint32_t> sources, function_lines, function_columns;
  const bool has_sources = read_indices(functions, "source", function_count, sources);
  const bool has_lines = read_indices(functions, "lineNumber", function_count, function_lines);
  const bool has_columns = read_indices(functions, "columnNumber", function_count, function_columns);
  // sources.filename holds string indices (format 58+).
  std::vector<uint32_t> source_files;
  if (shared.contains("sources") && shared.at("sources").is_object()) {
    const json& table = shared.at("sources");
    if (!read_indices(table, "filename", table.value("length", size_t(0)), source_files)) source_files.clear();
  }
  for (size_t i = 0; i < function_count; ++i) {
    std::optional<std::string> name = string_at(names[i]);
    if (!name) return invalid("funcTable.name[" + std::to_string(i) + "]");
    ProfileFunction function;
    function.module = resources[i] < data.modules.size() ? resources[i] : kNoIndex;
    function.function_index = uint32_t(i);
    function.name = std::move(*name);
    if (has_sources && sources[i] < source_files.size())
      function.file = string_at(source_files[sources[i]]).value_or(std::string());
    if (has_lines && function_lines[i] != kNoIndex) function.line = function_lines[i];
    if (has_columns && function_columns[i] != kNoIndex) function.column = function_columns[i];
    data.functions.push_back(std::move(function));
  }

  const json& frames = shared.at("frameTable");
  const size_t frame_count = frames.value("length", size_t(0));
  std::vector<uint32_t> frame_functions, addresses, lines, columns, depths;
  if (!read_indices(frames, "func", frame_count, frame_functions) ||
      !read_indices(frames, "address", frame_count, addresses) ||
      !read_indices(frames, "line", frame_count, lines) || !read_indices(frames, "column", frame_count, columns) ||
      !read_indices(frames, "inlineDepth", frame_count, depths))
    return invalid("frameTable");
  for (size_t i = 0; i < frame_count; ++i) {
    if (frame_functions[i] >= data.functions.size()) return invalid("frameTable.func[" + std::to_string(i) + "]");
    auto known = [](uint32_t value) { return value == kNoIndex ? 0u : value; };
    data.frames.push_back(ProfileFrame{frame_functions[i], known(addresses[i]), known(lines[i]), known(columns[i]),
                                       known(depths[i])});
  }

  const json& stacks = shared.at("stackTable");
  const size_t stack_count = stacks.value("length", size_t(0));
  std::vector<uint32_t> stack_frames, prefix_offsets;
  if (!read_indices(stacks, "frame", stack_count, stack_frames) ||
      !read_indices(stacks, "prefixOffset", stack_count, prefix_offsets))
    return invalid("stackTable");
  for (size_t i = 0; i < stack_count; ++i) {
    if (stack_frames[i] >= data.frames.size() || prefix_offsets[i] > i)
      return invalid("stackTable[" + std::to_string(i) + "]");
    const uint32_t prefix = prefix_offsets[i] == 0 ? kNoIndex : uint32_t(i - prefix_offsets[i]);
    data.stacks.push_back(ProfileStack{prefix, stack_frames[i]});
  }

  const json& samples = thread.at("samples");
  const size_t sample_count = samples.value("length", size_t(0));
  std::vector<uint32_t> sample_stacks;
  if (!read_indices(samples, "stack", sample_count, sample_stacks)) return invalid("samples.stack");
  const json& times = samples.contains("time") ? samples.at("time") : json();
  const json& weights = samples.contains("weight") ? samples.at("weight") : json();
  // CPU deltas in the unit meta.sampleUnits names (wasmprof writes microseconds); null: unknown.
  const json& cpu_deltas = samples.contains("threadCPUDelta") ? samples.at("threadCPUDelta") : json();
  double cpu_unit_ns = 1000;
  if (meta.contains("sampleUnits") && meta.at("sampleUnits").is_object()) {
    const std::string unit = meta.at("sampleUnits").value("threadCPUDelta", std::string("µs"));
    cpu_unit_ns = unit == "ns" ? 1 : unit == "ms" ? 1e6 : 1000;
  }
  for (size_t i = 0; i < sample_count; ++i) {
    ProfileSample sample;
    sample.stack = sample_stacks[i] < data.stacks.size() ? sample_stacks[i] : kNoIndex;
    if (times.is_array() && i < times.size() && times.at(i).is_number()) sample.time_ms = times.at(i).get<double>();
    if (weights.is_array() && i < weights.size() && weights.at(i).is_number_integer())
      sample.weight = weights.at(i).get<uint32_t>();
    if (cpu_deltas.is_array() && i < cpu_deltas.size() && cpu_deltas.at(i).is_number()) {
      const double nanoseconds = cpu_deltas.at(i).get<double>() * cpu_unit_ns;
      if (nanoseconds > 0 && nanoseconds < 1e18) sample.cpu_delta_ns = uint64_t(nanoseconds);
    }
    data.samples.push_back(sample);
  }
  return data;
}

}  // namespace

Result<ProfileData> read_firefox_profile_bytes(const std::string& bytes) {
  if (bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1f && uint8_t(bytes[1]) == 0x8b) {
    Result<std::string> text = gunzip(bytes);
    if (!text) return text.error();
    return read_firefox_profile(text.value());
  }
  return read_firefox_profile(bytes);
}

Result<ProfileData> read_firefox_profile_file(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) return bytes.error();
  return read_firefox_profile_bytes(bytes.value());
}

}  // namespace wasmprof::profile
