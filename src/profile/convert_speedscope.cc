#include "profile/convert_speedscope.hh"

#include <nlohmann/json.hpp>

#include "profile/stack_paths.hh"

namespace wasmprof::profile {

Result<std::string> to_speedscope(const ProfileData& data) {
  if (Result<Ok> checked = check_stack_tables(data); !checked) return checked.error();
  using nlohmann::json;

  json frames = json::array();
  for (const ProfileFunction& function : data.functions) {
    json frame = {{"name", function.name}};
    if (!function.file.empty()) frame["file"] = function.file;
    if (function.line != 0) frame["line"] = function.line;
    if (function.column != 0) frame["col"] = function.column;
    frames.push_back(std::move(frame));
  }
  const size_t outside_frame = frames.size();
  bool any_outside = false;

  json samples = json::array(), weights = json::array();
  uint64_t total = 0;
  for (const ProfileSample& sample : data.samples) {
    if (sample.stack == kNoIndex) {
      any_outside = true;
      samples.push_back(json::array({outside_frame}));
    } else {
      samples.push_back(functions_outermost_first(data, sample.stack));
    }
    weights.push_back(sample.weight);
    total += sample.weight;
  }
  if (any_outside) frames.push_back({{"name", kOutsideName}});

  json profile = {{"type", "sampled"},
                  {"name", data.name},
                  {"unit", "none"},
                  {"startValue", 0},
                  {"endValue", total},
                  {"samples", std::move(samples)},
                  {"weights", std::move(weights)}};
  json file = {{"$schema", "https://www.speedscope.app/file-format-schema.json"},
               {"shared", {{"frames", std::move(frames)}}},
               {"profiles", json::array({std::move(profile)})},
               {"name", data.name},
               {"activeProfileIndex", 0},
               {"exporter", "wasmprof"}};
  // Names come from the guest's name section: invalid UTF-8 becomes U+FFFD rather than an exception.
  return file.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace wasmprof::profile
