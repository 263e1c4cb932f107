;; What a Module says about its contents: index spaces that begin with imports, element and data
;; segments of every mode, and a function the name section does not name (module_test.cc).
(module $shapes
  (type $unused (func (param f64)))
  (import "env" "f" (func $imported (param i32) (result i32)))
  (import "env" "t" (table 1 funcref))
  (import "env" "g" (global i32))
  (table $funcs 2 funcref)
  (table 1 externref)
  (memory 1)
  (global (mut i32) (i32.const 0))
  (global i64 (i64.const 1))
  (global f32 (f32.const 0))

  (func $named (export "named") (result i32)
    i32.const 1)
  (func (result i32)
    i32.const 22)

  (elem (table $funcs) (i32.const 0) func $named)
  (elem declare func $named)
  (data (i32.const 0) "a")
  (data (i32.const 1) "b")
  (data "passive"))
