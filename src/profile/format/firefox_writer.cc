#include "profile/format/firefox_writer.hh"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "profile/format/firefox_tables.hh"
#include "profile/format/json_writer.hh"
#include "profile/format/profile_check.hh"
#include "profile/format/string_table.hh"

namespace wasmprof::profile {
namespace {

// meta.version is the Gecko (unprocessed) format version; the frontend only reads
// preprocessedProfileVersion for processed profiles. 36 is the frontend's GECKO_PROFILE_VERSION
// at the commit that defines processed version 70.
constexpr int kGeckoProfileVersion = 36;

// Libs are wasm modules; the frontend shows the arch in the lib's details.
constexpr std::string_view kWasmArch = "wasm32";

// Resource type "Library" (ResourceType.Library in the frontend's types).
constexpr int kResourceTypeLibrary = 1;

constexpr std::string_view kHostCallSchema = "HostCall";
constexpr std::string_view kGuestIntervalSchema = "GuestInterval";

// Marker phases (MarkerPhase in the frontend's gecko-profile types).
constexpr int kPhaseInterval = 1;
constexpr int kPhaseIntervalStart = 2;

class FirefoxProfileWriter {
 public:
  FirefoxProfileWriter(const ProfileData& data, std::ostream& out)
      : data_(data),
        json_(out),
        categories_(assign_categories(data)),
        symbols_(build_native_symbols(data)),
        sources_(collect_source_files(data)),
        end_time_(profiling_end_time(data)) {}

  bool write() {
    json_.begin_object();
    json_.key("meta");
    write_meta();
    json_.key("libs");
    write_libs();
    json_.key("threads");
    json_.begin_array();
    write_thread();
    json_.end_array();
    // Last, so that every string the threads and tables refer to is interned by then.
    json_.key("shared");
    write_shared();
    json_.end_object();
    return json_.flush();
  }

 private:
  template <class ValueAt>
  void column(std::string_view key, size_t length, ValueAt&& value_at) {
    json_.key(key);
    json_.begin_array();
    for (size_t i = 0; i < length; ++i) value_at(i);
    json_.end_array();
  }

  template <class Value>
  void column_of_constant(std::string_view key, size_t length, Value value) {
    column(key, length, [&](size_t) { write_value(value); });
  }

  void write_value(bool value) { json_.boolean(value); }
  void write_value(int value) { json_.number(int64_t(value)); }
  void write_value(std::nullptr_t) { json_.null(); }

  void optional_number(uint32_t value, bool known) {
    if (known) {
      json_.number(value);
    } else {
      json_.null();
    }
  }

  void length(size_t value) {
    json_.key("length");
    json_.number(uint64_t(value));
  }

  std::string_view profile_name() const { return data_.name.empty() ? std::string_view("wasm") : data_.name; }

  void write_meta() {
    json_.begin_object();
    json_.key("version");
    json_.number(int64_t(kGeckoProfileVersion));
    json_.key("preprocessedProfileVersion");
    json_.number(int64_t(kFirefoxProcessedProfileVersion));
    json_.key("product");
    json_.string(profile_name());
    json_.key("interval");
    json_.number(data_.interval_ms);
    json_.key("startTime");
    json_.number(data_.start_time_ms);
    json_.key("endTime");
    json_.number(data_.start_time_ms + end_time_);
    json_.key("profilingStartTime");
    json_.number(0.0);
    json_.key("profilingEndTime");
    json_.number(end_time_);
    json_.key("processType");
    json_.number(int64_t(0));
    json_.key("stackwalk");
    json_.number(int64_t(1));
    // Names are final (demangled from the module's name section): the frontend must never
    // ask a symbol server about our addresses.
    json_.key("symbolicated");
    json_.boolean(true);
    json_.key("usesOnlyOneStackType");
    json_.boolean(true);
    json_.key("sourceCodeIsNotOnSearchfox");
    json_.boolean(true);
    json_.key("sampleUnits");
    json_.begin_object();
    json_.key("time");
    json_.string("ms");
    json_.key("eventDelay");
    json_.string("ms");
    json_.key("threadCPUDelta");
    json_.string("\xC2\xB5s");  // "µs"
    json_.end_object();
    json_.key("categories");
    write_categories();
    json_.key("markerSchema");
    write_marker_schema();
    if (!data_.info.empty()) {
      json_.key("extra");
      write_info();
    }
    json_.end_object();
  }

  // meta.extra: one section of string entries, which the frontend lists in its profile
  // information panel.
  void write_info() {
    json_.begin_array();
    json_.begin_object();
    json_.key("label");
    json_.string("wasmprof");
    json_.key("entries");
    json_.begin_array();
    for (const profile::ProfileData::InfoEntry& entry : data_.info) {
      json_.begin_object();
      json_.key("label");
      json_.string(entry.label);
      json_.key("format");
      json_.string("string");
      json_.key("value");
      json_.string(entry.value);
      json_.end_object();
    }
    json_.end_array();
    json_.end_object();
    json_.end_array();
  }

  void write_categories() {
    json_.begin_array();
    for (const Category& category : categories_.categories) {
      json_.begin_object();
      json_.key("name");
      json_.string(category.name);
      json_.key("color");
      json_.string(category.color);
      json_.key("subcategories");
      json_.begin_array();
      json_.string("Other");
      json_.end_array();
      json_.end_object();
    }
    json_.end_array();
  }

  void schema_field(std::string_view key, std::string_view label, std::string_view format) {
    json_.begin_object();
    json_.key("key");
    json_.string(key);
    json_.key("label");
    json_.string(label);
    json_.key("format");
    json_.string(format);
    json_.end_object();
  }

  void schema_display() {
    json_.key("display");
    json_.begin_array();
    json_.string("marker-chart");
    json_.string("marker-table");
    json_.string("timeline-overview");
    json_.end_array();
  }

  void write_marker_schema() {
    json_.begin_array();

    json_.begin_object();
    json_.key("name");
    json_.string(kHostCallSchema);
    for (const char* label : {"tooltipLabel", "tableLabel", "chartLabel"}) {
      json_.key(label);
      json_.string("{marker.data.module}.{marker.data.function}");
    }
    schema_display();
    json_.key("description");
    json_.string("A call from the guest to a host function (one of its imports).");
    json_.key("fields");
    json_.begin_array();
    schema_field("module", "Import module", "unique-string");
    schema_field("function", "Import name", "unique-string");
    json_.end_array();
    json_.end_object();

    json_.begin_object();
    json_.key("name");
    json_.string(kGuestIntervalSchema);
    schema_display();
    json_.key("description");
    json_.string("An interval recorded by the guest profiler.");
    json_.key("fields");
    json_.begin_array();
    json_.end_array();
    json_.end_object();

    json_.end_array();
  }

  void write_libs() {
    json_.begin_array();
    for (const ProfileModule& module : data_.modules) {
      json_.begin_object();
      json_.key("arch");
      json_.string(kWasmArch);
      // The name the embedder gave stands in for every path: real paths are host detail.
      for (const char* key : {"name", "path", "debugName", "debugPath"}) {
        json_.key(key);
        json_.string(module.name);
      }
      json_.key("breakpadId");
      json_.string(module.breakpad_id);
      json_.key("codeId");
      json_.null();
      json_.end_object();
    }
    json_.end_array();
  }

  void write_thread() {
    const std::string pid = std::to_string(data_.pid);
    json_.begin_object();
    json_.key("name");
    json_.string(profile_name());
    json_.key("processName");
    json_.string(profile_name());
    json_.key("processType");
    json_.string("default");
    json_.key("isMainThread");
    json_.boolean(true);
    json_.key("pid");
    json_.string(pid);
    json_.key("tid");
    json_.number(data_.pid);
    json_.key("processStartupTime");
    json_.number(0.0);
    json_.key("processShutdownTime");
    json_.null();
    json_.key("registerTime");
    json_.number(0.0);
    json_.key("unregisterTime");
    json_.null();
    json_.key("pausedRanges");
    json_.begin_array();
    json_.end_array();
    // Our markers are generic schema markers; without this the timeline overview would only
    // show them for threads the frontend knows by name.
    json_.key("showMarkersInTimeline");
    json_.boolean(true);
    json_.key("samples");
    write_samples();
    json_.key("markers");
    write_markers();
    if (data_.allocation_profiling) {
      json_.key("nativeAllocations");
      write_native_allocations();
    }
    json_.end_object();
  }

  // The "balanced" form of the table (with memoryAddress and threadId): allocations and frees
  // pair up by address, which is what lets the frontend show retained memory.
  void write_native_allocations() {
    const auto& allocations = data_.allocations;
    json_.begin_object();
    column("time", allocations.size(), [&](size_t i) { json_.number(allocations[i].time_ms); });
    column("weight", allocations.size(), [&](size_t i) { json_.number(allocations[i].bytes); });
    json_.key("weightType");
    json_.string("bytes");
    column("stack", allocations.size(),
           [&](size_t i) { optional_number(allocations[i].stack, allocations[i].stack != kNoIndex); });
    column("memoryAddress", allocations.size(), [&](size_t i) { json_.number(allocations[i].address); });
    column("threadId", allocations.size(), [&](size_t) { json_.number(data_.pid); });
    length(allocations.size());
    json_.end_object();
  }

  void write_samples() {
    const auto& samples = data_.samples;
    json_.begin_object();
    column("stack", samples.size(), [&](size_t i) { optional_number(samples[i].stack, samples[i].stack != kNoIndex); });
    column("time", samples.size(), [&](size_t i) { json_.number(samples[i].time_ms); });
    const bool all_weights_one =
        std::all_of(samples.begin(), samples.end(), [](const ProfileSample& s) { return s.weight == 1; });
    json_.key("weight");
    if (all_weights_one) {
      json_.null();  // the frontend then counts every sample once
    } else {
      json_.begin_array();
      for (const ProfileSample& sample : samples) json_.number(sample.weight);
      json_.end_array();
    }
    json_.key("weightType");
    json_.string("samples");
    // Without any known CPU delta the column is left out: the frontend then draws the
    // activity graph from sample counts rather than from a column of unknowns.
    const bool any_cpu_delta =
        std::any_of(samples.begin(), samples.end(), [](const ProfileSample& s) { return s.cpu_delta_ns != 0; });
    if (any_cpu_delta) {
      column("threadCPUDelta", samples.size(), [&](size_t i) {
        const uint64_t ns = samples[i].cpu_delta_ns;
        if (ns == 0) {
          json_.null();  // unknown; the frontend assumes 100% CPU there
        } else if (ns % 1000 == 0) {
          json_.number(ns / 1000);
        } else {
          json_.number(double(ns) / 1000.0);
        }
      });
    }
    length(samples.size());
    json_.end_object();
  }

  void write_marker_data(const ProfileMarker& marker) {
    const MarkerKind& kind = data_.marker_kinds[marker.kind];
    const bool host_call = !kind.import_module.empty() || !kind.import_name.empty();
    json_.begin_object();
    json_.key("type");
    json_.string(host_call ? kHostCallSchema : kGuestIntervalSchema);
    if (host_call) {
      json_.key("module");
      json_.number(strings_.index_of(kind.import_module));
      json_.key("function");
      json_.number(strings_.index_of(kind.import_name));
    }
    if (marker.stack != kNoIndex) {
      // The guest stack when the marker started: the frontend shows it in the tooltip and
      // sidebar as the marker's cause.
      json_.key("cause");
      json_.begin_object();
      json_.key("tid");
      json_.number(data_.pid);
      json_.key("time");
      json_.number(marker.start_ms);
      json_.key("stack");
      json_.number(marker.stack);
      json_.end_object();
    }
    json_.end_object();
  }

  void write_markers() {
    const auto& markers = data_.markers;
    json_.begin_object();
    column("data", markers.size(), [&](size_t i) { write_marker_data(markers[i]); });
    column("name", markers.size(), [&](size_t i) {
      json_.number(strings_.index_of(data_.marker_kinds[markers[i].kind].name));
    });
    column("startTime", markers.size(), [&](size_t i) { json_.number(markers[i].start_ms); });
    column("endTime", markers.size(), [&](size_t i) {
      if (markers[i].end_ms) {
        json_.number(*markers[i].end_ms);
      } else {
        json_.null();  // still open: the frontend draws it to the end of the profile
      }
    });
    column("phase", markers.size(), [&](size_t i) {
      json_.number(int64_t(markers[i].end_ms ? kPhaseInterval : kPhaseIntervalStart));
    });
    column("category", markers.size(), [&](size_t i) { json_.number(categories_.of_marker_kind[markers[i].kind]); });
    length(markers.size());
    json_.end_object();
  }

  void write_shared() {
    json_.begin_object();
    json_.key("stackTable");
    write_stack_table();
    json_.key("frameTable");
    write_frame_table();
    json_.key("funcTable");
    write_func_table();
    json_.key("resourceTable");
    write_resource_table();
    json_.key("nativeSymbols");
    write_native_symbols();
    json_.key("sources");
    write_sources();
    json_.key("sourceLocationTable");
    json_.begin_object();
    column("source", 0, [](size_t) {});
    column("line", 0, [](size_t) {});
    column("column", 0, [](size_t) {});
    length(0);
    json_.end_object();
    json_.key("stringArray");
    json_.begin_array();
    for (std::string_view text : strings_.strings()) json_.string(text);
    json_.end_array();
    json_.end_object();
  }

  void write_stack_table() {
    const auto& stacks = data_.stacks;
    json_.begin_object();
    column("frame", stacks.size(), [&](size_t i) { json_.number(stacks[i].frame); });
    // 0 marks a root; otherwise the parent is that many entries back (parents come first).
    column("prefixOffset", stacks.size(), [&](size_t i) {
      json_.number(uint64_t(stacks[i].prefix == kNoIndex ? 0 : i - stacks[i].prefix));
    });
    length(stacks.size());
    json_.end_object();
  }

  void write_frame_table() {
    const auto& frames = data_.frames;
    const auto module_of = [&](size_t i) { return data_.functions[frames[i].function].module; };
    json_.begin_object();
    // A host function's frame (module kNoIndex) has no code address and belongs to no lib.
    column("address", frames.size(), [&](size_t i) {
      if (module_of(i) == kNoIndex)
        json_.number(int64_t(-1));
      else
        json_.number(frames[i].address);
    });
    column("lib", frames.size(), [&](size_t i) {
      if (module_of(i) == kNoIndex)
        json_.number(int64_t(-1));  // the format's "no lib"
      else
        json_.number(module_of(i));
    });
    column("inlineDepth", frames.size(), [&](size_t i) { json_.number(frames[i].inline_depth); });
    column("category", frames.size(), [&](size_t) { json_.number(kWasmCategory); });
    column_of_constant("subcategory", frames.size(), 0);
    column("func", frames.size(), [&](size_t i) { json_.number(frames[i].function); });
    column("nativeSymbol", frames.size(), [&](size_t i) {
      optional_number(symbols_.of_frame[i], symbols_.of_frame[i] != kNoIndex);
    });
    column_of_constant("innerWindowID", frames.size(), 0);  // 0: not a JS frame of a page
    column("line", frames.size(), [&](size_t i) { optional_number(frames[i].line, frames[i].line != 0); });
    column("column", frames.size(), [&](size_t i) { optional_number(frames[i].column, frames[i].column != 0); });
    column_of_constant("originalLocation", frames.size(), nullptr);
    length(frames.size());
    json_.end_object();
  }

  void write_func_table() {
    const auto& functions = data_.functions;
    const auto& source_of_function = sources_.of_function;
    json_.begin_object();
    column("name", functions.size(), [&](size_t i) { json_.number(strings_.index_of(functions[i].name)); });
    column_of_constant("isJS", functions.size(), false);
    column_of_constant("relevantForJS", functions.size(), false);
    column("resource", functions.size(), [&](size_t i) {
      if (functions[i].module == kNoIndex)
        json_.number(int64_t(-1));  // a host function: no resource
      else
        json_.number(functions[i].module);
    });
    column("source", functions.size(), [&](size_t i) {
      optional_number(source_of_function[i], source_of_function[i] != kNoIndex);
    });
    column("lineNumber", functions.size(), [&](size_t i) { optional_number(functions[i].line, functions[i].line != 0); });
    column("columnNumber", functions.size(),
           [&](size_t i) { optional_number(functions[i].column, functions[i].column != 0); });
    column_of_constant("originalLocation", functions.size(), nullptr);
    length(functions.size());
    json_.end_object();
  }

  // One resource per module, with the same index as the module's lib.
  void write_resource_table() {
    const auto& modules = data_.modules;
    json_.begin_object();
    column("name", modules.size(), [&](size_t i) { json_.number(strings_.index_of(modules[i].name)); });
    column_of_constant("host", modules.size(), nullptr);
    column_of_constant("type", modules.size(), kResourceTypeLibrary);
    length(modules.size());
    json_.end_object();
  }

  void write_native_symbols() {
    const size_t count = symbols_.function.size();
    const auto function_of = [&](size_t s) -> const ProfileFunction& { return data_.functions[symbols_.function[s]]; };
    json_.begin_object();
    column("libIndex", count, [&](size_t s) { json_.number(function_of(s).module); });
    column("address", count, [&](size_t s) { json_.number(symbols_.address[s]); });
    column("name", count, [&](size_t s) { json_.number(strings_.index_of(function_of(s).name)); });
    column("functionSize", count, [&](size_t s) { optional_number(symbols_.size[s].value_or(0), symbols_.size[s].has_value()); });
    length(count);
    json_.end_object();
  }

  void write_sources() {
    const auto& files = sources_.files;
    const size_t count = files.size();
    json_.begin_object();
    column_of_constant("id", count, nullptr);  // ids are for fetching JS sources
    column("filename", count, [&](size_t i) { json_.number(strings_.index_of(files[i])); });
    // The whole file, not an inline script within it: (1, 1).
    column_of_constant("startLine", count, 1);
    column_of_constant("startColumn", count, 1);
    column_of_constant("sourceMapURL", count, nullptr);
    // A file's text only where the embedder put it in (run --embed-sources): else null, and the
    // frontend asks a symbol server.
    column("content", count, [&](size_t i) {
      auto text = data_.source_texts.find(std::string(files[i]));
      if (text == data_.source_texts.end())
        json_.null();
      else
        json_.string(text->second);
    });
    length(count);
    json_.end_object();
  }

  const ProfileData& data_;
  JsonWriter json_;
  StringTable strings_;
  const CategoryAssignment categories_;
  const NativeSymbols symbols_;
  const SourceFiles sources_;
  const double end_time_;
};

}  // namespace

Result<Ok> write_firefox_profile(const ProfileData& data, std::ostream& out) {
  if (Result<Ok> checked = check_profile_data(data); !checked) return checked.error();
  FirefoxProfileWriter writer(data, out);
  if (!writer.write()) return Error{ErrorKind::Io, "writing the Firefox profile failed", {}, {}, {}, {}};
  return Ok{};
}

}  // namespace wasmprof::profile
