// `wasmprof view`: serves one profile file on 127.0.0.1 so that profiler.firefox.com can load
// it (its /from-url/ route fetches the file from the browser, hence the CORS headers), and
// prints the link. With it, the symbol server the frontend's source and assembly views ask
// (samply's API: POST /source/v1 and /asm/v1): source files only from inside the roots given,
// wasm instructions only of module files whose bytes are the profiled ones. Everything is
// served under a random path, so another page cannot guess its way to it. The HTTP is
// cpp-httplib's: one request per connection, a few at once.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace wasmprof::cli {

struct ViewCommand {
  std::string profile;
  uint16_t port = 0;                    // 0: an ephemeral port
  std::optional<uint32_t> exit_after;   // stop after serving the file this many times (tests)
  std::vector<std::string> modules;       // module files, matched to the profile's libs by file name
  std::vector<std::string> source_roots;  // the folders /source/v1 may read from
};

// Serves until SIGINT or SIGTERM (exit status 0) or until exit_after GETs of the file.
int view_command(const ViewCommand& command, std::ostream& out, std::ostream& err);

// "https://profiler.firefox.com/from-url/<the file's URL, percent-encoded>/", and with a symbol
// server "?symbolServer=<its URL, percent-encoded>".
std::string firefox_profiler_link(const std::string& file_url, const std::string& symbol_server = "");

// Percent-encoding of everything but RFC 3986's unreserved characters.
std::string percent_encode(const std::string& text);

}  // namespace wasmprof::cli
