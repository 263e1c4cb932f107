#include "profile/views/convert_speedscope.hh"

#include <sstream>

#include "profile/format/json_writer.hh"
#include "profile/views/stack_paths.hh"

namespace wasmprof::profile {
namespace {

void write_frame(JsonWriter& json, const ProfileFunction& function) {
  json.begin_object();
  if (function.column != 0) {
    json.key("col");
    json.number(function.column);
  }
  if (!function.file.empty()) {
    json.key("file");
    json.string(function.file);
  }
  if (function.line != 0) {
    json.key("line");
    json.number(function.line);
  }
  json.key("name");
  json.string(function.name);
  json.end_object();
}

}  // namespace

// Keys in alphabetical order, in every object: the order this file has always had.
Result<std::string> to_speedscope(const ProfileData& data) {
  if (Result<Ok> checked = check_stack_tables(data); !checked) return checked.error();
  std::ostringstream out;
  {
    JsonWriter json(out);
    json.begin_object();
    json.key("$schema");
    json.string("https://www.speedscope.app/file-format-schema.json");
    json.key("activeProfileIndex");
    json.number(0);
    json.key("exporter");
    json.string("wasmprof");
    json.key("name");
    json.string(data.name);

    uint64_t total = 0;
    for (const ProfileSample& sample : data.samples) total += sample.weight;
    json.key("profiles");
    json.begin_array();
    json.begin_object();
    json.key("endValue");
    json.number(total);
    json.key("name");
    json.string(data.name);
    // A sample outside the profiled modules names a frame after the functions' own.
    const uint32_t outside_frame = uint32_t(data.functions.size());
    bool any_outside = false;
    json.key("samples");
    json.begin_array();
    for (const ProfileSample& sample : data.samples) {
      json.begin_array();
      if (sample.stack == kNoIndex) {
        any_outside = true;
        json.number(outside_frame);
      } else {
        for (uint32_t function : functions_outermost_first(data, sample.stack)) json.number(function);
      }
      json.end_array();
    }
    json.end_array();
    json.key("startValue");
    json.number(0);
    json.key("type");
    json.string("sampled");
    json.key("unit");
    json.string("none");
    json.key("weights");
    json.begin_array();
    for (const ProfileSample& sample : data.samples) json.number(sample.weight);
    json.end_array();
    json.end_object();
    json.end_array();

    json.key("shared");
    json.begin_object();
    json.key("frames");
    json.begin_array();
    for (const ProfileFunction& function : data.functions) write_frame(json, function);
    if (any_outside) {
      ProfileFunction outside;
      outside.name = kOutsideName;
      write_frame(json, outside);
    }
    json.end_array();
    json.end_object();
    json.end_object();
  }
  return out.str();
}

}  // namespace wasmprof::profile
