#include "cli/view_server.hh"

#include <arpa/inet.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "cli/run.hh"
#include "cli/stop_signals.hh"
#include "cli/views.hh"

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

struct Served {
  std::string bytes;
  std::string url_path;  // "/" + the file's name
  std::string content_type;
  std::optional<uint32_t> exit_after;
  std::atomic<uint32_t> count{0};  // GETs of the file answered
};

// Answers every request (httplib has already percent-decoded the path and split off the query).
void answer(const Served& served, const httplib::Request& request, httplib::Response& response) {
  if (request.method == "OPTIONS") {
    // The CORS preflight: allow the simple methods and whatever headers the page sends.
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    response.set_header("Access-Control-Allow-Headers", "*");
    response.set_header("Access-Control-Max-Age", "600");
    return;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    response.status = 405;
    response.set_header("Allow", "GET, HEAD, OPTIONS");
    return;
  }
  if (request.path != served.url_path) {
    response.status = 404;
    response.set_content("not found; this server has only " + served.url_path + "\n", "text/plain");
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

std::string firefox_profiler_link(const std::string& file_url) {
  return "https://profiler.firefox.com/from-url/" + percent_encode(file_url) + "/";
}

int view_command(const ViewCommand& command, std::ostream& out, std::ostream& err) {
  auto failure = [&](const std::string& message) {
    err << "wasmprof: error: " << message << "\n";
    return kExitError;
  };
  Served served;
  {
    // Only a profile is served: the Firefox Profiler would refuse anything else less clearly.
    std::optional<LoadedProfile> loaded = load_profile(command.profile, err);
    if (!loaded) return kExitError;
    served.bytes = std::move(loaded->bytes);
  }
  const bool gzipped = served.bytes.size() >= 2 && uint8_t(served.bytes[0]) == 0x1f && uint8_t(served.bytes[1]) == 0x8b;
  served.content_type = gzipped ? "application/gzip" : "application/json";
  const std::string name = base_name(command.profile);
  served.url_path = "/" + name;
  served.exit_after = command.exit_after;

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
    answer(served, request, response);
    return httplib::Server::HandlerResponse::Handled;
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
  const std::string file_url = "http://127.0.0.1:" + std::to_string(port) + "/" + percent_encode(name);

  out << "Serving " << command.profile << " at " << file_url << "\n"
      << "Open it in the Firefox Profiler:\n  " << firefox_profiler_link(file_url) << "\n"
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
