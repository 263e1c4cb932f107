;; A guest whose time split is known by construction, for sampling fidelity. Each round of
;; run's loop calls three leaves with a fixed number of instructions per call: a long
;; straight-line chain with no loop (where epoch-driven sampling can only ever see the entry),
;; a short one, and one with an inner loop. bench/profile/fidelity.cc measures each one's
;; exact instruction count with fuel metering, which gives the true shares. The chains use
;; cheap operations (i32.add/xor with a constant), so every instruction costs about the same
;; and instruction counts stand for time.
(module $fidelity
  (func $long_leaf (export "long_leaf") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add i32.const 3 i32.xor i32.const 5 i32.add i32.const 7 i32.xor i32.const 9 i32.add
    i32.const 11 i32.xor i32.const 13 i32.add i32.const 15 i32.xor i32.const 17 i32.add i32.const 19 i32.xor
    i32.const 21 i32.add i32.const 23 i32.xor i32.const 25 i32.add i32.const 27 i32.xor i32.const 29 i32.add
    i32.const 31 i32.xor i32.const 33 i32.add i32.const 35 i32.xor i32.const 37 i32.add i32.const 39 i32.xor
    i32.const 41 i32.add i32.const 43 i32.xor i32.const 45 i32.add i32.const 47 i32.xor i32.const 49 i32.add
    i32.const 51 i32.xor i32.const 53 i32.add i32.const 55 i32.xor i32.const 57 i32.add i32.const 59 i32.xor
    i32.const 61 i32.add i32.const 63 i32.xor i32.const 65 i32.add i32.const 67 i32.xor i32.const 69 i32.add
    i32.const 71 i32.xor i32.const 73 i32.add i32.const 75 i32.xor i32.const 77 i32.add i32.const 79 i32.xor
    i32.const 81 i32.add i32.const 83 i32.xor i32.const 85 i32.add i32.const 87 i32.xor i32.const 89 i32.add
    i32.const 91 i32.xor i32.const 93 i32.add i32.const 95 i32.xor i32.const 97 i32.add i32.const 99 i32.xor)
  (func $short_leaf (export "short_leaf") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add i32.const 3 i32.xor i32.const 5 i32.add i32.const 7 i32.xor i32.const 9 i32.add)
  (func $loop_leaf (export "loop_leaf") (param i32) (result i32)
    (local $i i32)
    i32.const 40
    local.set $i
    (loop $again
      local.get 0
      i32.const 7
      i32.add
      local.set 0
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $again)
    local.get 0)
  (func (export "run") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      call $long_leaf
      call $short_leaf
      call $loop_leaf
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc))
