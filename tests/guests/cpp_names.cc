// A C++ guest whose hot functions are libc++ members (tests/profile/profile_lines_test.cc):
// std::string::push_back(char) is compiled into libc++ itself, whose DWARF (-gmlt) names it only
// `push_back`, while the name section has its whole name; std::vector's push_back is inlined
// into this file's code, compiled with -g, whose DWARF has its linkage name. No WASI start:
// `run` is called directly.
#include <string>
#include <vector>

__attribute__((noinline)) unsigned fill(std::string& text, unsigned n) {
  text.clear();
  for (unsigned i = 0; i < n; ++i) text.push_back(char('a' + i % 26));
  return unsigned(text.size());
}

__attribute__((noinline)) unsigned collect(std::vector<unsigned>& values, unsigned n) {
  values.clear();
  for (unsigned i = 0; i < n; ++i) values.push_back(i * 2654435761u);
  return unsigned(values.size());
}

extern "C" __attribute__((export_name("run"))) unsigned run(unsigned n) {
  std::string text;
  std::vector<unsigned> values;
  unsigned total = 0;
  for (unsigned round = 0; round < 4; ++round) total += fill(text, n) + collect(values, n);
  return total;
}
