// `wasmprof view`: serves one profile file on 127.0.0.1 so that profiler.firefox.com can load
// it (its /from-url/ route fetches the file from the browser, hence the CORS headers), and
// prints the link. The HTTP is cpp-httplib's: one request per connection, a few at once.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace wasmprof::cli {

struct ViewCommand {
  std::string profile;
  uint16_t port = 0;                    // 0: an ephemeral port
  std::optional<uint32_t> exit_after;   // stop after serving the file this many times (tests)
};

// Serves until SIGINT or SIGTERM (exit status 0) or until exit_after GETs of the file.
int view_command(const ViewCommand& command, std::ostream& out, std::ostream& err);

// "https://profiler.firefox.com/from-url/<the file's URL, percent-encoded>/".
std::string firefox_profiler_link(const std::string& file_url);

// Percent-encoding of everything but RFC 3986's unreserved characters.
std::string percent_encode(const std::string& text);

}  // namespace wasmprof::cli
