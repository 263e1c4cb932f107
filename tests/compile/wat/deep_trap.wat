;; A recursion that tiers up while its outer activations are still interpreted: $rec(n) asks the
;; host to wait (at n = 1, until the compile thread has made $rec's machine code), so $rec(0)
;; enters machine code and traps there, below n interpreted frames of the same function.
(module $deep_trap
  (import "env" "wait" (func $wait (param i32)))
  (func $rec (export "rec") (param $n i32) (result i32)
    local.get $n
    i32.eqz
    if
      unreachable
    end
    local.get $n
    call $wait
    local.get $n
    i32.const 1
    i32.sub
    call $rec
    i32.const 1
    i32.add
    ;; A site after the call's (a division may trap): a frame read in the wrong code cannot name
    ;; the call by landing on the function's last site.
    i32.const 1
    i32.div_s)
)
