// A test-only stand-in for `wasmprof run`: compiles a wasm32-wasi guest with the internal
// runtime, links its wasi_snapshot_preview1 imports to a WasiContext, calls _start and exits
// with the guest's exit code.
//
//   wasi_guest_runner [--dir HOST::GUEST]... [--env NAME=VALUE]... guest.wasm [guest args...]
//
// argv[0] of the guest is the wasm path as given. Exit status: the guest's proc_exit code (0 if
// _start returns); 125 for a usage or load error; 134 if the guest traps.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exec/interpreter.hh"
#include "runtime/compiled_module.hh"
#include "runtime/store_objects.hh"
#include "wasi/wasi.hh"

using namespace wasmprof;

namespace {

constexpr int kUsageError = 125;
constexpr int kTrapped = 134;

int fail(const std::string& message) {
  std::fprintf(stderr, "wasi_guest_runner: %s\n", message.c_str());
  return kUsageError;
}

const wasi::WasiFunction* find_wasi_function(std::string_view name) {
  for (const wasi::WasiFunction& function : wasi::preview1_functions())
    if (function.name == name) return &function;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  // A guest writing to a closed pipe gets the Pipe errno, as under Wasmtime and node, instead of
  // the whole process dying of SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  wasi::WasiConfig config;
  int index = 1;
  for (; index < argc; ++index) {
    std::string_view flag = argv[index];
    if ((flag == "--dir" || flag == "--env") && index + 1 < argc) {
      std::string value = argv[++index];
      if (flag == "--env") {
        config.env.push_back(value);
        continue;
      }
      const size_t separator = value.find("::");
      if (separator == std::string::npos) return fail("--dir expects HOST::GUEST, got \"" + value + "\"");
      config.preopens.push_back({value.substr(0, separator), value.substr(separator + 2)});
      continue;
    }
    break;
  }
  if (index >= argc) return fail("usage: wasi_guest_runner [--dir HOST::GUEST]... [--env N=V]... guest.wasm [args...]");
  const std::string wasm_path = argv[index];
  for (int i = index; i < argc; ++i) config.args.emplace_back(argv[i]);

  std::ifstream file(wasm_path, std::ios::binary);
  if (!file) return fail("cannot read " + wasm_path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

  auto compiled = runtime::compile_module(bytes);
  if (!compiled) return fail(compiled.error().to_string());
  auto context = wasi::WasiContext::create(std::move(config));
  if (!context) return fail(context.error().to_string());
  wasi::WasiContext& wasi_context = *context.value();

  // WASI_TRACE=1 prints every call and its errno to stderr, for debugging a guest.
  const bool trace = std::getenv("WASI_TRACE") != nullptr;
  runtime::StoreObjects store;
  std::vector<runtime::ExternValue> imports;
  for (const Import& import : compiled.value()->module->imports) {
    const wasi::WasiFunction* function =
        import.module == wasi::kPreview1Module ? find_wasi_function(import.name) : nullptr;
    if (!function) return fail("unknown import \"" + import.module + "\" \"" + import.name + "\"");
    runtime::ExternValue value;
    value.kind = ExternKind::Function;
    value.function = store.add_host_function(
        FuncType{function->params, function->results},
        [function, &wasi_context, trace](exec::ExecContext& exec_context, const exec::Slot* args, exec::Slot* results) {
          wasi::GuestMemory memory;
          if (exec_context.memory) memory = {exec_context.memory->bytes.data(), exec_context.memory->bytes.size()};
          // proc_exit ends the run by unwinding the guest as a host error.
          wasi::WasiOutcome outcome = function->call(wasi_context, memory, args, results);
          if (trace) std::fprintf(stderr, "[wasi] %.*s -> %s %u\n", int(function->name.size()), function->name.data(),
                                  outcome.exited ? "exit" : "errno", outcome.value);
          return outcome.exited ? exec::TrapKind::HostError : exec::TrapKind::None;
        },
        import.module, import.name);
    imports.push_back(value);
  }

  exec::ExecContext exec_context;
  auto instance = store.instantiate(compiled.value(), imports, exec_context);
  if (!instance) return fail(instance.error().to_string());
  auto start = runtime::StoreObjects::find_export(*instance.value(), "_start");
  if (!start || start->kind != ExternKind::Function) return fail("the guest exports no _start function");
  exec::Slot slots[1] = {};
  const exec::TrapKind trap = exec::invoke(exec_context, *start->function, slots);
  if (auto code = wasi_context.exit_code()) return static_cast<int>(*code & 0xff);
  if (trap != exec::TrapKind::None) {
    std::fprintf(stderr, "wasi_guest_runner: guest trapped: %s\n", exec::trap_message(trap));
    return kTrapped;
  }
  return 0;
}
