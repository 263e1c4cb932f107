// Runs one benchmark-suite guest on wasmprof's interpreter, the way native_main.c and
// node_run.mjs run it natively and on V8, and prints the same key=value lines.
//
//   wasmprof_run <module.wasm> <n> [--repeat R] [--strategy interpreter|compiled|tiered]
//       Compiles (decode + validate) and instantiates the module, then calls its export `run(n)`
//       R times (default 1; functions are translated, or with `--strategy compiled` compiled to
//       machine code where the compiling tier can, at their first call, inside the first run;
//       `--strategy tiered` compiles hot functions on a background thread),
//       printing for each call
//         checksum=0x... time_ms=...
//       and then one line of costs: compile_ms, instantiate_ms, code_bytes (the code section),
//       translated_bytes (the interpreter's internal code of the functions that ran), memory_bytes (linear memory at the
//       end), start_rss_kb (resident before the module is read), peak_rss_kb (VmHWM, see
//       peak_rss_kb below), peak_minus_memory_kb = peak - memory and overhead_kb = peak - start - memory
//       (what running the module cost beyond its own linear memory).
//
//   wasmprof_run --translate <module.wasm> [--iterations K]
//       Compiles the module K times (default 5) and prints the median of decode, validate,
//       translate (every defined function through one ModuleTranslator), compile_module (decode
//       and validate: translation waits for each function's first call) and eager_compile
//       (compile_module, then translate_all), and translation throughput in code-section MB/s
//       (MB = 10^6 bytes).
//
//   wasmprof_run --compile-native <module.wasm>
//       The compiling tier's cost: every function compiled to machine code at once (translate_all
//       under Strategy::Compiled): total time, functions compiled and left to the interpreter,
//       and the resident memory added (machine code and LLVM's state).
//
//   wasmprof_run --first-instruction <module.wasm> [--entry NAME] [--iterations K]
//       Time to first instruction: from the module's bytes in memory (and, separately, from
//       reading the file) until the interpreter is about to execute the first instruction of
//       export NAME (default `_start`, else `run`), whose translation is included. Function imports are satisfied by stubs that
//       trap (they are never reached); an interrupt requested before the call stops execution at
//       its first instruction boundary and takes the time there. Median of K (default 5) runs,
//       each in a fresh store. Also prints the RSS before the first iteration and the peak. With
//       `--strategy compiled`, the entry is compiled to machine code first, and its first check
//       point (its entry) is where the time is taken.
//
// Exit status: 0 on success, 1 on a compile, link or trap error, 2 on bad usage.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "binary/decoder.hh"
#include "exec/handlers.hh"
#include "exec/interpreter.hh"
#include "exec/translator.hh"
#include "runtime/compiled_module.hh"
#include "runtime/store_objects.hh"
#include "valid/validator.hh"

namespace {

using namespace wasmprof;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Peak resident set of this process image, in KiB: VmHWM from /proc/self/status. Not getrusage's
// ru_maxrss, which Linux carries across exec: started from a big parent (python's subprocess
// forks), ru_maxrss would report the parent's size at the fork.
long peak_rss_kb() {
  if (FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    long kb = -1;
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    std::fclose(f);
    if (kb >= 0) return kb;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

// The resident set now (not the peak), from /proc/self/statm; 0 if unavailable.
long current_rss_kb() {
  long pages_total = 0, pages_resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = 0;
  std::fclose(f);
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

bool read_file(const char* path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Bytes of the code section's payload (function count and bodies).
uint64_t code_section_bytes(const DecodedModule& module) {
  if (module.bodies.empty()) return 0;
  return module.bodies.back().entry.end() - module.code_section_offset;
}

// The internal code of the functions translated so far (translation is lazy: those that ran).
uint64_t translated_bytes(const runtime::CompiledModule& compiled) {
  uint64_t words = 0;
  for (uint32_t i = 0; i < compiled.code->size(); ++i)
    if (compiled.code->is_translated(i)) words += compiled.code->entry(i)->code.size();
  return words * sizeof(exec::Word);
}

int usage() {
  std::fprintf(stderr,
               "usage: wasmprof_run <module.wasm> <n> [--repeat R] [--strategy interpreter|compiled|tiered]\n"
               "       wasmprof_run --translate <module.wasm> [--iterations K]\n"
               "       wasmprof_run --compile-native <module.wasm>\n"
               "       wasmprof_run --first-instruction <module.wasm> [--entry NAME] [--iterations K] [--strategy ...]\n");
  return 2;
}

std::optional<std::vector<uint8_t>> load(const char* path) {
  std::vector<uint8_t> bytes;
  if (!read_file(path, bytes)) {
    std::fprintf(stderr, "wasmprof_run: cannot read %s\n", path);
    return std::nullopt;
  }
  return bytes;
}

// ---- run(n) ----

int run_guest(const char* path, uint32_t n, int repeat, Strategy strategy) {
  const long start_rss = current_rss_kb();
  auto bytes = load(path);
  if (!bytes) return 1;

  const auto compile_start = Clock::now();
  auto compiled = runtime::compile_module(*bytes, {}, strategy);
  const double compile_ms = ms_since(compile_start);
  if (!compiled.ok()) {
    std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, compiled.error().to_string().c_str());
    return 1;
  }
  bytes->clear();
  bytes->shrink_to_fit();  // the module keeps its own copy

  runtime::StoreObjects store;
  exec::ExecContext context;
  const auto instantiate_start = Clock::now();
  auto instance = store.instantiate(compiled.value(), {}, context);
  const double instantiate_ms = ms_since(instantiate_start);
  if (!instance.ok()) {
    std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, instance.error().to_string().c_str());
    return 1;
  }
  auto run = runtime::StoreObjects::find_export(*instance.value(), "run");
  if (!run || run->kind != ExternKind::Function) {
    std::fprintf(stderr, "wasmprof_run: %s exports no function `run`\n", path);
    return 1;
  }
  const FuncType& type = *run->function->type;
  if (type.params != std::vector<ValueType>{ValueType::I32} || type.results != std::vector<ValueType>{ValueType::I32}) {
    std::fprintf(stderr, "wasmprof_run: %s: `run` must have type [i32] -> [i32]\n", path);
    return 1;
  }

  for (int i = 0; i < repeat; ++i) {
    exec::Slot slots[1] = {uint64_t(n)};
    const auto start = Clock::now();
    const exec::TrapKind trap = exec::invoke(context, *run->function, slots);
    const double elapsed = ms_since(start);
    if (trap != exec::TrapKind::None) {
      std::fprintf(stderr, "wasmprof_run: %s: run(%u) trapped: %s\n", path, n, exec::trap_message(trap));
      return 1;
    }
    std::printf("checksum=0x%08x time_ms=%.3f\n", uint32_t(slots[0]), elapsed);
    std::fflush(stdout);
  }

  const exec::ModuleInstance& inst = *instance.value();
  const uint64_t memory_bytes = inst.memory0 ? inst.memory0->bytes.size() : 0;
  const long peak = peak_rss_kb();
  const long memory_kb = long(memory_bytes / 1024);
  std::printf(
      "compile_ms=%.3f instantiate_ms=%.3f code_bytes=%llu translated_bytes=%llu memory_bytes=%llu "
      "start_rss_kb=%ld peak_rss_kb=%ld peak_minus_memory_kb=%ld overhead_kb=%ld\n",
      compile_ms, instantiate_ms, (unsigned long long)code_section_bytes(*compiled.value()->module),
      (unsigned long long)translated_bytes(*compiled.value()), (unsigned long long)memory_bytes, start_rss, peak,
      peak - memory_kb, peak - start_rss - memory_kb);
  return 0;
}

// ---- the compiling tier's cost ----

// Compiles every function with the compiling tier, once (LLVM's time does not vary much), after
// decoding and validating: total compile time, how many functions it compiled and declined, and
// the resident memory that the machine code and the compiler's state added.
int measure_native_compilation(const char* path) {
  auto bytes = load(path);
  if (!bytes) return 1;
  auto compiled = runtime::compile_module(*bytes, {}, Strategy::Compiled);
  if (!compiled.ok()) {
    std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, compiled.error().to_string().c_str());
    return 1;
  }
  const exec::ModuleCode& code = *compiled.value()->code;
  const long before_kb = current_rss_kb();
  const auto start = Clock::now();
  if (!code.translate_all().ok()) return 1;
  const double compile_ms = ms_since(start);
  const long after_kb = current_rss_kb();
  uint32_t native = 0;
  for (uint32_t i = 0; i < code.size(); ++i) native += code.is_native(i) ? 1 : 0;
  std::printf("functions=%u compiled=%u interpreted=%u code_bytes=%llu native_compile_ms=%.1f "
              "native_compile_mb_s=%.3f rss_added_kb=%ld\n",
              code.size(), native, code.size() - native, (unsigned long long)code_section_bytes(*compiled.value()->module),
              compile_ms, double(code_section_bytes(*compiled.value()->module)) / 1e3 / compile_ms, after_kb - before_kb);
  return 0;
}

// ---- translation throughput ----

int measure_translation(const char* path, int iterations) {
  auto bytes = load(path);
  if (!bytes) return 1;
  std::vector<double> decode_ms, validate_ms, translate_ms, total_ms, eager_ms;
  uint64_t code_bytes = 0, words = 0;
  size_t functions = 0;
  for (int i = 0; i < iterations; ++i) {
    auto start = Clock::now();
    Result<DecodedModule> module = decode_module(*bytes);
    decode_ms.push_back(ms_since(start));
    if (!module.ok()) {
      std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, module.error().to_string().c_str());
      return 1;
    }
    start = Clock::now();
    Result<Ok> valid = validate_module(module.value());
    validate_ms.push_back(ms_since(start));
    if (!valid.ok()) {
      std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, valid.error().to_string().c_str());
      return 1;
    }
    const DecodedModule& m = module.value();
    start = Clock::now();
    std::vector<exec::CompiledFunction> compiled;
    compiled.reserve(m.bodies.size());
    {
      exec::ModuleTranslator translator(m);
      for (uint32_t f = 0; f < m.bodies.size(); ++f) {
        auto function = translator.translate(m.imported_function_count + f);
        if (!function.ok()) {
          std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, function.error().to_string().c_str());
          return 1;
        }
        compiled.push_back(std::move(function).value());
      }
    }
    translate_ms.push_back(ms_since(start));
    code_bytes = code_section_bytes(m);
    functions = m.bodies.size();
    words = 0;
    for (const auto& function : compiled) words += function.code.size();

    start = Clock::now();
    auto whole = runtime::compile_module(*bytes);
    total_ms.push_back(ms_since(start));
    if (!whole.ok()) return 1;

    start = Clock::now();
    auto eager = runtime::compile_module(*bytes);
    if (!eager.ok() || !eager.value()->code->translate_all().ok()) return 1;
    eager_ms.push_back(ms_since(start));
  }
  const double translate = median(translate_ms), total = median(total_ms);
  std::printf(
      "module_bytes=%zu code_bytes=%llu functions=%zu translated_bytes=%llu decode_ms=%.3f validate_ms=%.3f "
      "translate_ms=%.3f compile_ms=%.3f eager_compile_ms=%.3f translate_mb_s=%.1f compile_mb_s=%.1f\n",
      bytes->size(), (unsigned long long)code_bytes, functions, (unsigned long long)(words * sizeof(exec::Word)),
      median(decode_ms), median(validate_ms), translate, total, median(eager_ms), double(code_bytes) / 1e3 / translate,
      double(code_bytes) / 1e3 / total);
  return 0;
}

// ---- time to first instruction ----

struct FirstInstruction {
  Clock::time_point at;
  bool reached = false;
};

exec::TrapKind stop_at_first_instruction(exec::ExecContext& context, void* user_data) {
  // The entry's stub (lazy translation) comes first: it translates the function; the first
  // instruction is the one after it.
  if (context.current_pc->u64 == uint64_t(exec::HandlerId::lazy_enter)) {
    context.request_interrupt();
    return exec::TrapKind::None;
  }
  auto* state = static_cast<FirstInstruction*>(user_data);
  state->at = Clock::now();
  state->reached = true;
  return exec::TrapKind::Interrupted;
}

int measure_first_instruction(const char* path, const char* entry_name, int iterations, Strategy strategy) {
  const long start_rss = current_rss_kb();
  std::vector<double> from_bytes_ms, from_file_ms, compile_ms;
  for (int i = 0; i < iterations; ++i) {
    const auto file_start = Clock::now();
    auto bytes = load(path);
    if (!bytes) return 1;
    const auto start = Clock::now();
    auto compiled = runtime::compile_module(*bytes, {}, strategy);
    if (!compiled.ok()) {
      std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, compiled.error().to_string().c_str());
      return 1;
    }
    compile_ms.push_back(ms_since(start));
    const DecodedModule& module = *compiled.value()->module;

    runtime::StoreObjects store;
    std::vector<runtime::ExternValue> imports;
    for (const Import& import : module.imports) {
      if (import.kind != ExternKind::Function) {
        std::fprintf(stderr, "wasmprof_run: %s imports a %s; only function imports can be stubbed\n", path,
                     std::string(to_string(import.kind)).c_str());
        return 1;
      }
      runtime::ExternValue value;
      value.kind = ExternKind::Function;
      value.function = store.add_host_function(
          module.types[import.type_index],
          [](exec::ExecContext&, const exec::Slot*, exec::Slot*) { return exec::TrapKind::HostError; },
          import.module, import.name);
      imports.push_back(value);
    }
    exec::ExecContext context;
    auto instance = store.instantiate(compiled.value(), imports, context);
    if (!instance.ok()) {
      std::fprintf(stderr, "wasmprof_run: %s: %s\n", path, instance.error().to_string().c_str());
      return 1;
    }
    std::optional<runtime::ExternValue> entry;
    if (entry_name) {
      entry = runtime::StoreObjects::find_export(*instance.value(), entry_name);
    } else {
      entry = runtime::StoreObjects::find_export(*instance.value(), "_start");
      if (!entry) entry = runtime::StoreObjects::find_export(*instance.value(), "run");
    }
    if (!entry || entry->kind != ExternKind::Function || entry->function->is_host()) {
      std::fprintf(stderr, "wasmprof_run: %s: no exported wasm function to enter\n", path);
      return 1;
    }
    FirstInstruction state;
    context.on_interrupt = stop_at_first_instruction;
    context.interrupt_user_data = &state;
    std::vector<exec::Slot> slots(std::max<size_t>(
        {size_t(1), exec::slot_count(entry->function->type->params), exec::slot_count(entry->function->type->results)}));
    context.request_interrupt();
    const exec::TrapKind trap = exec::invoke(context, *entry->function, slots.data());
    if (trap != exec::TrapKind::Interrupted || !state.reached) {
      std::fprintf(stderr, "wasmprof_run: %s: the first instruction was not reached (%s)\n", path,
                   exec::trap_message(trap));
      return 1;
    }
    from_bytes_ms.push_back(std::chrono::duration<double, std::milli>(state.at - start).count());
    from_file_ms.push_back(std::chrono::duration<double, std::milli>(state.at - file_start).count());
  }
  std::printf("first_instruction_ms=%.3f first_instruction_from_file_ms=%.3f compile_ms=%.3f start_rss_kb=%ld "
              "peak_rss_kb=%ld\n",
              median(from_bytes_ms), median(from_file_ms), median(compile_ms), start_rss, peak_rss_kb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto take_option = [&](const char* name) -> std::optional<std::string> {
    for (size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == name) {
        std::string value = args[i + 1];
        args.erase(args.begin() + long(i), args.begin() + long(i) + 2);
        return value;
      }
    return std::nullopt;
  };
  auto positive = [](const std::optional<std::string>& text, int fallback) {
    if (!text) return fallback;
    const int value = std::atoi(text->c_str());
    return value > 0 ? value : -1;
  };
  const int iterations = positive(take_option("--iterations"), 5);
  const int repeat = positive(take_option("--repeat"), 1);
  const std::optional<std::string> entry = take_option("--entry");
  const std::optional<std::string> strategy_name = take_option("--strategy");
  if (iterations < 0 || repeat < 0) return usage();
  if (strategy_name && *strategy_name != "interpreter" && *strategy_name != "compiled" && *strategy_name != "tiered")
    return usage();
  const Strategy strategy = strategy_name == "compiled" ? Strategy::Compiled
                            : strategy_name == "tiered" ? Strategy::Tiered
                                                        : Strategy::Interpreter;

  if (args.size() == 2 && args[0] == "--translate") return measure_translation(args[1].c_str(), iterations);
  if (args.size() == 2 && args[0] == "--compile-native") return measure_native_compilation(args[1].c_str());
  if (args.size() == 2 && args[0] == "--first-instruction")
    return measure_first_instruction(args[1].c_str(), entry ? entry->c_str() : nullptr, iterations, strategy);
  if (args.size() != 2 || args[0].starts_with("--")) return usage();
  char* end = nullptr;
  const unsigned long n = std::strtoul(args[1].c_str(), &end, 0);
  if (!end || *end || n > UINT32_MAX) return usage();
  return run_guest(args[0].c_str(), uint32_t(n), repeat, strategy);
}
