;; A stack of a chosen depth: deep(n) recurses n times, then calls the host's probe, which
;; measures the profiler from inside the deepest frame.
(module $deep
  (import "bench" "probe" (func $probe))
  (func $deep (export "deep") (param i32)
    local.get 0
    if
      local.get 0
      i32.const 1
      i32.sub
      call $deep
    else
      call $probe
    end))
