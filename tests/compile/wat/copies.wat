;; Callees small enough to be copied into their caller's machine code (and inlined there): a trap
;; or a host call inside a copy, two copies deep, must show every wasm frame at its instruction.
(module $copies
  (import "env" "seen" (func $seen (param i32)))
  (func $divide (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.div_s)
  (func $middle (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $divide
    i32.const 1
    i32.add)
  (func (export "outer") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $middle
    i32.const 2
    i32.mul)
  (func $report (param i32)
    local.get 0
    call $seen)
  (func (export "outer_report") (param i32)
    local.get 0
    call $report)
  ;; A recursion: its copy calls itself, so the copy stays a function of its own in the machine
  ;; code (named as a copy of $count_down).
  (func $count_down (param i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0
      i32.const 1
      i32.sub
      call $count_down
      i32.const 1
      i32.add
    end)
  (func (export "recurse") (param i32) (result i32)
    local.get 0
    call $count_down)
)
