// An embedder of the installed wasmprof, in C++ (the C++20 API, wasmprof/wasmprof.hh): compiles a
// small module from its text, calls it, samples the guest's stack from a host function it
// imports, and writes the Firefox Profiler profile to the file named on the command line.
#include <cstdio>
#include <fstream>

#include "wasmprof/profiler.hh"
#include "wasmprof/wasmprof.hh"
#include "wasmprof/wat.hh"

using namespace wasmprof;

namespace {

constexpr const char* kModule = R"((module
  (import "env" "sample" (func $sample))
  (func $leaf (param i32) (result i32)
    call $sample
    (i32.add (local.get 0) (i32.const 1)))
  (func $work (export "work") (param i32) (result i32)
    (i32.mul (call $leaf (local.get 0)) (i32.const 2))))
)";

int fail(const char* what, const Error& error) {
  std::fprintf(stderr, "%s: %s\n", what, error.to_string().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <profile.json>\n", argv[0]);
    return 2;
  }
  Engine engine;
  Result<std::vector<uint8_t>> bytes = wat_to_binary(kModule);
  if (!bytes) return fail("wat", bytes.error());
  Result<Module> module = Module::compile(engine, *bytes);
  if (!module) return fail("compile", module.error());

  Store<int> store(engine);
  GuestProfiler profiler("consumer-cc", std::chrono::milliseconds(1), {{"consumer.wasm", *module}});
  Linker linker(engine);
  Result<Ok> defined = linker.func_wrap("env", "sample", [&profiler](Caller& caller) {
    profiler.sample(caller.store(), std::chrono::nanoseconds(0));
  });
  if (!defined) return fail("define env.sample", defined.error());
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) return fail("instantiate", instance.error());
  auto work = instance->get_typed_func<int32_t(int32_t)>(store, "work");
  if (!work) return fail("export work", work.error());
  Result<int32_t> result = work->call(store, 20);
  if (!result) return fail("work(20)", result.error());
  std::printf("work(20) = %d\n", *result);

  std::ofstream out(argv[1], std::ios::binary);
  Result<Ok> written = std::move(profiler).finish(out);
  if (!written) return fail("profile", written.error());
  out.close();
  if (!out) return std::fprintf(stderr, "cannot write %s\n", argv[1]), 1;
  std::printf("profile written to %s\n", argv[1]);
  return 0;
}
