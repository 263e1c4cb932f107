;; A bump allocator under C's names and a function that uses it: work() allocates 100 and 200
;; bytes and frees the first block.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $block i32)
    (local.set $block (global.get $next))
    (global.set $next (i32.add (local.get $block) (local.get $size)))
    (local.get $block))
  (func $free (export "free") (param i32))
  (func $work (export "work")
    (local $first i32)
    (local.set $first (call $malloc (i32.const 100)))
    (drop (call $malloc (i32.const 200)))
    (call $free (local.get $first))))
