;; Compiled calls write no call record; a helper writes the records of the compiled frames when
;; something may read them, and keeps those still true (exec/native_records.hh). Each host call
;; below captures the backtrace: frames found again at the same place must name what calls them
;; now, and frames that changed must be named anew under callers that did not.
(module $records
  (import "env" "seen" (func $seen (param i32)))
  (type $report (func (param i32)))
  (table 2 funcref)
  (elem (i32.const 0) $report $other)
  ;; Called through the table: each runs as a function of its own (a machine frame), not a copy.
  (func $report (param i32)
    local.get 0
    call $seen)
  (func $other (param i32)
    local.get 0
    call $seen)
  ;; The same callee, at the same place on the stack, from two call sites.
  (func (export "two_sites") (param i32)
    local.get 0
    i32.const 0
    call_indirect (type $report)
    local.get 0
    i32.const 0
    call_indirect (type $report))
  ;; Two callees, at the same place on the stack, from one call site.
  (func (export "one_site") (param i32)
    (local $i i32)
    loop
      local.get 0
      local.get $i
      call_indirect (type $report)
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      i32.const 2
      i32.lt_u
      br_if 0
    end)
  ;; A recursion calling the host at every level on the way down, then trapping at the bottom.
  (func $down (export "down") (param i32)
    local.get 0
    call $seen
    local.get 0
    i32.eqz
    if
      unreachable
    end
    local.get 0
    i32.const 1
    i32.sub
    call $down)
)
