;; A start function that traps: instantiation fails with a trap and a backtrace.
(module $start_trap
  (func $boom unreachable)
  (start $boom))
