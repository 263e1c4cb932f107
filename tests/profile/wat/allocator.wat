;; A toy allocator under C's names, for the rules of allocation profiling that wasi-libc's
;; allocator does not exercise: this realloc calls the probed malloc and free itself (only the
;; outermost call counts), and this malloc traps on a size of 0xdead (a call that never
;; returns must not swallow the next one).
(module $allocator
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))

  ;; A bump allocator: 8-byte aligned blocks from 1024 up.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $block i32)
    local.get $size
    i32.const 0xdead
    i32.eq
    if
      unreachable
    end
    global.get $next
    local.set $block
    local.get $block
    local.get $size
    i32.add
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    global.set $next
    local.get $block)

  (func $free (export "free") (param i32))

  ;; Always moves the block: a new one from malloc, then the old one to free.
  (func $realloc (export "realloc") (param $old i32) (param $size i32) (result i32)
    (local $new i32)
    local.get $size
    call $malloc
    local.set $new
    local.get $old
    call $free
    local.get $new)

  (func $make (export "make") (param i32) (result i32)
    local.get 0
    call $malloc)
  (func $grow (export "grow") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $realloc)
  (func $release (export "release") (param i32)
    local.get 0
    call $free))
