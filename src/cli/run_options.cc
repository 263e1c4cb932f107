#include "cli/run_options.hh"

#include <charconv>

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

Result<uint64_t> parse_size(std::string_view text) {
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
      {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}, {"KB", 1ull << 10}, {"MB", 1ull << 20},
      {"GB", 1ull << 30},  {"K", 1ull << 10},   {"M", 1ull << 20},   {"G", 1ull << 30},  {"B", 1}};
  uint64_t scale = 1;
  std::string_view number = text;
  for (const auto& [suffix, factor] : kUnits) {
    if (text.ends_with(suffix)) {
      number = text.substr(0, text.size() - suffix.size());
      scale = factor;
      break;
    }
  }
  uint64_t value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() || value > (UINT64_MAX / scale))
    return usage("invalid size '" + std::string(text) + "' (try 64MiB)");
  return value * scale;
}

}  // namespace wasmprof::cli
