;; The C API tests' main module: host calls, reentrancy, traps in nested frames, multi-value.
(module $calls
  (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))
  (import "env" "call_back" (func $call_back (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $add)

  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)

  (func $via_host (export "via_host") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $host_add)

  ;; wasm -> host (call_back) -> wasm (inner) -> host (host_add)
  (func $outer (export "outer") (param i32) (result i32)
    local.get 0
    call $call_back)
  (func $inner (export "inner") (param i32) (result i32)
    local.get 0
    i32.const 1
    call $host_add)

  ;; three frames, each at the same body offset (5): div_s, call, call
  (func $div (export "div") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.div_s)
  (func $level2 (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $div)
  (func $level1 (export "nested_div") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $level2)

  (func (export "swap") (param i32 i64) (result i64 i32)
    local.get 1
    local.get 0)

  (func (export "scale") (param f64 f32) (result f64)
    local.get 0
    local.get 1
    f64.promote_f32
    f64.mul)

  (func (export "store") (param i32 i32)
    local.get 0
    local.get 1
    i32.store)

  (func $forever (export "recurse") (param i32) (result i32)
    local.get 0
    call $forever))
