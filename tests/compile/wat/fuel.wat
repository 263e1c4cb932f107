;; Every kind of basic-block boundary the translator charges fuel at: entry, loop header, then and
;; else arms, after an end, after a br_if; a call, and an if without else. Run with every budget
;; from nothing to enough, both tiers must stop at the same instruction with the same fuel left.
(module $fuel
  (func $leaf (param i32) (result i32)
    local.get 0
    i32.const 3
    i32.mul)
  (func (export "work") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $again
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        local.get $i
        i32.const 1
        i32.and
        (if (result i32)
          (then local.get $i call $leaf)
          (else local.get $i i32.const 7 i32.add))
        local.get $sum
        i32.add
        local.set $sum
        local.get $i
        i32.const 2
        i32.rem_u
        (if (then local.get $sum i32.const 1 i32.add local.set $sum))
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $again))
    local.get $sum)
)
