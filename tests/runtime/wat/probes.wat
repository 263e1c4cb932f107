;; Function probes (runtime/probes.hh): probed functions with every kind of return path, one
;; probed function calling another, one named only by its export, one that traps, and
;; functions that are never probed.
(module $probes
  (memory (export "memory") 1)

  ;; Falls off the end of its body.
  (func $fall (export "fall") (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add)

  ;; `return` from inside a block, or falls off the end.
  (func $early (export "early") (param i32) (result i32)
    block
      local.get 0
      i32.eqz
      br_if 0
      i32.const 10
      return
    end
    i32.const 20)

  ;; br_if to the function's own label: returns 40 when the argument is not zero.
  (func $conditional (export "conditional") (param i32) (result i32)
    i32.const 40
    local.get 0
    br_if 0
    drop
    i32.const 41)

  ;; br_table whose default is the function's label (30), a br to it from a block (31), and
  ;; the end reached after a block (32).
  (func $branches (export "branches") (param i32) (result i32)
    (block $b (result i32)
      (block $a (result i32)
        i32.const 30
        local.get 0
        br_table $a $b 2)
      i32.const 1
      i32.add
      br 1)
    i32.const 2
    i32.add)

  ;; Two results, one a local read straight from its slot: both are in place for the probe.
  (func $pair (export "pair") (param i32 i64) (result i64 i32)
    local.get 1
    local.get 0)

  ;; A probed function calling another probed function.
  (func $outer (export "outer") (param i32) (result i32)
    local.get 0
    call $fall
    i32.const 100
    i32.add)

  ;; No name-section name (wat2wasm names only what has an $id): probed by its export name.
  (func (export "by_export") (result i32)
    i32.const 7)

  ;; Traps: its entry probe runs, its exit probe never does.
  (func $trapper (export "trapper") (param i32) (result i32)
    unreachable)

  ;; Never probed; calls a probed function.
  (func $plain (export "plain") (param i32) (result i32)
    local.get 0
    call $fall))
