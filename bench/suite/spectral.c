// Float-heavy with division and calls: the spectral norm of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n, by ten rounds of the power method on
// A^T A. Each element of A is recomputed on demand (an integer multiply and a double division
// per multiply-add). n = matrix size; work grows as n^2. The checksum is the bits of the result.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "common.h"

static double a_elem(uint32_t i, uint32_t j) { return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_a(const double* v, double* out, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    double sum = 0;
    for (uint32_t j = 0; j < n; ++j) sum += a_elem(i, j) * v[j];
    out[i] = sum;
  }
}

static void mul_at(const double* v, double* out, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    double sum = 0;
    for (uint32_t j = 0; j < n; ++j) sum += a_elem(j, i) * v[j];
    out[i] = sum;
  }
}

static void mul_ata(const double* v, double* out, double* tmp, uint32_t n) {
  mul_a(v, tmp, n);
  mul_at(tmp, out, n);
}

uint32_t run(uint32_t n) {
  if (n == 0) return 0;
  double* u = malloc(n * sizeof(double));
  double* v = malloc(n * sizeof(double));
  double* tmp = malloc(n * sizeof(double));
  for (uint32_t i = 0; i < n; ++i) u[i] = 1.0;
  for (int round = 0; round < 10; ++round) {
    mul_ata(u, v, tmp, n);
    mul_ata(v, u, tmp, n);
  }
  double vbv = 0, vv = 0;
  for (uint32_t i = 0; i < n; ++i) {
    vbv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  double norm = sqrt(vbv / vv);
  uint32_t h = bench_mix64(0, bench_double_bits(norm));
  h = bench_mix64(h, bench_double_bits(u[n / 2]));
  free(u);
  free(v);
  free(tmp);
  return h;
}
