;; Grows its memory to the whole 4 GiB of a 32-bit memory, then writes one byte per MiB and
;; reads them back: with memory reserved and committed on first touch, this costs the host a
;; few MiB of RSS, not 4 GiB (figures in ARCHITECTURE.md, "Linear memory is reserved").
;; Traps (unreachable) if the grow fails, as it must under --max-memory.
(module
  (memory 1)
  (func (export "_start")
    (local $address i32)
    (local $sum i32)
    (if (i32.ne (memory.grow (i32.const 65535)) (i32.const 1)) (then unreachable))
    ;; one byte per MiB, the last byte of memory included
    (local.set $address (i32.const 0xfffff))
    (loop $touch
      (i32.store8 (local.get $address) (i32.const 1))
      (local.set $address (i32.add (local.get $address) (i32.const 0x100000)))
      (br_if $touch (i32.ne (local.get $address) (i32.const 0xfffff))))
    ;; 4096 ones: what was written is there, the rest still reads as zero
    (loop $sum
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $address))))
      (local.set $address (i32.add (local.get $address) (i32.const 0x80000)))
      (br_if $sum (i32.ne (local.get $address) (i32.const 0xfffff))))
    (if (i32.ne (local.get $sum) (i32.const 4096)) (then unreachable))))
