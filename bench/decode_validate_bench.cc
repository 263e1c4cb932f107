// Throughput of decode_module and validate_module, and of the printer (text/printer.hh, flat
// and folded), in bytes of module per second.
//
//   bench_decode_validate [benchmark flags] [module.wasm ...]
//
// Without files it measures the large synthetic guest the build makes (bench/guests/, about
// 2 MB, 4096 functions). Each file gets three benchmarks: decode alone, validate alone (of a
// module decoded once beforehand) and the two together, as a user pays them; and print_module
// of a module decoded beforehand, flat and folded (`text_bytes`: the text's size).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "binary/decoder.hh"
#include "text/printer.hh"
#include "valid/validator.hh"

#ifndef WASMPROF_BENCH_GUEST
#error "WASMPROF_BENCH_GUEST must name the default module to measure"
#endif

namespace {

struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
};

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void set_throughput(benchmark::State& state, const Input& input) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(input.bytes.size()));
  state.counters["module_bytes"] = static_cast<double>(input.bytes.size());
}

void bm_decode(benchmark::State& state, const Input* input) {
  for (auto _ : state) {
    auto module = wasmprof::decode_module(input->bytes);
    if (!module.ok()) {
      state.SkipWithError(module.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(module);
  }
  set_throughput(state, *input);
}

void bm_validate(benchmark::State& state, const Input* input) {
  auto module = wasmprof::decode_module(input->bytes);
  if (!module.ok()) {
    state.SkipWithError(module.error().to_string().c_str());
    return;
  }
  for (auto _ : state) {
    auto valid = wasmprof::validate_module(module.value());
    if (!valid.ok()) {
      state.SkipWithError(valid.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(valid);
  }
  set_throughput(state, *input);
}

void bm_decode_validate(benchmark::State& state, const Input* input) {
  for (auto _ : state) {
    auto module = wasmprof::decode_module(input->bytes);
    if (!module.ok()) {
      state.SkipWithError(module.error().to_string().c_str());
      return;
    }
    auto valid = wasmprof::validate_module(module.value());
    if (!valid.ok()) {
      state.SkipWithError(valid.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(valid);
  }
  set_throughput(state, *input);
}

void bm_print(benchmark::State& state, const Input* input, bool folded) {
  auto module = wasmprof::decode_module(input->bytes);
  if (!module.ok()) {
    state.SkipWithError(module.error().to_string().c_str());
    return;
  }
  size_t text_bytes = 0;
  for (auto _ : state) {
    auto text = wasmprof::text::print_module(module.value(), wasmprof::PrintOptions{.folded = folded});
    if (!text.ok()) {
      state.SkipWithError(text.error().to_string().c_str());
      return;
    }
    text_bytes = text->size();
    benchmark::DoNotOptimize(text);
  }
  set_throughput(state, *input);
  state.counters["text_bytes"] = static_cast<double>(text_bytes);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);  // takes out the --benchmark_* flags it knows

  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("-")) {
      std::fprintf(stderr, "bench_decode_validate: unknown option %s\n", argv[i]);
      return 2;
    }
    paths.push_back(arg);
  }
  if (paths.empty()) paths.push_back(WASMPROF_BENCH_GUEST);

  // Registered benchmarks keep pointers to the inputs, which live until main returns.
  std::vector<std::unique_ptr<Input>> inputs;
  for (const auto& path : paths) {
    auto input = std::make_unique<Input>();
    input->name = base_name(path);
    if (!read_file(path, input->bytes)) {
      std::fprintf(stderr, "bench_decode_validate: cannot read %s\n", path.c_str());
      return 1;
    }
    // A module that does not decode and validate would measure an early exit: refuse it.
    auto module = wasmprof::decode_module(input->bytes);
    if (!module.ok()) {
      std::fprintf(stderr, "bench_decode_validate: %s: %s\n", path.c_str(),
                   module.error().to_string().c_str());
      return 1;
    }
    if (auto valid = wasmprof::validate_module(module.value()); !valid.ok()) {
      std::fprintf(stderr, "bench_decode_validate: %s: %s\n", path.c_str(),
                   valid.error().to_string().c_str());
      return 1;
    }
    benchmark::RegisterBenchmark(("decode/" + input->name).c_str(), bm_decode, input.get())
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("validate/" + input->name).c_str(), bm_validate, input.get())
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("decode+validate/" + input->name).c_str(), bm_decode_validate,
                                 input.get())
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("print/" + input->name).c_str(), bm_print, input.get(), false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("print_folded/" + input->name).c_str(), bm_print, input.get(), true)
        ->Unit(benchmark::kMillisecond);
    inputs.push_back(std::move(input));
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
