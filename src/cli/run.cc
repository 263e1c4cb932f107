#include "cli/run.hh"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "cli/module_file.hh"
#include "cli/profile_output.hh"
#include "cli/run_timeout.hh"
#include "cli/stop_signals.hh"
#include "wasi/wasi_linker.hh"
#include "wasmprof/profiler.hh"
#include "wasmprof/symbolizer.hh"
#include "wasmprof/wasmprof.hh"

namespace wasmprof::cli {
namespace {

// SIGINT and SIGTERM stop the guest (so its profile is still written) rather than the process;
// a second one ends the process at once. They are blocked in every thread from the start of the
// command, before the module is read and compiled, and taken by sigwaitinfo on a watcher thread,
// which needs no global state and does nothing unsafe in a handler. A signal that comes before
// there is a guest is kept, and stops the guest before its first instruction. (Taken after
// start-up instead, a signal during it was lost where the shell had it ignored, as for `cmd &`
// in a script, and the guest then ran for ever.)
class SignalWatcher {
 public:
  SignalWatcher() {
    thread_ = std::thread([this] {
      for (;;) {
        const int signal = sigwaitinfo(&blocked_.signals(), nullptr);
        if (done_.load()) return;  // the destructor's wake-up (or a signal after the run: too late)
        if (signal == SIGINT || signal == SIGTERM) on_signal(signal);
      }
    });
  }
  ~SignalWatcher() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGINT);  // to that thread only, where it is blocked
    thread_.join();
  }
  // From now on a signal stops this guest; at once, if one came already.
  void watch(InterruptHandle guest) {
    std::lock_guard<std::mutex> lock(mutex_);
    guest_ = guest;
    if (received_.load()) guest.interrupt();
  }
  int received() const { return received_.load(); }

 private:
  void on_signal(int signal) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (received_.load()) exit_at_once(signal);
    received_ = signal;
    if (guest_) guest_->interrupt();
  }
  // The second signal: the user does not want to wait for the guest (or its profile). The
  // signal's default action ends the process, so the parent sees it as killed by that signal.
  [[noreturn]] static void exit_at_once(int signal) {
    static constexpr char kMessage[] = "wasmprof: second signal: exiting at once, without the profile\n";
    (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::signal(signal, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
    raise(signal);  // to this thread, where it is now unblocked
    _exit(128 + signal);
  }

  StopSignalsBlocked blocked_;  // first: blocked before the thread starts, until after it ends
  std::atomic<bool> done_{false};
  std::atomic<int> received_{0};
  std::mutex mutex_;
  std::optional<InterruptHandle> guest_;
  std::thread thread_;
};

Result<Val> parse_argument(ValueType type, const std::string& text) {
  Error error;
  error.kind = ErrorKind::Usage;
  error.message = "cannot parse '" + text + "' as " + std::string(to_string(type));
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  switch (type) {
    case ValueType::I32:
    case ValueType::I64: {
      const bool negative = !text.empty() && text[0] == '-';
      const char* digits = begin + (negative ? 1 : 0);
      int base = 10;
      if (end - digits > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        digits += 2;
        base = 16;
      }
      uint64_t magnitude = 0;
      auto [stop, failure] = std::from_chars(digits, end, magnitude, base);
      if (failure != std::errc() || stop != end || digits == end) return error;
      const uint64_t bits = negative ? uint64_t(0) - magnitude : magnitude;
      if (type == ValueType::I32) {
        if (negative ? magnitude > 0x80000000ull : magnitude > 0xFFFFFFFFull) return error;
        return Val(int32_t(uint32_t(bits)));
      }
      return Val(int64_t(bits));
    }
    case ValueType::F32:
    case ValueType::F64: {
      double value = 0;
      auto [stop, failure] = std::from_chars(begin, end, value);
      if (failure != std::errc() || stop != end) return error;
      return type == ValueType::F32 ? Val(float(value)) : Val(value);
    }
    default:
      error.message = "cannot pass a " + std::string(to_string(type)) + " from the command line";
      return error;
  }
}

std::string format_value(const Val& value) {
  switch (value.type()) {
    case ValueType::I32: return std::to_string(value.i32());
    case ValueType::I64: return std::to_string(value.i64());
    case ValueType::F32:
    case ValueType::F64: {
      char text[64];  // the shortest form that reads back as the same value
      auto [end, failure] = value.type() == ValueType::F32 ? std::to_chars(text, text + sizeof text, value.f32())
                                                             : std::to_chars(text, text + sizeof text, value.f64());
      return failure == std::errc() ? std::string(text, end) : std::string("?");
    }
    case ValueType::V128: {
      std::string out = "0x";
      const V128 bytes = value.v128();
      static constexpr char kHex[] = "0123456789abcdef";
      for (int i = 15; i >= 0; --i) {
        out += kHex[bytes[size_t(i)] >> 4];
        out += kHex[bytes[size_t(i)] & 15];
      }
      return out;
    }
    default: return value.is_null() ? "null" : "ref";
  }
}

Result<wasi::WasiConfig> wasi_config(const RunOptions& options) {
  wasi::WasiConfig config;
  config.args.push_back(guest_argv0(options));
  config.args.insert(config.args.end(), options.guest_args.begin(), options.guest_args.end());
  config.env = guest_environment(options, environ);
  for (const std::string& dir : options.dirs) {
    const size_t separator = dir.find("::");
    wasi::Preopen preopen;
    preopen.host_path = dir.substr(0, separator);
    preopen.guest_path = separator == std::string::npos ? preopen.host_path : dir.substr(separator + 2);
    if (preopen.host_path.empty() || preopen.guest_path.empty()) {
      Error error;
      error.kind = ErrorKind::Usage;
      error.message = "--dir needs HOST[::GUEST], got '" + dir + "'";
      return error;
    }
    config.preopens.push_back(std::move(preopen));
  }
  return config;
}

// What ended the guest, as an exit status (and a message on err for traps).
int status_of(const Result<Ok>& outcome, const wasi::WasiContext& wasi, const SignalWatcher& signals,
              std::ostream& err) {
  if (outcome) return kExitOk;
  const Error& error = outcome.error();
  if (error.trap && error.trap->code() == TrapCode::Exit) return error.trap->exit_status().value_or(0);
  if (wasi.exit_code()) return int(*wasi.exit_code());
  if (signals.received() && error.trap && error.trap->code() == TrapCode::Interrupt) {
    err << "wasmprof: interrupted by " << (signals.received() == SIGINT ? "SIGINT" : "SIGTERM") << "\n";
    return 128 + signals.received();  // kExitSigint or kExitSigterm, as a shell reports a signal
  }
  if (error.trap) {
    // Frames named as in profiles, with file:line from DWARF (WASMPROF_BACKTRACE_DETAILS=0: none).
    const char* details = std::getenv("WASMPROF_BACKTRACE_DETAILS");
    DwarfSymbolizer symbolizer(details == nullptr || std::string_view(details) != "0");
    err << "wasmprof: error: the guest trapped: " << error.trap->to_string(&symbolizer);
    if (error.trap->backtrace().frames().empty()) err << "\n";
    return kExitTrap;
  }
  err << "wasmprof: error: " << error.to_string() << "\n";
  return kExitError;
}

// A tiered run's module may still be compiling a function on its compile thread: what that makes
// can no longer run, and destroying the module waits for it to finish, seconds for a large
// function (sqlite3's 48 KB sqlite3VdbeExec: 15 s after a 2 s run). Everything the run produces
// is out by now, so the process ends here, as main would end it, without that wait.
[[noreturn]] void end_with_compiles_pending(int status, std::ostream& out, std::ostream& err) {
  status = finish_output(status, out, err);
  err.flush();
  std::fflush(nullptr);
  std::_Exit(status);
}

}  // namespace

int finish_output(int status, std::ostream& out, std::ostream& err) {
  out.flush();
  if (out) return status;
  err << "wasmprof: error: cannot write to standard output: " << std::strerror(errno) << "\n";
  return status == kExitOk ? kExitError : status;
}

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  // A guest writing to a closed pipe gets EPIPE from fd_write instead of killing wasmprof.
  signal(SIGPIPE, SIG_IGN);
  SignalWatcher signals;
  Config config;
  config.strategy = options.strategy.value_or(Strategy::Interpreter);
  config.consume_fuel = options.fuel.has_value();
  config.epoch_interruption = options.profile && options.profile->mode == ProfileMode::Epoch;
  if (options.max_call_depth) config.max_call_depth = *options.max_call_depth;
  if (options.max_wasm_stack) config.max_wasm_stack = *options.max_wasm_stack;
  if (options.profile && options.profile->allocations) config.probed_functions = GuestProfiler::allocator_functions();
  Engine engine(config);

  // A profile that could not be written is found out before the guest runs, not after.
  if (options.profile) {
    if (Result<Ok> writable = check_profile_request(options); !writable) {
      err << "wasmprof: error: " << writable.error().message << "\n";
      return kExitError;
    }
  }
  std::optional<std::vector<uint8_t>> bytes = read_module_file(options.wasm_file, err);  // binary or text
  if (!bytes) return kExitError;
  Result<Module> module = Module::compile(engine, *bytes);
  if (!module) {
    err << "wasmprof: error: " << options.wasm_file << ": " << module.error().to_string() << "\n";
    return kExitError;
  }
  Result<wasi::WasiConfig> wasi_settings = wasi_config(options);
  if (!wasi_settings) {
    err << "wasmprof: error: " << wasi_settings.error().message << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<wasi::WasiContext>> wasi = wasi::WasiContext::create(std::move(wasi_settings).value());
  if (!wasi) {
    err << "wasmprof: error: " << wasi.error().to_string() << "\n";
    return kExitError;
  }

  Store<int> store(engine, 0);
  if (options.fuel && !store.set_fuel(*options.fuel)) return kExitError;
  if (options.max_memory) store.limiter(ResourceLimits{.memory_size = *options.max_memory});
  Linker linker(engine);
  if (Result<Ok> linked = wasi::add_to_linker(linker, *wasi.value()); !linked) {
    err << "wasmprof: error: " << linked.error().to_string() << "\n";
    return kExitError;
  }
  if (options.trap_unknown_imports) (void)linker.define_unknown_imports_as_traps(module.value());

  // The profile names the module after its file, never after a host path.
  const std::string module_name = std::filesystem::path(options.wasm_file).filename().string();
  std::optional<GuestProfiler> profiler;
  if (options.profile) {
    profiler.emplace(module_name, options.profile->interval,
                     std::vector<std::pair<std::string, Module>>{{module_name, module.value()}});
    // Printed once, before the guest runs: its lines in the profile may be missing or wrong.
    for (const std::string& warning : profiler->warnings()) err << "wasmprof: warning: " << warning << "\n";
    // Which engine the profile describes, and how exactly, said rather than left to be guessed.
    if (config.strategy != Strategy::Interpreter && options.profile->mode == ProfileMode::Precise)
      err << "wasmprof: note: profiling compiled code (-C compiler=llvm or tiered): a sample in machine code is\n"
             "  read where a signal stopped it (the compiler's inlined functions as frames of their own); one\n"
             "  that lands in the compiler or the runtime's helpers is taken at the next function entry or loop\n"
             "  back edge, as epoch sampling would\n";
    store.call_hook([&profiler](StoreContext context, CallHook kind) -> Result<Ok> {
      profiler->call_hook(context, kind);
      return Ok{};
    });
    if (options.profile->allocations) {
      if (Result<Ok> enabled = profiler->enable_allocation_profiling(store); !enabled) {
        err << "wasmprof: error: " << enabled.error().to_string() << "\n";
        return kExitError;
      }
    }
  }

  signals.watch(store.interrupt_handle());
  std::optional<RunTimeout> timeout;
  Result<Ok> outcome = Ok{};
  {
    if (profiler) {
      // Epoch mode is Wasmtime's sampling, the reference; precise mode samples at any instruction.
      Result<Ok> started = options.profile->mode == ProfileMode::Epoch
                               ? profiler->start_epoch_sampling(store, options.profile->interval)
                               : profiler->start_sampling(store, options.profile->interval);
      if (!started) {
        err << "wasmprof: error: " << started.error().to_string() << "\n";
        return kExitError;
      }
    }

    if (options.timeout) timeout.emplace(store, *options.timeout);
    Result<Instance> instance = linker.instantiate(store, module.value());
    if (!instance) {
      outcome = instance.error();
    } else if (options.invoke) {
      // A reactor is initialised before any of its exports is called, as wasmtime run does.
      if (std::optional<Func> initialize = instance->get_func(store, "_initialize"); initialize && *options.invoke != "_initialize") {
        Result<std::vector<Val>> ran = initialize->call(store, std::span<const Val>{});
        if (!ran) outcome = ran.error();
      }
      std::optional<Func> func = instance->get_func(store, *options.invoke);
      if (!func) {
        err << "wasmprof: error: no exported function named \"" << *options.invoke << "\"\n";
        return kExitUsage;
      }
      const FuncType& type = func->type();
      if (options.guest_args.size() != type.params.size()) {
        err << "wasmprof: error: \"" << *options.invoke << "\" takes " << type.params.size() << " arguments "
            << to_string(type) << ", got " << options.guest_args.size() << "\n";
        return kExitUsage;
      }
      std::vector<Val> arguments;
      for (size_t i = 0; i < type.params.size(); ++i) {
        Result<Val> argument = parse_argument(type.params[i], options.guest_args[i]);
        if (!argument) {
          err << "wasmprof: error: " << argument.error().message << "\n";
          return kExitUsage;
        }
        arguments.push_back(argument.value());
      }
      Result<std::vector<Val>> results = outcome ? func->call(store, arguments) : Result<std::vector<Val>>(outcome.error());
      if (results) {
        for (const Val& value : results.value()) out << format_value(value) << "\n";
      } else {
        outcome = results.error();
      }
    } else if (std::optional<Func> start = instance->get_func(store, "_start")) {
      Result<std::vector<Val>> ran = start->call(store, std::span<const Val>{});
      if (!ran) outcome = ran.error();
    } else if (std::optional<Func> initialize = instance->get_func(store, "_initialize")) {
      Result<std::vector<Val>> ran = initialize->call(store, std::span<const Val>{});
      if (!ran) outcome = ran.error();
    }
  }
  out.flush();

  int status = status_of(outcome, *wasi.value(), signals, err);
  if (timeout && timeout->expired() && status == kExitTrap) err << "wasmprof: the guest was stopped by -W timeout\n";
  if (profiler) {
    size_t samples = 0;
    std::string top;
    std::string embedded;
    Result<Ok> written =
        write_profile(std::move(*profiler), options.profile->path, samples, top, options.profile->embed_sources, &embedded);
    if (!written) {
      const Error& failure = written.error();
      err << "wasmprof: error: " << (failure.kind == ErrorKind::Io ? failure.message : failure.to_string()) << "\n";
      if (status == kExitOk) status = kExitError;
    } else {
      err << "wasmprof: wrote the guest profile to " << options.profile->path << " (" << samples
          << " samples); open it at https://profiler.firefox.com (Load a profile from file)\n";
      if (!top.empty()) err << "wasmprof: top functions by self time:\n" << top;
      if (!embedded.empty()) err << "wasmprof: " << embedded << "\n";
    }
  }
  if (config.strategy == Strategy::Tiered) end_with_compiles_pending(status, out, err);
  return status;
}

}  // namespace wasmprof::cli
