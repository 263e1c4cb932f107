// What `wasmprof run` was asked to do, parsed from its command line.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmprof/engine.hh"
#include "wasmprof/result.hh"

namespace wasmprof::cli {

enum class ProfileMode : uint8_t { Precise, Epoch };

// --profile=guest[,PATH[,INTERVAL[,MODE]]]
struct ProfileRequest {
  std::string path = "wasmprof-guest-profile.json";
  std::chrono::nanoseconds interval = std::chrono::milliseconds(10);
  ProfileMode mode = ProfileMode::Precise;
  bool allocations = false;  // --profile-alloc: record the guest allocator's calls too
  // --embed-sources[=DIR]: the texts of the guest's source files found under DIR go into the profile
  std::optional<std::string> embed_sources;
};

struct RunOptions {
  std::string wasm_file;
  std::vector<std::string> guest_args;  // after the file
  std::optional<std::string> argv0;     // the guest's argv[0]; default: the file's base name
  std::optional<std::string> invoke;
  std::vector<std::string> dirs;        // HOST[::GUEST]
  std::vector<std::string> envs;        // NAME[=VALUE]; a later NAME replaces an earlier one
  bool inherit_env = false;             // -S inherit-env: the host's whole environment first
  std::optional<uint64_t> fuel;
  bool trap_unknown_imports = false;
  std::optional<uint32_t> max_call_depth;
  std::optional<uint64_t> max_wasm_stack;  // -W max-wasm-stack: bytes of the interpreter's value stack
  std::optional<uint64_t> max_memory;  // bytes
  std::optional<std::chrono::nanoseconds> timeout;  // -W timeout: wall-clock time the guest may run
  std::optional<ProfileRequest> profile;
  std::optional<Strategy> strategy;  // -C compiler=interpreter|llvm|tiered
};

// The guest's argv[0]: --argv0, else the file's base name, so no host path reaches the guest
// (as wasmtime and node do).
std::string guest_argv0(const RunOptions& options);
// The guest's environment: the host's with -S inherit-env, then each --env in order, a later
// NAME replacing an earlier one; `--env NAME` passes the host's value (nothing if it has none).
std::vector<std::string> guest_environment(const RunOptions& options, char** host_environment);

// "10ms", "500us", "2s", "100ns"; a bare number is milliseconds.
Result<std::chrono::nanoseconds> parse_duration(std::string_view text);
// "guest", "guest,out.json", "guest,out.json,1ms", "guest,out.json,1ms,epoch".
Result<ProfileRequest> parse_profile_request(std::string_view text);
// "64MiB", "1GiB", "65536"; suffixes K/M/G/T with or without "iB"/"B", in any case (powers of 1024).
Result<uint64_t> parse_size(std::string_view text);
// A count such as fuel: "100000", "1k", "5M", "1G", "2T", in any case (powers of 1000).
Result<uint64_t> parse_count(std::string_view text);
// A time limit as wasmtime reads one: "30" (seconds), "1.5s", "100ms", "2m", "1h".
Result<std::chrono::nanoseconds> parse_timeout(std::string_view text);
// One `-W` ('W', wasm) or `-S` ('S', WASI) option of wasmtime run: KEY[=VALUE][,KEY[=VALUE]...],
// applied to `options`. Keys wasmprof has no feature for are refused by name.
Result<Ok> apply_wasmtime_option(char group, std::string_view text, RunOptions& options);

}  // namespace wasmprof::cli
