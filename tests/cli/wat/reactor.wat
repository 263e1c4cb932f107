;; A reactor: _initialize must run before an --invoke'd export.
(module
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize")
    i32.const 40
    global.set $ready)
  (func (export "ready_plus") (param i32) (result i32)
    global.get $ready
    local.get 0
    i32.add))
