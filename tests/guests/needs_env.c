// Imports a host function nothing defines: `wasmprof run` must name it in a link error, and
// --trap-unknown-imports must let the program run until it calls it.
#include <stdio.h>

__attribute__((import_module("env"), import_name("missing"))) int missing(int);

int main(int argc, char** argv) {
  (void)argv;
  printf("started\n");
  if (argc > 1) return missing(argc);
  return 0;
}
