;; A chain of small functions that the compiling tier copies into their caller and inlines:
;; $run loops over $f, which calls $g, which calls $h twice, where the work is. A profile must show
;; the same call paths whichever tier ran it: run > f > g > h, as frames or as inlined frames.
(module
  (func $h (param $x i32) (result i32)
    (local $i i32)
    (loop $again
      local.get $x
      i32.const 31
      i32.mul
      local.get $i
      i32.add
      local.set $x
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      i32.const 64
      i32.lt_u
      br_if $again)
    local.get $x)
  (func $g (param $x i32) (result i32)
    local.get $x
    call $h
    local.get $x
    i32.const 1
    i32.add
    call $h
    i32.add)
  (func $f (param $x i32) (result i32)
    local.get $x
    call $g
    i32.const 7
    i32.xor)
  (func $run (export "run") (param $n i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      local.get $n
      call $f
      i32.add
      local.set $acc
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $again)
    local.get $acc)
)
