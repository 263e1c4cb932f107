;; Out-of-bounds accesses that compiled code leaves to the guard region (exec/native_faults.hh):
;; each must trap as the interpreter's bounds check does, at the same instruction, with the same
;; frames and the same memory and globals left behind.
(module $faults
  (import "env" "poke" (func $poke (param i32)))
  (memory (export "memory") 1)
  (global $entries (export "entries") (mut i32) (i32.const 0))
  ;; Copied into $middle and $outer (two copies deep): the load faults inside the copies.
  (func $leaf (param i32) (result i32)
    local.get 0
    i32.load offset=4)
  (func $middle (param i32) (result i32)
    local.get 0
    call $leaf
    i32.const 1
    i32.add)
  (func (export "outer") (param i32) (result i32)
    local.get 0
    call $middle)
  ;; A store and a global's update before the faulting load: both stay done.
  (func (export "store_then_load") (param i32 i32) (result i32)
    global.get $entries
    i32.const 1
    i32.add
    global.set $entries
    local.get 1
    i32.const 77
    i32.store
    local.get 0
    i32.load)
  ;; Two loads into one add (x86 would read one of them inside the add): the one out of bounds
  ;; traps, at its own instruction.
  (func (export "add_loads") (param i32 i32) (result i32)
    local.get 0
    i32.load
    local.get 1
    i32.load offset=8
    i32.add)
  ;; A load whose value is dropped, and one whose value only a branch uses: they still trap.
  (func (export "dropped") (param i32) local.get 0 i64.load drop)
  (func (export "used_in_branch") (param i32 i32) (result i32)
    (local i32)
    local.get 0
    i32.load16_s
    local.set 2
    local.get 1
    if (result i32) local.get 2 else i32.const 5 end)
  ;; A store of each width, the last straddling the end when the address is size - 4.
  (func (export "store8") (param i32) local.get 0 i32.const 1 i32.store8)
  (func (export "store64") (param i32) local.get 0 i64.const 1 i64.store)
  (func (export "load_f64") (param i32) (result f64) local.get 0 f64.load)
  (func (export "load_v128") (param i32) (result i32) local.get 0 v128.load i32x4.extract_lane 1)
  (func (export "load_high_offset") (param i32) (result i32) local.get 0 i32.load offset=0xfffffff0)
  ;; n calls deep (not copied: it recurses), then the load.
  (func $down (export "down") (param i32 i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      local.get 1
      i32.load
    else
      local.get 0
      i32.const 1
      i32.sub
      local.get 1
      call $down
      local.get 0
      i32.add
    end)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load)
  ;; A host call that does whatever the test asks of it.
  (func (export "call_poke") (param i32) local.get 0 call $poke)
  ;; A loop of loads whose last one faults.
  (func (export "sum_to") (param i32 i32) (result i32)
    (local i32)
    loop
      local.get 2
      local.get 0
      i32.load
      i32.add
      local.set 2
      local.get 0
      i32.const 4
      i32.add
      local.tee 0
      local.get 1
      i32.lt_u
      br_if 0
    end
    local.get 2))
