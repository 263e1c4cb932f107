#include "profile/views/convert_pprof.hh"

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <unordered_map>

#include "pprof_profile.pb.h"
#include "profile/format/gzip.hh"
#include "profile/views/stack_paths.hh"
#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

namespace pb = perftools::profiles;

class StringTable {
 public:
  explicit StringTable(pb::Profile& profile) : profile_(profile) { index(""); }
  int64_t index(const std::string& text) {
    auto [it, inserted] = ids_.try_emplace(text, int64_t(profile_.string_table_size()));
    if (inserted) profile_.add_string_table(repair_utf8(text));
    return it->second;
  }

 private:
  pb::Profile& profile_;
  std::unordered_map<std::string, int64_t> ids_;
};

int64_t nanoseconds(double milliseconds) {
  if (!std::isfinite(milliseconds) || milliseconds < 0) return 0;
  return milliseconds > 9e12 ? int64_t(9e18) : int64_t(std::llround(milliseconds * 1e6));
}

// Frames innermost first from `at`: how many form one inlined chain at one address (inline
// depths N, N-1, ..., 0, as the guest profiler records them); 1 for a frame of its own.
size_t inline_chain_length(const ProfileData& data, const std::vector<uint32_t>& frames, size_t at) {
  const ProfileFrame& first = data.frames[frames[at]];
  if (first.inline_depth == 0 || first.inline_depth >= frames.size() - at) return 1;
  const uint32_t module = data.functions[first.function].module;
  if (module >= data.modules.size()) return 1;
  for (size_t i = 1; i <= first.inline_depth; ++i) {
    const ProfileFrame& frame = data.frames[frames[at + i]];
    if (frame.address != first.address || frame.inline_depth != first.inline_depth - i ||
        data.functions[frame.function].module != module)
      return 1;  // not a chain the profiler wrote: each frame stays a location of its own
  }
  return first.inline_depth + 1;
}

// pprof's way to show inlining: one Location for the address, with a Line per inline level,
// the innermost first and the function they were all inlined into last.
class InlinedLocations {
 public:
  InlinedLocations(const ProfileData& data, pb::Profile& profile, uint64_t first_id)
      : data_(data), profile_(profile), next_id_(first_id) {}

  uint64_t of(std::span<const uint32_t> chain) {
    auto [it, inserted] = ids_.try_emplace(std::vector<uint32_t>(chain.begin(), chain.end()), next_id_);
    if (!inserted) return it->second;
    pb::Location* location = profile_.add_location();
    location->set_id(next_id_++);
    const ProfileFrame& outermost = data_.frames[chain.back()];
    location->set_mapping_id(data_.functions[outermost.function].module + 1ull);
    location->set_address(outermost.address);
    for (uint32_t frame : chain) {
      pb::Line* line = location->add_line();
      line->set_function_id(data_.frames[frame].function + 1ull);
      line->set_line(data_.frames[frame].line);
    }
    return it->second;
  }

 private:
  const ProfileData& data_;
  pb::Profile& profile_;
  uint64_t next_id_;
  std::map<std::vector<uint32_t>, uint64_t> ids_;
};

// proto3 strings must be UTF-8 (readers refuse the profile otherwise), and names from a
// guest's name section need not be: the string table holds repaired copies.
void fill(const ProfileData& data, pb::Profile& profile) {
  StringTable strings(profile);
  auto value_type = [&](pb::ValueType* type, const char* name, const char* unit) {
    type->set_type(strings.index(name));
    type->set_unit(strings.index(unit));
  };
  value_type(profile.add_sample_type(), "samples", "count");
  value_type(profile.add_sample_type(), "cpu", "nanoseconds");
  value_type(profile.mutable_period_type(), "cpu", "nanoseconds");
  profile.set_period(nanoseconds(data.interval_ms));
  profile.set_time_nanos(nanoseconds(data.start_time_ms));
  double end_ms = data.end_time_ms;
  for (const ProfileSample& sample : data.samples)
    if (std::isfinite(sample.time_ms) && sample.time_ms > end_ms) end_ms = sample.time_ms;
  profile.set_duration_nanos(nanoseconds(end_ms));
  // Profiles read back from a file may have no CPU deltas: pprof should not open on a column of zeros.
  const bool any_cpu = std::any_of(data.samples.begin(), data.samples.end(),
                                   [](const ProfileSample& sample) { return sample.cpu_delta_ns != 0; });
  profile.set_default_sample_type(strings.index(any_cpu ? "cpu" : "samples"));

  // Ids are index + 1: pprof reserves 0 for "none".
  std::vector<uint64_t> module_limit(data.modules.size(), 0);
  for (const ProfileFrame& frame : data.frames) {
    const uint32_t module = data.functions[frame.function].module;
    if (module < module_limit.size()) module_limit[module] = std::max<uint64_t>(module_limit[module], frame.address + 1ull);
  }
  for (size_t i = 0; i < data.modules.size(); ++i) {
    pb::Mapping* mapping = profile.add_mapping();
    mapping->set_id(i + 1);
    // Addresses are module-relative, so each module maps at 0.
    mapping->set_memory_start(0);
    mapping->set_memory_limit(std::max<uint64_t>(data.modules[i].code_size, module_limit[i]));
    mapping->set_filename(strings.index(data.modules[i].name));
    mapping->set_build_id(strings.index(data.modules[i].breakpad_id));
    mapping->set_has_functions(true);
  }
  for (size_t i = 0; i < data.functions.size(); ++i) {
    const ProfileFunction& entry = data.functions[i];
    pb::Function* function = profile.add_function();
    function->set_id(i + 1);
    function->set_name(strings.index(entry.name));
    function->set_system_name(strings.index(entry.name));
    function->set_filename(strings.index(entry.file));
    function->set_start_line(entry.line);
  }
  for (size_t i = 0; i < data.frames.size(); ++i) {
    const ProfileFrame& frame = data.frames[i];
    const uint32_t module = data.functions[frame.function].module;
    pb::Location* location = profile.add_location();
    location->set_id(i + 1);
    if (module < data.modules.size()) {
      location->set_mapping_id(module + 1);
      location->set_address(frame.address);
    }
    pb::Line* line = location->add_line();
    line->set_function_id(frame.function + 1);
    line->set_line(frame.line);
  }

  // Samples outside the profiled modules: a function and location of their own.
  struct Totals {
    int64_t count = 0;
    int64_t cpu_ns = 0;
  };
  std::map<uint32_t, Totals> per_stack;  // kNoIndex: outside
  for (const ProfileSample& sample : data.samples) {
    Totals& totals = per_stack[sample.stack];
    totals.count += sample.weight;
    totals.cpu_ns += int64_t(std::min<uint64_t>(sample.cpu_delta_ns, uint64_t(INT64_MAX / 4)));
  }
  uint64_t outside_location = 0;
  if (per_stack.contains(kNoIndex)) {
    pb::Function* function = profile.add_function();
    function->set_id(data.functions.size() + 1);
    function->set_name(strings.index(kOutsideName));
    function->set_system_name(function->name());
    outside_location = data.frames.size() + 1;
    pb::Location* location = profile.add_location();
    location->set_id(outside_location);
    location->add_line()->set_function_id(function->id());
  }
  InlinedLocations inlined(data, profile, outside_location == 0 ? data.frames.size() + 1 : outside_location + 1);
  for (const auto& [stack, totals] : per_stack) {
    pb::Sample* sample = profile.add_sample();
    if (stack == kNoIndex) {
      sample->add_location_id(outside_location);
    } else {
      std::vector<uint32_t> frames = frames_outermost_first(data, stack);
      std::reverse(frames.begin(), frames.end());
      for (size_t i = 0; i < frames.size();) {
        const size_t chain = inline_chain_length(data, frames, i);
        sample->add_location_id(chain == 1 ? frames[i] + 1ull : inlined.of({frames.begin() + long(i), chain}));
        i += chain;
      }
    }
    sample->add_value(totals.count);
    sample->add_value(totals.cpu_ns);
  }
}

}  // namespace

Result<std::string> to_pprof_uncompressed(const ProfileData& data) {
  if (Result<Ok> checked = check_stack_tables(data); !checked) return checked.error();
  pb::Profile profile;
  fill(data, profile);
  std::string bytes;
  if (!profile.SerializeToString(&bytes)) {
    Error error;
    error.kind = ErrorKind::Limit;
    error.message = "the pprof profile could not be serialised (larger than 2 GiB?)";
    return error;
  }
  return bytes;
}

Result<std::string> to_pprof(const ProfileData& data) {
  Result<std::string> bytes = to_pprof_uncompressed(data);
  if (!bytes) return bytes.error();
  return gzip_compress(bytes.value());
}

}  // namespace wasmprof::profile
