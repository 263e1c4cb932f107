;; A module the embedder does not allow into the profile: it calls into app.
(module $other
  (import "app" "spin" (func $spin (param i32) (result i32)))
  (func $work (export "work") (param i32) (result i32)
    local.get 0
    call $spin))
