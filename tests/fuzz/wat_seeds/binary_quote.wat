(module quote "(memory 1) (func (export \"f\") (result i32) (i32.load8_u (i32.const 0)))" "(data (i32.const 0) \"\\2a\")")
