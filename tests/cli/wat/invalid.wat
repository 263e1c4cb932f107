;; Well-formed but invalid: i32.add on an empty stack. Assembled with --no-check.
(module
  (func (export "bad") (result i32)
    i32.add))
