// The sampling-cost bench's 30-deep stack (bench/profile/sample_cost.cc, like deep.wat) with DWARF
// and an inlined call at every level: each wasm frame becomes two profile frames (the inlined
// `recurse` at inline depth 1 over `deep`), so the profiler's per-sample cost with inlined frames
// can be measured the same way:
//   build/bench/profile_sample_cost build/bench/dwarf/deep_inlined.wasm
__attribute__((import_module("bench"), import_name("probe"))) void probe(void);

volatile int sink;
void deep(int n);

// The call sits inside the inlined code; the store after it keeps it from being a tail call.
static inline __attribute__((always_inline)) void recurse(int n) {
  deep(n - 1);
  sink = n;
}

__attribute__((noinline, export_name("deep"))) void deep(int n) {
  if (n > 0)
    recurse(n);
  else
    probe();
}
