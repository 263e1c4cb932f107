// Float-heavy: a gravitational n-body simulation of a small planetary system (one heavy body and
// several light ones on roughly circular orbits, positions generated from a fixed seed),
// advanced with a symplectic Euler step. Double-precision + - * / and sqrt only, so native and
// wasm round identically. n = time steps; the checksum is the bits of the positions and the
// energy at the end.
#include <math.h>
#include <stdint.h>

#include "common.h"

enum { kBodies = 8 };

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} body;

static body g_bodies[kBodies];

static double rand_unit(bench_rng* rng) { return (double)(bench_rng_next(rng) >> 8) / 16777216.0; }

static void init_system(void) {
  bench_rng rng;
  bench_rng_seed(&rng, 0x5eed1e5u);
  const double central = 40.0;
  g_bodies[0] = (body){0, 0, 0, 0, 0, 0, central};
  for (int i = 1; i < kBodies; ++i) {
    double r = 2.0 + 3.0 * (double)i + rand_unit(&rng);
    double cx = rand_unit(&rng) - 0.5, cy = rand_unit(&rng) - 0.5;
    double len = sqrt(cx * cx + cy * cy) + 1e-9;
    cx /= len;
    cy /= len;
    double speed = sqrt(central / r);  // circular orbit speed around the heavy body
    body* b = &g_bodies[i];
    b->x = r * cx;
    b->y = r * cy;
    b->z = 0.05 * (rand_unit(&rng) - 0.5);
    b->vx = -speed * cy;
    b->vy = speed * cx;
    b->vz = 0.01 * (rand_unit(&rng) - 0.5);
    b->mass = 0.001 + 0.01 * rand_unit(&rng);
  }
  // Move to the centre-of-momentum frame.
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < kBodies; ++i) {
    px += g_bodies[i].vx * g_bodies[i].mass;
    py += g_bodies[i].vy * g_bodies[i].mass;
    pz += g_bodies[i].vz * g_bodies[i].mass;
  }
  g_bodies[0].vx -= px / central;
  g_bodies[0].vy -= py / central;
  g_bodies[0].vz -= pz / central;
}

static void advance(double dt) {
  for (int i = 0; i < kBodies; ++i) {
    body* a = &g_bodies[i];
    for (int j = i + 1; j < kBodies; ++j) {
      body* b = &g_bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * sqrt(d2));
      double ma = a->mass * mag, mb = b->mass * mag;
      a->vx -= dx * mb;
      a->vy -= dy * mb;
      a->vz -= dz * mb;
      b->vx += dx * ma;
      b->vy += dy * ma;
      b->vz += dz * ma;
    }
  }
  for (int i = 0; i < kBodies; ++i) {
    body* b = &g_bodies[i];
    b->x += dt * b->vx;
    b->y += dt * b->vy;
    b->z += dt * b->vz;
  }
}

static double energy(void) {
  double e = 0;
  for (int i = 0; i < kBodies; ++i) {
    const body* a = &g_bodies[i];
    e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < kBodies; ++j) {
      const body* b = &g_bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->mass * b->mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

uint32_t run(uint32_t n) {
  init_system();
  uint32_t h = bench_mix64(0, bench_double_bits(energy()));
  for (uint32_t step = 0; step < n; ++step) advance(0.001);
  for (int i = 0; i < kBodies; ++i) {
    h = bench_mix64(h, bench_double_bits(g_bodies[i].x));
    h = bench_mix64(h, bench_double_bits(g_bodies[i].y));
    h = bench_mix64(h, bench_double_bits(g_bodies[i].z));
  }
  return bench_mix64(h, bench_double_bits(energy()));
}
