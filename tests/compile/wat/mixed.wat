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

  ;; 64 slots of arguments a call: the slot stack (max_wasm_stack) runs out long before the
  ;; depth limit, at a call whose arguments would lie past its end.
  (func $wide (export "wide") (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    local.get 0
    i64.const 1
    i64.add
    local.get 1
    local.get 2
    local.get 3
    local.get 4
    local.get 5
    local.get 6
    local.get 7
    local.get 8
    local.get 9
    local.get 10
    local.get 11
    local.get 12
    local.get 13
    local.get 14
    local.get 15
    local.get 16
    local.get 17
    local.get 18
    local.get 19
    local.get 20
    local.get 21
    local.get 22
    local.get 23
    local.get 24
    local.get 25
    local.get 26
    local.get 27
    local.get 28
    local.get 29
    local.get 30
    local.get 31
    local.get 32
    local.get 33
    local.get 34
    local.get 35
    local.get 36
    local.get 37
    local.get 38
    local.get 39
    local.get 40
    local.get 41
    local.get 42
    local.get 43
    local.get 44
    local.get 45
    local.get 46
    local.get 47
    local.get 48
    local.get 49
    local.get 50
    local.get 51
    local.get 52
    local.get 53
    local.get 54
    local.get 55
    local.get 56
    local.get 57
    local.get 58
    local.get 59
    local.get 60
    local.get 61
    local.get 62
    local.get 63
    call $wide)

  ;; A compiled recursion whose frames run past the end of the slot stack (calls between
  ;; compiled functions leave their slots unwritten and unchecked), calling the host at every
  ;; level: the host call's argument would be written past the end.
  (func $host_deep (export "host_deep") (param i32) (result i32)
    local.get 0
    call $host_twice
    call $host_deep)

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
