;; Stacks that share outer frames and differ above them, for the sampler's reuse of the
;; previous sample's stack: env.mark takes a sample wherever it is called from.
(module $stacks
  (import "env" "mark" (func $mark))
  (func $rec (export "rec") (param $n i32)
    (if (i32.eqz (local.get $n))
      (then (call $mark) (return)))
    (call $rec (i32.sub (local.get $n) (i32.const 1))))
  (func $a (export "a") (param $which i32)
    (if (local.get $which)
      (then (call $b))
      (else (call $d))))
  (func $b (call $c))
  (func $c (call $mark))
  (func $d (call $mark) (call $c)))
