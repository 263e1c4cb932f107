// What `wasmprof run` was asked to do, parsed from its command line.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmprof/result.hh"

namespace wasmprof::cli {

enum class ProfileMode : uint8_t { Precise, Epoch };

// --profile=guest[,PATH[,INTERVAL[,MODE]]]
struct ProfileRequest {
  std::string path = "wasmprof-guest-profile.json";
  std::chrono::nanoseconds interval = std::chrono::milliseconds(10);
  ProfileMode mode = ProfileMode::Precise;
  bool allocations = false;  // --profile-alloc: record the guest allocator's calls too
};

struct RunOptions {
  std::string wasm_file;
  std::vector<std::string> guest_args;  // after the file
  std::optional<std::string> invoke;
  std::vector<std::string> dirs;        // HOST[::GUEST]
  std::vector<std::string> envs;        // NAME[=VALUE]
  std::optional<uint64_t> fuel;
  bool trap_unknown_imports = false;
  std::optional<uint32_t> max_call_depth;
  std::optional<uint64_t> max_memory;  // bytes
  std::optional<ProfileRequest> profile;
};

// "10ms", "500us", "2s", "100ns"; a bare number is milliseconds.
Result<std::chrono::nanoseconds> parse_duration(std::string_view text);
// "guest", "guest,out.json", "guest,out.json,1ms", "guest,out.json,1ms,epoch".
Result<ProfileRequest> parse_profile_request(std::string_view text);
// "64MiB", "1GiB", "65536"; suffixes K/M/G with or without "iB"/"B".
Result<uint64_t> parse_size(std::string_view text);

}  // namespace wasmprof::cli
