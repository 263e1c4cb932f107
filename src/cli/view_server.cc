#include "cli/view_server.hh"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/run.hh"
#include "cli/views.hh"

namespace wasmprof::cli {
namespace {

constexpr size_t kMaxRequestHeader = 16 * 1024;
constexpr int kRequestTimeoutMs = 5000;
constexpr const char* kAllowedOrigin = "*";  // any page may read it; it is only ever on loopback

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

// SIGINT and SIGTERM blocked and readable from a descriptor while the server runs, so the
// accept loop sees them without a handler or a global flag; the old mask comes back after.
class SignalsAsDescriptor {
 public:
  SignalsAsDescriptor() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    fd_ = signalfd(-1, &signals_, SFD_CLOEXEC);
  }
  ~SignalsAsDescriptor() {
    if (fd_ >= 0) close(fd_);
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SignalsAsDescriptor(const SignalsAsDescriptor&) = delete;
  SignalsAsDescriptor& operator=(const SignalsAsDescriptor&) = delete;
  int fd() const { return fd_; }

 private:
  sigset_t signals_{}, previous_{};
  int fd_ = -1;
};

bool send_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t sent = send(fd, data, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data += sent;
    size -= size_t(sent);
  }
  return true;
}

// The request line and headers, or nothing when the client is too slow, too long or gone.
std::optional<std::string> read_request_header(int fd) {
  std::string header;
  char buffer[2048];
  while (header.find("\r\n\r\n") == std::string::npos) {
    if (header.size() > kMaxRequestHeader) return std::nullopt;
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, kRequestTimeoutMs) <= 0) return std::nullopt;
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    header.append(buffer, size_t(got));
  }
  return header;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += char(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Served {
  std::string bytes;
  std::string url_path;  // "/" + the file's name
  std::string content_type;
};

std::string response_head(const char* status, const std::string& extra) {
  return std::string("HTTP/1.1 ") + status + "\r\nAccess-Control-Allow-Origin: " + kAllowedOrigin +
         "\r\nConnection: close\r\n" + extra + "\r\n";
}

// Answers one request; true when it was a GET (or HEAD) of the file.
bool answer(int client, const Served& served) {
  const std::optional<std::string> header = read_request_header(client);
  if (!header) return false;
  const size_t method_end = header->find(' ');
  const size_t target_end = method_end == std::string::npos ? std::string::npos : header->find(' ', method_end + 1);
  if (target_end == std::string::npos) {
    const std::string head = response_head("400 Bad Request", "Content-Length: 0\r\n");
    send_all(client, head.data(), head.size());
    return false;
  }
  const std::string method = header->substr(0, method_end);
  std::string target = header->substr(method_end + 1, target_end - method_end - 1);
  target = target.substr(0, target.find('?'));
  if (method == "OPTIONS") {
    // The CORS preflight: allow the simple methods and whatever headers the page sends.
    const std::string head = response_head("204 No Content",
                                           "Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n"
                                           "Access-Control-Allow-Headers: *\r\nAccess-Control-Max-Age: 600\r\n"
                                           "Content-Length: 0\r\n");
    send_all(client, head.data(), head.size());
    return false;
  }
  if (method != "GET" && method != "HEAD") {
    const std::string head = response_head("405 Method Not Allowed", "Allow: GET, HEAD, OPTIONS\r\nContent-Length: 0\r\n");
    send_all(client, head.data(), head.size());
    return false;
  }
  if (percent_decode(target) != served.url_path) {
    const std::string body = "not found; this server has only " + served.url_path + "\n";
    const std::string head = response_head(
        "404 Not Found", "Content-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n");
    send_all(client, head.data(), head.size());
    if (method == "GET") send_all(client, body.data(), body.size());
    return false;
  }
  const std::string head = response_head("200 OK", "Content-Type: " + served.content_type +
                                                        "\r\nContent-Length: " + std::to_string(served.bytes.size()) +
                                                        "\r\nCache-Control: no-store\r\n");
  const bool sent = send_all(client, head.data(), head.size()) &&
                    (method == "HEAD" || send_all(client, served.bytes.data(), served.bytes.size()));
  return sent && method == "GET";
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

  SignalsAsDescriptor signals;
  if (signals.fd() < 0) return failure(std::string("cannot watch for SIGINT: ") + std::strerror(errno));
  FileDescriptor listener(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.get() < 0) return failure(std::string("cannot create a socket: ") + std::strerror(errno));
  const int reuse = 1;
  setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(command.port);
  if (bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return failure("cannot listen on 127.0.0.1:" + std::to_string(command.port) + ": " + std::strerror(errno));
  if (listen(listener.get(), 16) != 0) return failure(std::string("cannot listen: ") + std::strerror(errno));
  socklen_t length = sizeof address;
  if (getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return failure(std::string("cannot find the port: ") + std::strerror(errno));
  const std::string file_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/" + percent_encode(name);

  out << "Serving " << command.profile << " at " << file_url << "\n"
      << "Open it in the Firefox Profiler:\n  " << firefox_profiler_link(file_url) << "\n"
      << "Press Ctrl-C to stop.\n";
  out.flush();

  uint32_t served_count = 0;
  while (!command.exit_after || served_count < *command.exit_after) {
    pollfd ready[2] = {{listener.get(), POLLIN, 0}, {signals.fd(), POLLIN, 0}};
    if (poll(ready, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return failure(std::string("poll failed: ") + std::strerror(errno));
    }
    if (ready[1].revents & POLLIN) {
      signalfd_siginfo info{};
      if (read(signals.fd(), &info, sizeof info) < 0) info.ssi_signo = SIGINT;
      out << "Stopped (" << (info.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT") << ").\n";
      return kExitOk;
    }
    if (!(ready[0].revents & POLLIN)) continue;
    FileDescriptor client(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (client.get() < 0) continue;  // the client gave up between poll and accept
    if (answer(client.get(), served)) ++served_count;
  }
  out << "Served the file " << served_count << " time" << (served_count == 1 ? "" : "s") << "; stopping.\n";
  return kExitOk;
}

}  // namespace wasmprof::cli
