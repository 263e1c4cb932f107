#include "cli/run_options.hh"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <span>

namespace wasmprof::cli {
namespace {

Error usage(std::string message) {
  Error error;
  error.kind = ErrorKind::Usage;
  error.message = std::move(message);
  return error;
}

bool parse_number(std::string_view text, double& value) {
  if (text.empty()) return false;
  // std::from_chars for double is in libstdc++ 11+, which Debian 12 has.
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value >= 0;
}

}  // namespace

std::string guest_argv0(const RunOptions& options) {
  if (options.argv0) return *options.argv0;
  const std::string& file = options.wasm_file;
  return file.substr(file.rfind('/') + 1);
}

std::vector<std::string> guest_environment(const RunOptions& options, char** host_environment) {
  std::vector<std::string> env;
  auto set = [&env](std::string entry) {
    const std::string_view name = std::string_view(entry).substr(0, entry.find('='));
    std::erase_if(env, [name](const std::string& old) { return old.size() > name.size() && old.starts_with(name) && old[name.size()] == '='; });
    env.push_back(std::move(entry));
  };
  if (options.inherit_env && host_environment)
    for (char** entry = host_environment; *entry; ++entry) set(*entry);
  for (const std::string& entry : options.envs) {
    if (entry.find('=') != std::string::npos) {
      set(entry);
    } else if (const char* value = std::getenv(entry.c_str())) {
      set(entry + "=" + value);
    }
  }
  return env;
}

Result<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}};
  double scale = 1e6;  // bare numbers are milliseconds
  std::string_view number = text;
  for (const auto& [suffix, factor] : kUnits) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      const std::string_view head = text.substr(0, text.size() - suffix.size());
      double ignored;
      if (!parse_number(head, ignored)) continue;  // "10ms" must not match "s" with head "10m"
      number = head;
      scale = factor;
      break;
    }
  }
  double value = 0;
  if (!parse_number(number, value)) return usage("invalid duration '" + std::string(text) + "' (try 10ms, 500us, 1s)");
  const double nanoseconds = value * scale;
  if (nanoseconds < 1000 || nanoseconds > 3600e9)
    return usage("duration '" + std::string(text) + "' is out of range (1us to 1h)");
  return std::chrono::nanoseconds(int64_t(nanoseconds));
}

Result<ProfileRequest> parse_profile_request(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const size_t comma = text.find(',');
    parts.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (parts[0] != "guest")
    return usage("unknown profiling strategy '" + std::string(parts[0]) + "' (wasmprof has 'guest')");
  if (parts.size() > 4) return usage("--profile takes at most guest,PATH,INTERVAL,MODE");
  ProfileRequest request;
  if (parts.size() > 1 && !parts[1].empty()) request.path = std::string(parts[1]);
  if (parts.size() > 2 && !parts[2].empty()) {
    Result<std::chrono::nanoseconds> interval = parse_duration(parts[2]);
    if (!interval) return interval.error();
    request.interval = interval.value();
  }
  if (parts.size() > 3) {
    if (parts[3] == "epoch")
      request.mode = ProfileMode::Epoch;
    else if (parts[3] == "precise")
      request.mode = ProfileMode::Precise;
    else
      return usage("unknown profiling mode '" + std::string(parts[3]) + "' (precise or epoch)");
  }
  return request;
}

namespace {

bool same_letters(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

// NUMBER followed by one of `units` (compared in any case): the number times the unit's factor.
std::optional<uint64_t> scaled_number(std::string_view text, std::span<const std::pair<std::string_view, uint64_t>> units) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view number = text.substr(0, digits), suffix = text.substr(digits);
  uint64_t scale = suffix.empty() ? 1 : 0;
  for (const auto& [unit, factor] : units)
    if (same_letters(suffix, unit)) scale = factor;
  uint64_t value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || scale == 0 || error != std::errc() || end != number.data() + number.size() ||
      value > UINT64_MAX / scale)
    return std::nullopt;
  return value * scale;
}

}  // namespace

Result<uint64_t> parse_size(std::string_view text) {
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
      {"B", 1},          {"K", 1ull << 10},   {"KB", 1ull << 10}, {"KiB", 1ull << 10}, {"M", 1ull << 20},
      {"MB", 1ull << 20}, {"MiB", 1ull << 20}, {"G", 1ull << 30},  {"GB", 1ull << 30},  {"GiB", 1ull << 30},
      {"T", 1ull << 40},  {"TB", 1ull << 40},  {"TiB", 1ull << 40}};
  std::optional<uint64_t> size = scaled_number(text, kUnits);
  if (!size) return usage("invalid size '" + std::string(text) + "' (try 64MiB)");
  return *size;
}

Result<uint64_t> parse_count(std::string_view text) {
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
      {"k", 1'000}, {"M", 1'000'000}, {"G", 1'000'000'000}, {"T", 1'000'000'000'000}};
  std::optional<uint64_t> count = scaled_number(text, kUnits);
  if (!count) return usage("invalid count '" + std::string(text) + "' (try 1000000, 500k, 2G)");
  return *count;
}

Result<std::chrono::nanoseconds> parse_timeout(std::string_view text) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"min", 60e9}, {"h", 3600e9}};
  size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) ++digits;
  const std::string_view suffix = text.substr(digits);
  double scale = suffix.empty() ? 1e9 : 0;  // a bare number is seconds, as in wasmtime
  for (const auto& [unit, factor] : kUnits)
    if (suffix == unit) scale = factor;
  double value = 0;
  if (scale == 0 || !parse_number(text.substr(0, digits), value) || value * scale < 1 || value * scale > 1e18)
    return usage("invalid timeout '" + std::string(text) + "' (try 30, 1.5s, 100ms, 2m)");
  return std::chrono::nanoseconds(int64_t(value * scale));
}

namespace {

Result<bool> parse_flag_value(std::string_view key, std::optional<std::string_view> value) {
  if (!value || *value == "y" || *value == "yes" || *value == "true") return true;
  if (*value == "n" || *value == "no" || *value == "false") return false;
  return usage("invalid value '" + std::string(*value) + "' for " + std::string(key) + " (y or n)");
}

Result<Ok> apply_wasm_option(std::string_view key, std::optional<std::string_view> value, RunOptions& options) {
  auto needs_value = [&key] { return usage("-W " + std::string(key) + " needs a value: -W " + std::string(key) + "=..."); };
  if (key == "timeout") {
    if (!value) return needs_value();
    Result<std::chrono::nanoseconds> timeout = parse_timeout(*value);
    if (!timeout) return timeout.error();
    options.timeout = timeout.value();
  } else if (key == "max-memory-size") {
    if (!value) return needs_value();
    Result<uint64_t> size = parse_size(*value);
    if (!size) return size.error();
    options.max_memory = size.value();
  } else if (key == "max-wasm-stack") {
    if (!value) return needs_value();
    Result<uint64_t> size = parse_size(*value);
    if (!size) return size.error();
    options.max_wasm_stack = size.value();
  } else if (key == "fuel") {
    if (!value) return needs_value();
    Result<uint64_t> fuel = parse_count(*value);
    if (!fuel) return fuel.error();
    options.fuel = fuel.value();
  } else if (key == "unknown-imports-trap") {
    Result<bool> on = parse_flag_value(key, value);
    if (!on) return on.error();
    options.trap_unknown_imports = on.value();
  } else {
    return usage("wasmprof has no -W " + std::string(key) +
                 " (it supports -W timeout, max-memory-size, max-wasm-stack, fuel, unknown-imports-trap)");
  }
  return Ok{};
}

// -C: how code is compiled. wasmtime's `compiler` key chooses between its compilers; here between
// the interpreter and the compiling tier (LLVM).
Result<Ok> apply_codegen_option(std::string_view key, std::optional<std::string_view> value, RunOptions& options) {
  if (key != "compiler")
    return usage("wasmprof has no -C " + std::string(key) + " (it supports -C compiler=interpreter|llvm|tiered)");
  if (value == "interpreter") {
    options.strategy = Strategy::Interpreter;
  } else if (value == "llvm") {
    options.strategy = Strategy::Compiled;
  } else if (value == "tiered") {
    options.strategy = Strategy::Tiered;
  } else {
    return usage("-C compiler needs interpreter, llvm or tiered");
  }
  return Ok{};
}

Result<Ok> apply_wasi_option(std::string_view key, std::optional<std::string_view> value, RunOptions& options) {
  static constexpr std::string_view kNetworking[] = {"inherit-network", "network", "tcp", "udp", "tcplisten",
                                                     "allow-ip-name-lookup"};
  Result<bool> on = parse_flag_value(key, value);
  if (key == "inherit-env") {
    if (!on) return on.error();
    options.inherit_env = on.value();
    return Ok{};
  }
  if (std::find(std::begin(kNetworking), std::end(kNetworking), key) != std::end(kNetworking)) {
    if (on && !on.value()) return Ok{};  // turning off what wasmprof lacks anyway
    return usage("-S " + std::string(key) + ": wasmprof's WASI has no sockets, so it cannot give the guest a network");
  }
  return usage("wasmprof has no -S " + std::string(key) + " (it supports -S inherit-env)");
}

}  // namespace

Result<Ok> apply_wasmtime_option(char group, std::string_view text, RunOptions& options) {
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const size_t equals = item.find('=');
    const std::string_view key = item.substr(0, equals);
    const std::optional<std::string_view> value =
        equals == std::string_view::npos ? std::nullopt : std::optional<std::string_view>(item.substr(equals + 1));
    if (key.empty()) return usage(std::string("-") + group + " needs KEY[=VALUE]");
    Result<Ok> applied = group == 'W'   ? apply_wasm_option(key, value, options)
                         : group == 'C' ? apply_codegen_option(key, value, options)
                                        : apply_wasi_option(key, value, options);
    if (!applied) return applied;
    if (comma == std::string_view::npos) return Ok{};
    text.remove_prefix(comma + 1);
  }
}

}  // namespace wasmprof::cli
