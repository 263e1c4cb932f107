;; A guest that does little but call the host: run(n) calls env.step n times from a loop, so
;; what a call hook costs per guest/host transition dominates the time.
(module
  (import "env" "step" (func $step (param i32) (result i32)))
  (func (export "run") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $step (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (local.get $acc)))
