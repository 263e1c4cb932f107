;; Long-running code for epochs and fuel.
(module $loops
  (import "env" "tick" (func $tick))
  (func (export "spin")
    (loop $again
      br $again))

  ;; 5 units of fuel per iteration (local.get, i32.const, i32.sub, local.tee, br_if) and 1
  ;; after the loop (local.get): 5n + 1 in all.
  (func (export "count") (param i32) (result i32)
    (loop $again
      local.get 0
      i32.const 1
      i32.sub
      local.tee 0
      br_if $again)
    local.get 0)

  ;; Calls the host every iteration, forever.
  (func (export "tick_forever")
    (loop $again
      call $tick
      br $again))

  ;; Recursion without a loop (fib 45 makes billions of calls, seconds of compiled code): its
  ;; only check points are function entries.
  (func $fib (export "fib") (param i32) (result i32)
    local.get 0
    i32.const 2
    i32.lt_u
    if (result i32)
      local.get 0
    else
      local.get 0
      i32.const 1
      i32.sub
      call $fib
      local.get 0
      i32.const 2
      i32.sub
      call $fib
      i32.add
    end))
