#include "profile/format/firefox_reader.hh"

#include <rapidjson/document.h>
#include <zlib.h>

#include "support/read_file.hh"

namespace wasmprof::profile {
namespace {

using rapidjson::Value;

Error invalid(std::string message) {
  Error error;
  error.kind = ErrorKind::Invalid;
  error.message = "not a processed profile this version of wasmprof reads: " + std::move(message);
  return error;
}

// A missing table or a value of the wrong kind, found deep inside; read_firefox_profile turns it
// into an error value at the boundary.
struct NotAProfile {
  std::string what;
};

// RapidJSON's accessors assume the kind they read (a wrong one is undefined behaviour in a
// release build), so every read of the document goes through these, which check it first.
const Value* find(const Value& object, const char* name) {
  if (!object.IsObject()) throw NotAProfile{std::string("not an object where '") + name + "' was expected"};
  const auto member = object.FindMember(name);
  return member == object.MemberEnd() ? nullptr : &member->value;
}

const Value& at(const Value& object, const char* name) {
  const Value* value = find(object, name);
  if (value == nullptr) throw NotAProfile{std::string("'") + name + "' not found"};
  return *value;
}

std::string string_or(const Value& object, const char* name, std::string fallback) {
  const Value* value = find(object, name);
  if (value == nullptr) return fallback;
  if (!value->IsString()) throw NotAProfile{std::string("'") + name + "' is not a string"};
  return std::string(value->GetString(), value->GetStringLength());
}

double number_or(const Value& object, const char* name, double fallback) {
  const Value* value = find(object, name);
  if (value == nullptr) return fallback;
  if (!value->IsNumber()) throw NotAProfile{std::string("'") + name + "' is not a number"};
  return value->GetDouble();
}

// A table's "length": a count, 0 when absent.
size_t length_of(const Value& table) {
  const Value* value = find(table, "length");
  if (value == nullptr) return 0;
  if (!value->IsUint64()) throw NotAProfile{"'length' is not a count"};
  return size_t(value->GetUint64());
}

// Element `i` of a value that may be anything: nullptr unless it is an array that long.
const Value* element(const Value* array, size_t i) {
  return array != nullptr && array->IsArray() && i < array->Size() ? &(*array)[rapidjson::SizeType(i)] : nullptr;
}

// A column of numbers (nulls as kNoIndex) of exactly `length` entries.
bool read_indices(const Value& table, const char* name, size_t length, std::vector<uint32_t>& out) {
  const Value* column = table.IsObject() ? find(table, name) : nullptr;
  if (column == nullptr || !column->IsArray() || column->Size() != length) return false;
  out.clear();
  for (const Value& value : column->GetArray()) {
    if (value.IsNull()) {
      out.push_back(kNoIndex);
    } else if (value.IsInt64()) {
      const int64_t number = value.GetInt64();
      out.push_back(number < 0 || number > INT32_MAX ? kNoIndex : uint32_t(number));
    } else if (value.IsUint64()) {
      out.push_back(kNoIndex);  // beyond int64_t, so beyond any index
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

Result<ProfileData> read_profile_tables(const Value& profile);

}  // namespace

Result<ProfileData> read_firefox_profile(std::string_view text) {
  // Iterative, so that no nesting depth can exhaust the stack; full precision, so that times
  // read back exactly; and only valid UTF-8, as the writer writes.
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag;
  rapidjson::Document profile;
  profile.Parse<kFlags>(text.data(), text.size());
  if (profile.HasParseError() || !profile.IsObject()) return invalid("not JSON");
  try {
    return read_profile_tables(profile);
  } catch (const NotAProfile& failure) {
    return invalid(failure.what);
  }
}

namespace {

Result<ProfileData> read_profile_tables(const Value& profile) {
  if (!profile.HasMember("meta") || !profile.HasMember("shared") || !profile.HasMember("threads"))
    return invalid("missing meta, shared or threads");
  const Value& meta = at(profile, "meta");
  const Value* version = find(meta, "preprocessedProfileVersion");
  if (version == nullptr || !version->IsNumber() || version->GetDouble() != 70)
    return invalid("preprocessedProfileVersion is not 70");
  const Value& shared = at(profile, "shared");
  const Value& threads = at(profile, "threads");
  if (!threads.IsArray() || threads.Empty()) return invalid("no thread");
  const Value& thread = threads[0];

  ProfileData data;
  data.name = string_or(thread, "name", std::string());
  data.interval_ms = number_or(meta, "interval", 1.0);
  data.start_time_ms = number_or(meta, "startTime", 0.0);
  if (const Value* end = find(meta, "endTime"); end != nullptr && end->IsNumber())
    data.end_time_ms = end->GetDouble() - data.start_time_ms;
  if (const Value* libs = find(profile, "libs"); libs != nullptr) {
    if (!libs->IsArray()) return invalid("libs is not an array");
    for (const Value& lib : libs->GetArray())
      data.modules.push_back(ProfileModule{string_or(lib, "name", std::string()), 0, string_or(lib, "breakpadId", std::string())});
  }

  const Value& strings = at(shared, "stringArray");
  if (!strings.IsArray()) return invalid("stringArray is not an array");
  auto string_at = [&](uint32_t index) -> std::optional<std::string> {
    const Value* value = element(&strings, index);
    if (value == nullptr || !value->IsString()) return std::nullopt;
    return std::string(value->GetString(), value->GetStringLength());
  };

  const Value& functions = at(shared, "funcTable");
  const size_t function_count = length_of(functions);
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
  if (const Value* table = find(shared, "sources"); table != nullptr && table->IsObject()) {
    if (!read_indices(*table, "filename", length_of(*table), source_files)) source_files.clear();
    // Embedded texts (sources.content strings) come back by file name.
    const Value* contents = find(*table, "content");
    for (size_t i = 0; i < source_files.size(); ++i) {
      const Value* content = element(contents, i);
      std::optional<std::string> file = string_at(source_files[i]);
      if (content != nullptr && content->IsString() && file)
        data.source_texts[*file] = std::string(content->GetString(), content->GetStringLength());
    }
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

  const Value& frames = at(shared, "frameTable");
  const size_t frame_count = length_of(frames);
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

  // A function's code range comes back from its native symbol (written for every wasm function
  // whose body the profiler knew), so a listing of its instructions can be matched to a module.
  std::vector<uint32_t> frame_symbols, symbol_addresses, symbol_sizes;
  if (const Value* symbols = find(shared, "nativeSymbols");
      symbols != nullptr && symbols->IsObject() && read_indices(frames, "nativeSymbol", frame_count, frame_symbols) &&
      read_indices(*symbols, "address", length_of(*symbols), symbol_addresses) &&
      read_indices(*symbols, "functionSize", length_of(*symbols), symbol_sizes)) {
    for (size_t i = 0; i < frame_count; ++i) {
      const uint32_t symbol = frame_symbols[i];
      ProfileFunction& function = data.functions[data.frames[i].function];
      if (data.frames[i].inline_depth != 0 || symbol >= symbol_addresses.size() || function.code_size != 0 ||
          symbol_sizes[symbol] == kNoIndex || symbol_addresses[symbol] == kNoIndex)
        continue;
      function.code_offset = symbol_addresses[symbol];
      function.code_size = symbol_sizes[symbol];
    }
  }

  const Value& stacks = at(shared, "stackTable");
  const size_t stack_count = length_of(stacks);
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

  const Value& samples = at(thread, "samples");
  const size_t sample_count = length_of(samples);
  std::vector<uint32_t> sample_stacks;
  if (!read_indices(samples, "stack", sample_count, sample_stacks)) return invalid("samples.stack");
  const Value* times = find(samples, "time");
  const Value* weights = find(samples, "weight");
  // CPU deltas in the unit meta.sampleUnits names (wasmprof writes microseconds); null: unknown.
  const Value* cpu_deltas = find(samples, "threadCPUDelta");
  double cpu_unit_ns = 1000;
  if (const Value* units = find(meta, "sampleUnits"); units != nullptr && units->IsObject()) {
    const std::string unit = string_or(*units, "threadCPUDelta", "µs");
    cpu_unit_ns = unit == "ns" ? 1 : unit == "ms" ? 1e6 : 1000;
  }
  for (size_t i = 0; i < sample_count; ++i) {
    ProfileSample sample;
    sample.stack = sample_stacks[i] < data.stacks.size() ? sample_stacks[i] : kNoIndex;
    if (const Value* time = element(times, i); time != nullptr && time->IsNumber()) sample.time_ms = time->GetDouble();
    // An integer weight keeps its low 32 bits.
    if (const Value* weight = element(weights, i); weight != nullptr && weight->IsInt64())
      sample.weight = uint32_t(weight->GetInt64());
    else if (weight != nullptr && weight->IsUint64())
      sample.weight = uint32_t(weight->GetUint64());
    if (const Value* delta = element(cpu_deltas, i); delta != nullptr && delta->IsNumber()) {
      const double nanoseconds = delta->GetDouble() * cpu_unit_ns;
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
