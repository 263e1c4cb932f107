// The seed of the DWARF fuzz target (tests/profile/dwarf_fuzz.cc): a few kilobytes of module
// whose DWARF still has everything the reader walks (units, subprograms, nested inlining,
// lexical blocks, range lists), without libc so the fuzzer mutates mostly DWARF.
struct pair {
  unsigned a, b;
};

static inline __attribute__((always_inline)) unsigned rotate(unsigned x, unsigned by) {
  return (x << (by & 31)) | (x >> ((32 - by) & 31));
}

static inline __attribute__((always_inline)) unsigned step(struct pair* p, unsigned i) {
  p->a += rotate(p->b ^ i, i);
  p->b = rotate(p->a, 7) * 2654435761u;
  return p->a ^ p->b;
}

__attribute__((export_name("churn"))) unsigned churn(unsigned n) {
  struct pair p = {n, ~n};
  unsigned out = 0;
  for (unsigned i = 0; i < n; ++i) {
    unsigned t = step(&p, i);
    if (t & 1) {
      unsigned u = step(&p, t);
      out += u;
    }
  }
  return out;
}

__attribute__((export_name("fold"))) unsigned fold(const unsigned* values, unsigned count) {
  unsigned acc = 0;
  for (unsigned i = 0; i < count; ++i) acc = rotate(acc, 5) ^ values[i];
  return acc;
}
