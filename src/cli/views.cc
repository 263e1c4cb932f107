#include "cli/views.hh"

#include <algorithm>

#include "cli/code_listing.hh"
#include "cli/profile_output.hh"
#include "cli/run.hh"
#include "profile/views/convert_cpuprofile.hh"
#include "profile/views/convert_pprof.hh"
#include "profile/views/convert_speedscope.hh"
#include "profile/format/firefox_reader.hh"
#include "profile/views/flamegraph.hh"
#include "profile/views/annotate.hh"
#include "profile/views/views.hh"
#include "support/read_file.hh"

namespace wasmprof::cli {
namespace {

std::optional<profile::ProfileData> read_profile(const std::string& path, std::ostream& err) {
  std::optional<LoadedProfile> loaded = load_profile(path, err);
  if (!loaded) return std::nullopt;
  return std::move(loaded->data);
}

bool write_file(const std::string& path, const std::string& bytes, std::ostream& err) {
  Result<Ok> written = write_output_file(path, bytes, "the output");
  if (!written) err << "wasmprof: error: " << written.error().message << "\n";
  return written.ok();
}

// Whether any frame of the profile knows its source line: none do without DWARF.
bool has_source_lines(const profile::ProfileData& data) {
  return std::any_of(data.frames.begin(), data.frames.end(), [](const profile::ProfileFrame& frame) { return frame.line != 0; });
}

Result<std::string> convert(const profile::ProfileData& data, const std::string& format) {
  if (format == "collapsed") return profile::collapsed_stacks(data);
  if (format == "pprof") return profile::to_pprof(data);
  if (format == "cpuprofile") return profile::to_cpuprofile(data);
  return profile::to_speedscope(data);
}

// The function `name` of the profile (the one with the most self samples, if several), or
// nothing after saying on `err` that the profile has none.
std::optional<uint32_t> function_to_annotate(const profile::ProfileData& data, const std::string& name,
                                             const std::string& profile, std::ostream& err) {
  const std::vector<uint32_t> found = profile::functions_named(data, name);
  if (found.empty()) {
    err << "wasmprof: error: " << profile << " has no function named '" << name
        << "' (`wasmprof report` lists its functions)\n";
    return std::nullopt;
  }
  return found.front();
}

int annotate_instructions(const ReportCommand& command, const profile::ProfileData& data, std::ostream& out,
                          std::ostream& err) {
  if (!command.module) {
    err << "wasmprof: error: --asm reads the instructions from the profiled module: pass it with --module app.wasm\n";
    return kExitUsage;
  }
  const std::optional<uint32_t> function = function_to_annotate(data, *command.asm_function, command.profile, err);
  if (!function) return kExitError;
  const profile::ProfileFunction& entry = data.functions[*function];
  if (entry.module == profile::kNoIndex || entry.module >= data.modules.size()) {
    err << "wasmprof: error: " << entry.name << " is a host function: it has no wasm instructions\n";
    return kExitError;
  }
  Result<ModuleCode> module = load_module_code(*command.module);
  if (!module) {
    err << "wasmprof: error: " << module.error().message << "\n";
    return kExitError;
  }
  const profile::ProfileModule& lib = data.modules[entry.module];
  if (module->id != lib.breakpad_id) {
    err << "wasmprof: error: " << *command.module << " is not the module " << lib.name << " of the profile: its id is "
        << module->id << ", the profile's " << (lib.breakpad_id.empty() ? "(none)" : lib.breakpad_id)
        << " (was it rebuilt since?)\n";
    return kExitError;
  }
  // The function's body by the code range the profile has for it, else by any address of it.
  std::optional<uint32_t> address;
  if (entry.code_size != 0) address = entry.code_offset;
  for (size_t i = 0; !address && i < data.frames.size(); ++i)
    if (data.frames[i].function == *function && data.frames[i].inline_depth == 0) address = data.frames[i].address;
  const std::optional<ModuleCode::Body> body = address ? module->body_at(*address) : std::nullopt;
  if (!body) {
    err << "wasmprof: error: the profile has no code address of " << entry.name << " inside a function of "
        << *command.module << "\n";
    return kExitError;
  }
  Result<std::vector<PrintedInstruction>> printed = body_instructions(*module, *body);
  if (!printed) {
    err << "wasmprof: error: " << *command.module << ": " << printed.error().to_string() << "\n";
    return kExitError;
  }
  std::vector<profile::ListedInstruction> listing;
  for (PrintedInstruction& instruction : printed.value())
    listing.push_back({instruction.module_offset, instruction.depth, std::move(instruction.text)});
  out << profile::format_annotated_instructions(data, profile::function_heat(data, *function), listing,
                                                body->offset + body->size);
  return kExitOk;
}

int annotate_source(const ReportCommand& command, const profile::ProfileData& data, std::ostream& out,
                    std::ostream& err) {
  const std::optional<uint32_t> function = function_to_annotate(data, *command.source_function, command.profile, err);
  if (!function) return kExitError;
  const profile::ProfileFunction& entry = data.functions[*function];
  if (entry.file.empty()) {
    err << "wasmprof: error: " << command.profile << " has no source file for " << entry.name
        << ": its guest had no DWARF (build it with -g)\n";
    return kExitError;
  }
  // Without roots, the file is read where the DWARF says (a relative path: from here), as
  // perf annotate does: the reader is the user, on their own machine.
  // A profile written with --embed-sources holds the text itself.
  if (auto embedded = data.source_texts.find(entry.file); embedded != data.source_texts.end()) {
    out << profile::format_annotated_source(data, profile::function_heat(data, *function), &embedded->second);
    return kExitOk;
  }
  std::vector<std::string> roots = command.source_roots;
  if (roots.empty()) roots.push_back(entry.file[0] == '/' ? "/" : ".");
  std::optional<std::string> text;
  Result<std::string> read = read_source_under_roots(roots, entry.file);
  if (read) {
    text = std::move(read).value();
  } else {
    err << "wasmprof: note: " << read.error().message
        << (command.source_roots.empty() ? "; pass the folder of the sources with --source-root DIR" : "") << "\n";
  }
  out << profile::format_annotated_source(data, profile::function_heat(data, *function), text ? &*text : nullptr);
  return kExitOk;
}

}  // namespace

std::optional<LoadedProfile> load_profile(const std::string& path, std::ostream& err) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) {
    err << "wasmprof: error: " << bytes.error().message << "\n";
    return std::nullopt;
  }
  Result<profile::ProfileData> data = profile::read_firefox_profile_bytes(bytes.value());
  if (!data) {
    // The reader's message says what it is not ("not a processed profile ..."): not a module.
    err << "wasmprof: error: " << path << ": " << data.error().message << "\n";
    return std::nullopt;
  }
  return LoadedProfile{std::move(bytes).value(), std::move(data).value()};
}

int report_command(const ReportCommand& command, std::ostream& out, std::ostream& err) {
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
  if (command.asm_function) return annotate_instructions(command, *data, out, err);
  if (command.source_function) return annotate_source(command, *data, out, err);
  if (command.lines && !has_source_lines(*data)) {
    err << "wasmprof: error: " << command.profile << " has no source lines: its guest had no DWARF (build it with -g),\n"
        << "or DWARF that did not describe its code; `report` without --lines shows the functions\n";
    return kExitError;
  }
  profile::ReportOptions options;
  options.top = command.top;
  options.tree = command.tree;
  options.lines = command.lines;
  out << profile::format_report(*data, options);
  return kExitOk;
}

int convert_command(const ConvertCommand& command, std::ostream& out, std::ostream& err) {
  const std::string& to = command.to;
  if (to != "collapsed" && to != "pprof" && to != "cpuprofile" && to != "speedscope") {
    err << "wasmprof: error: unknown format '" << to << "' (wasmprof converts to: " << kConvertFormats << ")\n";
    return kExitUsage;
  }
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
  Result<std::string> bytes = convert(*data, to);
  if (!bytes) {
    err << "wasmprof: error: " << command.profile << ": " << bytes.error().message << "\n";
    return kExitError;
  }
  if (!command.output) {
    out << bytes.value();
    return kExitOk;
  }
  return write_file(*command.output, bytes.value(), err) ? kExitOk : kExitError;
}

int flamegraph_command(const FlamegraphCommand& command, std::ostream& err) {
  std::optional<profile::ProfileData> data = read_profile(command.profile, err);
  if (!data) return kExitError;
  profile::FlamegraphOptions options;
  options.title = command.title;
  options.width = command.width;
  Result<std::string> svg = profile::flamegraph_svg(*data, options);
  if (!svg) {
    err << "wasmprof: error: " << command.profile << ": " << svg.error().message << "\n";
    return svg.error().kind == ErrorKind::Usage ? kExitUsage : kExitError;
  }
  return write_file(command.output, svg.value(), err) ? kExitOk : kExitError;
}

}  // namespace wasmprof::cli
