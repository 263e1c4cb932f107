;; The compiling tier beside the interpreter: the test makes the compiler fail on $lanes (as if
;; it had hit an internal error), so it stays interpreted while everything else is machine code,
;; and calls cross both ways.
(module $mixed
  (import "env" "host_twice" (func $host_twice (param i32) (result i32)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $square)

  (func $square (param i32) (result i32)
    local.get 0
    local.get 0
    i32.mul)

  ;; interpreted: calls the compiled $square, and is called by compiled code (and uses SIMD,
  ;; which runs alike in both tiers)
  (func $lanes (param i32) (result i32)
    local.get 0
    i32x4.splat
    i32x4.extract_lane 3
    call $square)

  (func (export "compiled_calls_interpreted") (param i32) (result i32)
    local.get 0
    call $lanes
    i32.const 1
    i32.add)

  (func (export "through_table_and_host") (param i32) (result i32)
    local.get 0
    i32.const 0
    call_indirect (param i32) (result i32)
    call $host_twice)

  ;; recursion with no bound but the engine's
  (func $deep (export "deep") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add
    call $deep)

  (func (export "grow_and_touch") (param i32) (result i32)
    local.get 0
    memory.grow
    drop
    memory.size
    i32.const 65536
    i32.mul
    i32.const 4
    i32.sub
    i32.const 42
    i32.store
    memory.size
    i32.const 65536
    i32.mul
    i32.const 4
    i32.sub
    i32.load)
)
