;; The profiled guest: a loop calling a straight-line leaf, and a call into the host.
(module $app
  (import "env" "nap" (func $nap (param i32)))
  (func $leaf (export "leaf") (param i32) (result i32)
    local.get 0
    i32.const 3
    i32.mul
    i32.const 1
    i32.add
    i32.const 7
    i32.xor
    i32.const 5
    i32.rotl
    i32.const 11
    i32.sub)
  (func $spin (export "spin") (param i32) (result i32)
    (local i32)
    (loop $again
      local.get 1
      call $leaf
      local.set 1
      local.get 0
      i32.const 1
      i32.sub
      local.tee 0
      br_if $again)
    local.get 1)
  (func $napping (export "napping") (param i32)
    local.get 0
    call $nap))
