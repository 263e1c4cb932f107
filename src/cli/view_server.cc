#include "cli/view_server.hh"

#include <arpa/inet.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "cli/code_listing.hh"
#include "cli/run.hh"
#include "cli/stop_signals.hh"
#include "cli/views.hh"
#include "profile/format/json_object.hh"
#include "profile/format/json_writer.hh"

namespace wasmprof::cli {
namespace {

constexpr int kRequestTimeoutMs = 5000;       // per wait to read or write a connection
constexpr size_t kMaxRequest = 16 * 1024;      // request line, headers and any body, all told
constexpr size_t kWorkers = 4;                 // a tab's preflight and GET, and a spare connection or two
constexpr const char* kAllowedOrigin = "*";    // any page may read it; it is only ever on loopback

// Closes the descriptor it owns.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// SIGINT and SIGTERM blocked and readable from a descriptor while the server runs, so a thread
// of ours sees them without a handler or a global flag; the old mask comes back after. Created
// before the server's threads, which inherit the mask, so no signal lands in one of them.
class SignalsAsDescriptor {
 public:
  SignalsAsDescriptor() {
    fd_ = signalfd(-1, &blocked_.signals(), SFD_CLOEXEC);
  }
  ~SignalsAsDescriptor() {
    if (fd_ >= 0) close(fd_);
    // The server is done; a second Ctrl-C while it was stopping (or one signal sent twice, as
    // `timeout` does to its child and its process group) must not kill it as the mask goes.
    const timespec no_wait{};
    while (sigtimedwait(&blocked_.signals(), nullptr, &no_wait) > 0) {
    }
  }  // then blocked_ puts the old mask back
  SignalsAsDescriptor(const SignalsAsDescriptor&) = delete;
  SignalsAsDescriptor& operator=(const SignalsAsDescriptor&) = delete;
  int fd() const { return fd_; }

 private:
  StopSignalsBlocked blocked_;
  int fd_ = -1;
};

// A connection as httplib reads and writes it, with the bounds this server has always had: each
// wait for the peer lasts at most kRequestTimeoutMs, and a request ends after kMaxRequest bytes
// (httplib 0.11 bounds each header line, 8 KiB, but not how many lines there are).
class BoundedSocketStream : public httplib::Stream {
 public:
  explicit BoundedSocketStream(int fd) : fd_(fd) {}

  bool is_readable() const override { return begin_ < end_ || ready_for(POLLIN); }
  bool is_writable() const override { return ready_for(POLLOUT); }

  ssize_t read(char* out, size_t size) override {
    if (begin_ == end_) {
      if (received_ >= kMaxRequest || !ready_for(POLLIN)) return -1;
      const ssize_t got = recv(fd_, buffer_, std::min(sizeof buffer_, kMaxRequest - received_), 0);
      if (got <= 0) return got;
      received_ += size_t(got);
      begin_ = 0;
      end_ = size_t(got);
    }
    const size_t count = std::min(size, end_ - begin_);
    std::memcpy(out, buffer_ + begin_, count);
    begin_ += count;
    return ssize_t(count);
  }

  ssize_t write(const char* data, size_t size) override {
    if (!ready_for(POLLOUT)) return -1;
    return send(fd_, data, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(getsockname, ip, port); }
  socket_t socket() const override { return fd_; }

 private:
  bool ready_for(short events) const {
    pollfd ready{fd_, events, 0};
    int result;
    do result = poll(&ready, 1, kRequestTimeoutMs);
    while (result < 0 && errno == EINTR);
    return result > 0 && (ready.revents & events);
  }

  void address(int (*query)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    char text[INET_ADDRSTRLEN] = {};
    if (query(fd_, reinterpret_cast<sockaddr*>(&peer), &length) == 0 &&
        inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text) != nullptr) {
      ip = text;
      port = ntohs(peer.sin_port);
    }
  }

  int fd_;
  char buffer_[4096];  // httplib reads a request line and headers a byte at a time
  size_t begin_ = 0, end_ = 0, received_ = 0;
};

// httplib's server, reading each connection through a BoundedSocketStream: one request per
// connection (what a browser's preflight and GET need), then the connection closes.
class BoundedServer : public httplib::Server {
 private:
  bool process_and_close_socket(socket_t socket) override {
    BoundedSocketStream stream(socket);
    bool closed = false;
    const bool processed = process_request(stream, /*close_connection=*/true, closed, [](httplib::Request&) {});
    shutdown(socket, SHUT_RDWR);
    close(socket);
    return processed;
  }
};

// Adds 1 to an eventfd's counter, which wakes whoever polls it (a write of 1 cannot fail: the
// counter would have to be near 2^64 first).
void notify(int eventfd) {
  const uint64_t one = 1;
  while (write(eventfd, &one, sizeof one) < 0 && errno == EINTR) {
  }
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What the symbol server knows: the profile's libs with the module file of each (if given and
// its bytes are the profiled ones), its source files, the roots they may be read from.
struct SymbolServer {
  const profile::ProfileData* data = nullptr;
  std::vector<std::string> roots;
  std::set<std::string> source_files;  // the paths the profile names
  struct Lib {
    std::optional<ModuleCode> code;
    std::string missing;  // why there is no code: no --module of its name, or other bytes
  };
  std::vector<Lib> libs;  // by the profile's lib index
  std::ostream* log = nullptr;
  std::mutex log_mutex;  // requests are answered on several threads

  void note(const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    *log << "wasmprof: view: " << line << "\n";
    log->flush();
  }
};

struct Served {
  std::string bytes;
  std::string prefix;    // "/" + a random token: every path served is under it
  std::string url_path;  // prefix + "/" + the file's name
  std::string content_type;
  std::optional<uint32_t> exit_after;
  std::atomic<uint32_t> count{0};  // GETs of the file answered
  SymbolServer symbols;
};

// A symbol-server answer: JSON the frontend reads, an error member when it shows one.
void json_answer(httplib::Response& response, int status, const std::string& json) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(json, "application/json");
}

void error_answer(httplib::Response& response, int status, const std::string& message) {
  std::ostringstream json;
  {
    profile::JsonWriter writer(json);
    writer.begin_object();
    writer.key("error");
    writer.string(message);
    writer.end_object();
  }
  json_answer(response, status, json.str());
}

std::optional<uint32_t> parse_hex_address(const std::string& text) {
  if (text.size() < 3 || text.size() > 10 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = 2; i < text.size(); ++i) {
    const char c = text[i];
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + uint32_t(digit);
  }
  return value;
}

std::string hex_address(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", value);
  return text;
}

using Members = std::map<std::string, std::string>;

// The request's members, or nothing after answering 400 with what is wrong.
std::optional<Members> request_members(const httplib::Request& request, httplib::Response& response,
                                       std::initializer_list<const char*> required) {
  Result<Members> members = profile::read_flat_json_object(request.body);
  if (!members) {
    error_answer(response, 400, "malformed request: " + members.error().message);
    return std::nullopt;
  }
  for (const char* name : required) {
    if (!members->count(name)) {
      error_answer(response, 400, std::string("malformed request: no '") + name + "'");
      return std::nullopt;
    }
  }
  return std::move(members).value();
}

// The profile's lib that debugName and debugId name, or nothing after answering why not.
std::optional<uint32_t> requested_lib(SymbolServer& server, const Members& members, httplib::Response& response) {
  const std::string& name = members.at("debugName");
  const std::string& id = members.at("debugId");
  for (uint32_t i = 0; i < server.data->modules.size(); ++i) {
    const profile::ProfileModule& lib = server.data->modules[i];
    if (lib.name == name && strcasecmp(lib.breakpad_id.c_str(), id.c_str()) == 0) return i;
  }
  server.note("unknown module " + name + " " + id + " asked for");
  error_answer(response, 404, "unknown module: the profile has no lib " + name + " with id " + id);
  return std::nullopt;
}

void answer_source(SymbolServer& server, const httplib::Request& request, httplib::Response& response) {
  std::optional<Members> members = request_members(request, response, {"debugName", "debugId", "file"});
  if (!members || !requested_lib(server, *members, response)) return;
  const std::string& file = members->at("file");
  if (!server.source_files.count(file)) {
    server.note("refused /source/v1 for " + file + ": not a source file of the profile");
    error_answer(response, 403, "refused: " + file + " is not a source file of the profile");
    return;
  }
  if (server.roots.empty()) {
    server.note("asked for " + file + ", but no source roots were given: pass the folder of the sources with --source-root DIR");
    error_answer(response, 404, "no source roots: start wasmprof view with --source-root DIR to show " + file);
    return;
  }
  Result<std::string> text = read_source_under_roots(server.roots, file);
  if (!text) {
    const bool refused = text.error().kind == ErrorKind::Usage;
    server.note((refused ? "" : "not found: ") + text.error().message);
    error_answer(response, refused ? 403 : 404, text.error().message);
    return;
  }
  std::ostringstream json;
  {
    profile::JsonWriter writer(json);
    writer.begin_object();
    writer.key("symbolsLastModified");
    writer.null();
    writer.key("sourceLastModified");
    writer.null();
    writer.key("file");
    writer.string(file);
    writer.key("source");
    writer.string(text.value());
    writer.end_object();
  }
  json_answer(response, 200, json.str());
}

void answer_asm(SymbolServer& server, const httplib::Request& request, httplib::Response& response) {
  std::optional<Members> members = request_members(request, response, {"debugName", "debugId", "startAddress"});
  if (!members) return;
  const std::optional<uint32_t> lib = requested_lib(server, *members, response);
  if (!lib) return;
  const std::optional<uint32_t> start = parse_hex_address(members->at("startAddress"));
  if (!start) {
    error_answer(response, 400, "malformed request: startAddress is not a hex address: " + members->at("startAddress"));
    return;
  }
  const SymbolServer::Lib& entry = server.libs[*lib];
  if (!entry.code) {
    error_answer(response, 404, entry.missing);
    return;
  }
  const std::optional<ModuleCode::Body> body = entry.code->body_at(*start);
  if (!body) {
    error_answer(response, 404, "no function of " + server.data->modules[*lib].name + " at " + hex_address(*start));
    return;
  }
  Result<std::vector<PrintedInstruction>> printed = body_instructions(*entry.code, *body);
  if (!printed) {
    error_answer(response, 500, printed.error().to_string());
    return;
  }
  std::ostringstream json;
  {
    profile::JsonWriter writer(json);
    writer.begin_object();
    writer.key("startAddress");
    writer.string(hex_address(body->offset));
    writer.key("size");
    writer.string(hex_address(body->size));
    writer.key("arch");
    writer.string("wasm32");
    writer.key("syntax");
    writer.begin_array();
    writer.string("wat");
    writer.end_array();
    writer.key("instructions");
    writer.begin_array();
    for (const PrintedInstruction& instruction : printed.value()) {
      writer.begin_array();
      writer.number(instruction.module_offset - body->offset);
      writer.string(std::string(2 * size_t(instruction.depth), ' ') + instruction.text);
      writer.end_array();
    }
    writer.end_array();
    writer.end_object();
  }
  json_answer(response, 200, json.str());
}

// Whether a request is one of the symbol server's, which httplib routes after reading its body.
bool is_symbol_request(const Served& served, const httplib::Request& request) {
  return request.method == "POST" &&
         (request.path == served.prefix + "/source/v1" || request.path == served.prefix + "/asm/v1");
}

// Answers every other request (httplib has already percent-decoded the path and split off the query).
void answer(Served& served, const httplib::Request& request, httplib::Response& response) {
  if (request.method == "OPTIONS") {
    // The CORS preflight: allow the simple methods and whatever headers the page sends.
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
    response.set_header("Access-Control-Allow-Headers", "*");
    response.set_header("Access-Control-Max-Age", "600");
    return;
  }
  if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") {
    response.status = 405;
    response.set_header("Allow", "GET, HEAD, POST, OPTIONS");
    return;
  }
  if (request.path != served.url_path || request.method == "POST") {
    response.status = 404;
    response.set_content("not found\n", "text/plain");
    return;
  }
  response.status = 200;
  response.set_header("Cache-Control", "no-store");
  // Streamed from the one copy in memory (no copy per request); a HEAD gets the length only.
  response.set_content_provider(served.bytes.size(), served.content_type,
                                [&served](size_t offset, size_t length, httplib::DataSink& sink) {
                                  return sink.write(served.bytes.data() + offset, length);
                                });
}

// A path no one can guess: 16 random bytes in hex.
std::optional<std::string> random_token() {
  uint8_t bytes[16];
  if (getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (uint8_t byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 15];
  }
  return token;
}

// Matches the --module files to the profile's libs by file name and checks their bytes; says
// on `out` what the views will lack and how to get it.
void prepare_symbols(const ViewCommand& command, const profile::ProfileData& data, SymbolServer& symbols,
                     std::ostream& out, std::ostream& err) {
  symbols.data = &data;
  symbols.roots = command.source_roots;
  symbols.log = &err;
  for (const profile::ProfileFunction& function : data.functions)
    if (!function.file.empty()) symbols.source_files.insert(function.file);
  symbols.libs.resize(data.modules.size());
  for (size_t i = 0; i < data.modules.size(); ++i)
    symbols.libs[i].missing = "no module file for " + data.modules[i].name + ": start wasmprof view with --module " +
                              data.modules[i].name + " to show its instructions";
  for (const std::string& path : command.modules) {
    const std::string name = base_name(path);
    auto lib = std::find_if(data.modules.begin(), data.modules.end(),
                            [&](const profile::ProfileModule& module) { return module.name == name; });
    if (lib == data.modules.end()) {
      err << "wasmprof: warning: " << path << ": the profile has no module named " << name << "; not served\n";
      continue;
    }
    const size_t index = size_t(lib - data.modules.begin());
    Result<ModuleCode> code = load_module_code(path);
    if (!code) {
      err << "wasmprof: warning: " << code.error().message << "; its instructions will not be shown\n";
      continue;
    }
    if (code->id != lib->breakpad_id) {
      symbols.libs[index].missing = "refused " + path + ": its bytes are not those of the profiled " + name + " (id " +
                                    code->id + ", the profile's " + lib->breakpad_id + "); was it rebuilt?";
      err << "wasmprof: warning: " << symbols.libs[index].missing << "\n";
      continue;
    }
    symbols.libs[index].code = std::move(code).value();
  }
  if (command.source_roots.empty() && !symbols.source_files.empty())
    out << "The profile names source files (e.g. " << *symbols.source_files.begin()
        << "); to show them, pass the folder that holds them with --source-root DIR.\n";
  if (command.modules.empty() && !data.modules.empty())
    out << "To show wasm instructions, pass the profiled module with --module " << data.modules.front().name << ".\n";
}

// Called once a response has been written: counts the GETs of the file, and stops the server
// after --exit-after of them (stopping any earlier would cut the body short: httplib stops
// writing bodies once the server stops).
void after_response(httplib::Server& server, Served& served, const httplib::Request& request,
                    const httplib::Response& response) {
  if (request.method != "GET" || response.status != 200) return;
  const uint32_t count = ++served.count;
  if (served.exit_after && count >= *served.exit_after) server.stop();
}

}  // namespace

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = uint8_t(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

std::string firefox_profiler_link(const std::string& file_url, const std::string& symbol_server) {
  std::string link = "https://profiler.firefox.com/from-url/" + percent_encode(file_url) + "/";
  if (!symbol_server.empty()) link += "?symbolServer=" + percent_encode(symbol_server);
  return link;
}

int view_command(const ViewCommand& command, std::ostream& out, std::ostream& err) {
  auto failure = [&](const std::string& message) {
    err << "wasmprof: error: " << message << "\n";
    return kExitError;
  };
  Served served;
  std::optional<LoadedProfile> loaded = load_profile(command.profile, err);
  if (!loaded) return kExitError;  // only a profile is served: the frontend would refuse anything else less clearly
  served.bytes = std::move(loaded->bytes);
  const bool gzipped = served.bytes.size() >= 2 && uint8_t(served.bytes[0]) == 0x1f && uint8_t(served.bytes[1]) == 0x8b;
  served.content_type = gzipped ? "application/gzip" : "application/json";
  const std::optional<std::string> token = random_token();
  if (!token) return failure(std::string("cannot read random bytes: ") + std::strerror(errno));
  const std::string name = base_name(command.profile);
  served.prefix = "/" + *token;
  served.url_path = served.prefix + "/" + name;
  served.exit_after = command.exit_after;
  prepare_symbols(command, loaded->data, served.symbols, out, err);

  SignalsAsDescriptor signals;
  if (signals.fd() < 0) return failure(std::string("cannot watch for SIGINT: ") + std::strerror(errno));
  FileDescriptor listening_ended(eventfd(0, EFD_CLOEXEC));
  if (listening_ended.get() < 0) return failure(std::string("cannot create an eventfd: ") + std::strerror(errno));

  BoundedServer server;
  // A few connections at once: a client that connects and says nothing holds one worker until
  // the timeout, not the server.
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  server.set_payload_max_length(kMaxRequest);
  server.set_default_headers({{"Access-Control-Allow-Origin", kAllowedOrigin}});
  // httplib's default adds SO_REUSEPORT, which would let a second server share the port.
  server.set_socket_options([](socket_t socket) {
    const int reuse = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
  });
  server.set_pre_routing_handler([&](const httplib::Request& request, httplib::Response& response) {
    if (is_symbol_request(served, request)) return httplib::Server::HandlerResponse::Unhandled;
    answer(served, request, response);
    return httplib::Server::HandlerResponse::Handled;
  });
  // The token is hex: the paths are their own patterns.
  server.Post(served.prefix + "/source/v1", [&](const httplib::Request& request, httplib::Response& response) {
    answer_source(served.symbols, request, response);
  });
  server.Post(served.prefix + "/asm/v1", [&](const httplib::Request& request, httplib::Response& response) {
    answer_asm(served.symbols, request, response);
  });
  server.set_logger([&](const httplib::Request& request, const httplib::Response& response) {
    after_response(server, served, request, response);
  });
  errno = 0;
  const int port = command.port == 0 ? server.bind_to_any_port("127.0.0.1")
                                     : (server.bind_to_port("127.0.0.1", command.port) ? command.port : -1);
  if (port < 0)
    return failure("cannot listen on 127.0.0.1:" + std::to_string(command.port) +
                   (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string()));
  const std::string server_url = "http://127.0.0.1:" + std::to_string(port) + served.prefix;
  const std::string file_url = server_url + "/" + percent_encode(name);

  out << "Serving " << command.profile << " at " << file_url << "\n"
      << "Open it in the Firefox Profiler:\n  " << firefox_profiler_link(file_url, server_url) << "\n"
      << "Press Ctrl-C to stop.\n";
  out.flush();

  // SIGINT or SIGTERM stops the server, from a thread of its own.
  std::atomic<int> stopped_by{0};
  std::thread watcher([&] {
    pollfd ready[2] = {{signals.fd(), POLLIN, 0}, {listening_ended.get(), POLLIN, 0}};
    while (poll(ready, 2, -1) < 0 && errno == EINTR) {
    }
    if (!(ready[0].revents & POLLIN)) return;  // the server stopped on its own (--exit-after)
    signalfd_siginfo info{};
    stopped_by = read(signals.fd(), &info, sizeof info) == sizeof info ? int(info.ssi_signo) : SIGINT;
    // httplib's stop() does nothing before listening has begun: repeat it until listening ends.
    pollfd ended{listening_ended.get(), POLLIN, 0};
    do {
      server.stop();
    } while (poll(&ended, 1, 50) <= 0);
  });
  const bool listened = server.listen_after_bind();
  notify(listening_ended.get());
  watcher.join();

  if (stopped_by != 0) {
    out << "Stopped (" << (stopped_by == SIGTERM ? "SIGTERM" : "SIGINT") << ").\n";
    return kExitOk;
  }
  if (!listened) return failure(std::string("cannot accept connections: ") + std::strerror(errno));
  const uint32_t served_count = served.count;
  out << "Served the file " << served_count << " time" << (served_count == 1 ? "" : "s") << "; stopping.\n";
  return kExitOk;
}

}  // namespace wasmprof::cli
