// The C++ API's templates instantiated as an embedder instantiates them (host functions with and
// without parameters, results and a Caller; typed calls with and without parameters), so that a
// compiler's warnings inside them show here, where the headers are not system headers (an
// embedder's build usually sees them as such and would hide them). Compiled, never run.
#include <wasmprof/wasmprof.hh>

void instantiate(wasmprof::Linker& linker, wasmprof::Instance& instance, wasmprof::Store<int>& store) {
  (void)linker.func_wrap("m", "none", [] {});
  (void)linker.func_wrap("m", "caller", [](wasmprof::Caller& caller) { ++caller.data<int>(); });
  (void)linker.func_wrap("m", "numbers", [](int32_t a, int64_t b, float c, double d) { return a + b + c + d; });
  if (auto f = instance.get_typed_func<int32_t(int32_t, int64_t)>(store, "f")) (void)f->call(store, 1, 2);
  if (auto g = instance.get_typed_func<void()>(store, "g")) (void)g->call(store);
}
