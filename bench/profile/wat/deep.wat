;; A stack of a chosen depth: deep(n) recurses n times, then calls the host's probe, which
;; measures the profiler from inside the deepest frame; spin(depth, n) recurses `depth` times, then
;; loops n times, where the signals of precise sampling find it (the compiled tier's cost of one
;; sample, signal to buffer to profile).
(module $deep
  (import "bench" "probe" (func $probe))
  (func $deep (export "deep") (param i32)
    local.get 0
    if
      local.get 0
      i32.const 1
      i32.sub
      call $deep
    else
      call $probe
    end)
  (func $spin (export "spin") (param $depth i32) (param $n i32) (result i32)
    (local $acc i32)
    local.get $depth
    if (result i32)
      local.get $depth
      i32.const 1
      i32.sub
      local.get $n
      call $spin
      ;; not an accumulator LLVM could turn the recursion into a loop with
      i32.const 3
      i32.mul
      local.get $depth
      i32.xor
    else
      loop
        local.get $acc
        i32.const 31
        i32.mul
        local.get $n
        i32.add
        local.set $acc
        local.get $n
        i32.const 1
        i32.sub
        local.tee $n
        br_if 0
      end
      local.get $acc
    end))
