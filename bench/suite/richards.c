// A Richards-like operating-system simulation: six tasks (idle, worker, two handlers, two
// devices) exchange packets through queues under a priority scheduler that dispatches each task
// through a function pointer. Pointer chasing, small structs, indirect calls and state bits,
// like the classic benchmark. n = number of whole simulations (each of 10000 idle ticks).
#include <stdint.h>

#include "common.h"

enum { kIdle, kWorker, kHandlerA, kHandlerB, kDeviceA, kDeviceB, kTaskCount };
enum { kKindDevice, kKindWork };
enum { kDataSize = 4 };

// Task state bits.
enum { kPacketPending = 1, kWaiting = 2, kHolding = 4 };

typedef struct packet {
  struct packet* link;
  int id;    // the task it is for (or came from)
  int kind;  // kKindDevice or kKindWork
  int a1;
  uint8_t a2[kDataSize];
} packet;

struct task;
typedef struct task* (*task_fn)(struct task* self, packet* pkt);

typedef struct task {
  struct task* link;  // all tasks, by decreasing priority
  int id;
  int priority;
  packet* queue;      // packets waiting for this task
  int state;
  task_fn fn;
  // Task-specific registers.
  uint32_t v1, v2;
  packet* p1;
  packet* p2;
} task;

typedef struct {
  task tasks[kTaskCount];
  task* by_id[kTaskCount];
  task* list;
  task* current;
  packet packets[8];
  int used_packets;
  uint32_t queue_count, hold_count;
} scheduler;

static scheduler g_sched;

static packet* new_packet(scheduler* s, packet* link, int id, int kind) {
  packet* p = &s->packets[s->used_packets++];
  p->link = link;
  p->id = id;
  p->kind = kind;
  p->a1 = 0;
  for (int i = 0; i < kDataSize; ++i) p->a2[i] = 0;
  return p;
}

static void add_task(scheduler* s, int id, int priority, packet* queue, int state, task_fn fn, uint32_t v1,
                     uint32_t v2) {
  task* t = &s->tasks[id];
  t->id = id;
  t->priority = priority;
  t->queue = queue;
  t->state = state;
  t->fn = fn;
  t->v1 = v1;
  t->v2 = v2;
  t->p1 = t->p2 = 0;
  // Keep the list sorted by decreasing priority.
  task** at = &s->list;
  while (*at && (*at)->priority >= priority) at = &(*at)->link;
  t->link = *at;
  *at = t;
  s->by_id[id] = t;
}

static int runnable(const task* t) {
  if (t->state & kHolding) return 0;
  if ((t->state & kWaiting) && !(t->state & kPacketPending)) return 0;
  return 1;
}

// Scheduler primitives; each returns the task to run next.
static task* wait_task(scheduler* s) {
  s->current->state |= kWaiting;
  return s->current;
}

static task* hold_self(scheduler* s) {
  ++s->hold_count;
  s->current->state |= kHolding;
  return s->current->link;
}

static task* release(scheduler* s, int id) {
  task* t = s->by_id[id];
  t->state &= ~kHolding;
  return t->priority > s->current->priority ? t : s->current;
}

static void append(packet* p, packet** queue) {
  p->link = 0;
  while (*queue) queue = &(*queue)->link;
  *queue = p;
}

static task* queue_packet(scheduler* s, packet* p) {
  task* t = s->by_id[p->id];
  ++s->queue_count;
  p->id = s->current->id;  // the receiver sees where it came from
  int was_empty = t->queue == 0;
  append(p, &t->queue);
  if (was_empty) {
    t->state |= kPacketPending;
    if (t->priority > s->current->priority) return t;
  }
  return s->current;
}

// ---- the tasks ----

static task* idle_fn(task* self, packet* pkt) {
  (void)pkt;
  scheduler* s = &g_sched;
  if (--self->v2 == 0) return hold_self(s);
  if ((self->v1 & 1u) == 0) {
    self->v1 >>= 1;
    return release(s, kDeviceA);
  }
  self->v1 = (self->v1 >> 1) ^ 0xD008u;
  return release(s, kDeviceB);
}

static task* worker_fn(task* self, packet* pkt) {
  scheduler* s = &g_sched;
  if (!pkt) return wait_task(s);
  self->v1 = self->v1 == kHandlerA ? kHandlerB : kHandlerA;
  pkt->id = (int)self->v1;
  pkt->a1 = 0;
  for (int i = 0; i < kDataSize; ++i) {
    if (++self->v2 > 26) self->v2 = 1;
    pkt->a2[i] = (uint8_t)('A' - 1 + self->v2);
  }
  return queue_packet(s, pkt);
}

static task* handler_fn(task* self, packet* pkt) {
  scheduler* s = &g_sched;
  if (pkt) {
    if (pkt->kind == kKindWork) append(pkt, &self->p1);
    else append(pkt, &self->p2);
  }
  packet* work = self->p1;
  if (work) {
    int count = work->a1;
    if (count >= kDataSize) {
      self->p1 = work->link;
      return queue_packet(s, work);
    }
    packet* dev = self->p2;
    if (dev) {
      self->p2 = dev->link;
      dev->a1 = work->a2[count];
      work->a1 = count + 1;
      return queue_packet(s, dev);
    }
  }
  return wait_task(s);
}

static task* device_fn(task* self, packet* pkt) {
  scheduler* s = &g_sched;
  if (!pkt) {
    packet* held = self->p1;
    if (!held) return wait_task(s);
    self->p1 = 0;
    return queue_packet(s, held);
  }
  self->p1 = pkt;
  self->v2 += (uint32_t)pkt->a1;  // what a real device would output
  return hold_self(s);
}

static uint32_t simulate(uint32_t ticks, uint32_t seed) {
  scheduler* s = &g_sched;
  s->list = 0;
  s->used_packets = 0;
  s->queue_count = s->hold_count = 0;

  add_task(s, kIdle, 0, 0, 0, idle_fn, seed, ticks);

  packet* wq = new_packet(s, 0, 0, kKindWork);
  wq = new_packet(s, wq, 0, kKindWork);
  add_task(s, kWorker, 1000, wq, kWaiting | kPacketPending, worker_fn, kHandlerA, 0);

  packet* a = new_packet(s, 0, kDeviceA, kKindDevice);
  a = new_packet(s, a, kDeviceA, kKindDevice);
  a = new_packet(s, a, kDeviceA, kKindDevice);
  add_task(s, kHandlerA, 2000, a, kWaiting | kPacketPending, handler_fn, 0, 0);

  packet* b = new_packet(s, 0, kDeviceB, kKindDevice);
  b = new_packet(s, b, kDeviceB, kKindDevice);
  b = new_packet(s, b, kDeviceB, kKindDevice);
  add_task(s, kHandlerB, 3000, b, kWaiting | kPacketPending, handler_fn, 0, 0);

  add_task(s, kDeviceA, 4000, 0, kWaiting, device_fn, 0, 0);
  add_task(s, kDeviceB, 5000, 0, kWaiting, device_fn, 0, 0);

  task* t = s->list;
  while (t) {
    if (!runnable(t)) {
      t = t->link;
      continue;
    }
    packet* pkt = 0;
    if (t->state & kPacketPending) {
      pkt = t->queue;
      t->queue = pkt->link;
      t->state = t->queue ? kPacketPending : 0;
    } else {
      t->state &= ~kWaiting;
    }
    s->current = t;
    t = t->fn(t, pkt);
  }
  uint32_t h = bench_mix(s->queue_count, s->hold_count);
  h = bench_mix(h, s->tasks[kDeviceA].v2);
  return bench_mix(h, s->tasks[kDeviceB].v2);
}

uint32_t run(uint32_t n) {
  uint32_t result = 0;
  for (uint32_t i = 0; i < n; ++i) result = bench_mix(result, simulate(10000, 1u + (i & 7u)));
  return result;
}
