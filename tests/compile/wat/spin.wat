;; On-stack replacement: $spin is entered once and loops until the host says stop, so only its
;; loop can move it to machine code while it runs.
(module $spin
  (import "env" "tick" (func $tick (param i32) (result i32)))
  (func (export "spin") (result i32)
    (local $i i32)
    (loop $again
      local.get $i
      i32.const 1
      i32.add
      local.set $i
      local.get $i
      call $tick
      br_if $again)
    local.get $i)
)
