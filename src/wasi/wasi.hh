// WASI preview1 ("wasi_snapshot_preview1"): the host side of the system interface a wasm32-wasi
// guest imports. The runtime's linker turns each WasiFunction into a host function bound to one
// WasiContext; nothing here knows about the interpreter, so it can be tested on plain byte
// buffers standing in for linear memory.
//
// Rights: the context records the rights each fd was opened with (fdstat reports them and
// fd_fdstat_set_rights can only drop some) but, like Wasmtime, does not check them on each call:
// the host fd's own access mode and the sandbox are what is enforced.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmprof/types.hh"
#include "wasmprof/result.hh"

namespace wasmprof::wasi {

// The calling instance's linear memory, as it is at the time of the call.
struct GuestMemory {
  uint8_t* data = nullptr;
  uint64_t size = 0;
};

// Every errno of preview1, with the spec's numbering.
enum class Errno : uint16_t {
  Success = 0, TooBig = 1, Acces = 2, Addrinuse = 3, Addrnotavail = 4, Afnosupport = 5,
  Again = 6, Already = 7, Badf = 8, Badmsg = 9, Busy = 10, Canceled = 11, Child = 12,
  Connaborted = 13, Connrefused = 14, Connreset = 15, Deadlk = 16, Destaddrreq = 17, Dom = 18,
  Dquot = 19, Exist = 20, Fault = 21, Fbig = 22, Hostunreach = 23, Idrm = 24, Ilseq = 25,
  Inprogress = 26, Intr = 27, Inval = 28, Io = 29, Isconn = 30, Isdir = 31, Loop = 32,
  Mfile = 33, Mlink = 34, Msgsize = 35, Multihop = 36, Nametoolong = 37, Netdown = 38,
  Netreset = 39, Netunreach = 40, Nfile = 41, Nobufs = 42, Nodev = 43, Noent = 44, Noexec = 45,
  Nolck = 46, Nolink = 47, Nomem = 48, Nomsg = 49, Noprotoopt = 50, Nospc = 51, Nosys = 52,
  Notconn = 53, Notdir = 54, Notempty = 55, Notrecoverable = 56, Notsock = 57, Notsup = 58,
  Notty = 59, Nxio = 60, Overflow = 61, Ownerdead = 62, Perm = 63, Pipe = 64, Proto = 65,
  Protonosupport = 66, Prototype = 67, Range = 68, Rofs = 69, Spipe = 70, Srch = 71,
  Stale = 72, Timedout = 73, Txtbsy = 74, Xdev = 75, Notcapable = 76,
};

struct Preopen {
  std::string host_path;
  std::string guest_path;
};

struct WasiConfig {
  std::vector<std::string> args;  // argv, args[0] = program name
  std::vector<std::string> env;   // "NAME=value"
  std::vector<Preopen> preopens;  // fds 3, 4, ... in order
  // Host fds the guest's 0, 1, 2 use. They are dup'ed, so closing them in the guest never closes
  // the host's; a host fd that is not open leaves the guest's slot closed.
  int stdin_fd = 0, stdout_fd = 1, stderr_fd = 2;
};

class FdTable;

// One guest's WASI state. Everything a call changes lives here: there is no global state.
class WasiContext {
 public:
  // Fails (ErrorKind::Io) if a preopen directory cannot be opened.
  static Result<std::unique_ptr<WasiContext>> create(WasiConfig config);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  // Set by proc_exit.
  std::optional<uint32_t> exit_code() const { return exit_code_; }
  void set_exit_code(uint32_t code) { exit_code_ = code; }

  const WasiConfig& config() const { return config_; }
  FdTable& fds() { return *fds_; }

 private:
  explicit WasiContext(WasiConfig config);

  WasiConfig config_;
  std::unique_ptr<FdTable> fds_;
  std::optional<uint32_t> exit_code_;
};

// Not exited: value is the errno returned to the guest. Exited: proc_exit's code.
struct WasiOutcome {
  bool exited = false;
  uint32_t value = 0;
};

struct WasiFunction {
  std::string_view name;                   // "fd_write"
  std::vector<ValueType> params, results;  // the wasm signature, as the spec's witx lowers it
  // args: one uint64 per param (an i32 in the low 32 bits); results: one per result.
  WasiOutcome (*call)(WasiContext&, GuestMemory, const uint64_t* args, uint64_t* results);
};

inline constexpr std::string_view kPreview1Module = "wasi_snapshot_preview1";

// Every function of preview1 (module kPreview1Module).
std::span<const WasiFunction> preview1_functions();

}  // namespace wasmprof::wasi
