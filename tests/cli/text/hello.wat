;; A WASI program in the text format, run by `wasmprof run hello.wat` without an assembler.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from text\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))         ;; the iovec's base
    (i32.store offset=4 (i32.const 0) (i32.const 16))  ;; and length
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))))
