(module $m
  (type $t (func (param i32) (result i32)))
  (type (func (param i64 f32 f64 v128 funcref externref) (result i32 i64)))
  (import "env" "f" (func $imp (type $t)))
  (import "env" "g" (global $gi (mut i32)))
  (import "env" "t" (table $ti 1 10 funcref))
  (func $h (import "env" "h") (param i32))
  (memory $mem (export "memory") 1 2)
  (table $tab (export "table") funcref (elem $f0 $f1))
  (table $ext 2 externref)
  (global $g (export "g") (mut i64) (i64.const -0x8000_0000_0000_0000))
  (global $fg f32 (f32.const -nan:0x7f_ffff))
  (global $dg f64 (f64.const 0x1.fffffffffffffp1023))
  (export "f0" (func $f0))
  (start $f1)
  (elem $e0 (i32.const 0) $f0 $f1)
  (elem $e1 (table $tab) (offset (i32.const 1)) func $f1)
  (elem $e2 funcref (ref.func $f0) (ref.null func) (item ref.func $f1))
  (elem $e3 declare func $f0)
  (elem $e4 (table $ext) (i32.const 0) externref (ref.null extern))
  (data $d0 (i32.const 0) "a\00\ff\u{1F600}" "\t\n")
  (data $d1 (memory $mem) (offset (i32.const 8)) "xyz")
  (data $d2 "passive")
  (func $f0 (type $t) (param $p i32) (result i32) (local $l i64) (local f32 f64)
    (block $b (result i32)
      (loop $l2
        (br_if $l2 (i32.eqz (local.get $p)))
        (br_table $b $l2 $b (i32.const 0) (i32.const 1)))
      (if $i (result i32) (local.get $p)
        (then (i32.const 1))
        (else (call_indirect $tab (type $t) (i32.const 2) (i32.const 0))))))
  (func $f1
    block $x
      i32.const 0
      if (result i32)
        i32.const 1
      else
        i32.const 2
      end
      drop
      br $x
    end $x
    (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))
    (memory.init $d2 (i32.const 0) (i32.const 0) (i32.const 1))
    (data.drop $d2)
    (table.init $tab $e2 (i32.const 0) (i32.const 0) (i32.const 1))
    (table.copy $tab $tab (i32.const 0) (i32.const 0) (i32.const 0))
    (elem.drop $e2)
    (drop (i64.load32_u offset=4 align=4 (i32.const 0)))
    (drop (v128.const f32x4 1.5 -inf nan 0x1p-149))
    (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const i8x16 -128 255 0 0 0 0 0 0 0 0 0 0 0 0 0 0) (v128.const i16x8 0 1 2 3 4 5 6 7)))
    (drop (v128.load16_lane offset=2 align=1 7 (i32.const 0) (v128.const i64x2 -1 0xffff_ffff_ffff_ffff)))
    (drop (f64x2.extract_lane 1 (v128.const f64x2 0.5 -0)))
    (global.set $g (i64.extend_i32_u (table.size $tab)))))
