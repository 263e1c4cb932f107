;; A guest whose time split is known by construction, for sampling fidelity. Each round of
;; run's loop calls three leaves with a fixed number of instructions per call: a long
;; straight-line chain with no loop (where epoch-driven sampling can only ever see the entry),
;; a short one, and one with an inner loop, all doing the same work (a chain of i32.add and
;; i32.xor with constants). bench/profile/fidelity.cc takes two truths from it: the
;; instructions each function executes, and the time each part takes when it runs alone
;; (the only_* exports: run's loop calling just one leaf, an empty function, or nothing).
(module $fidelity
  ;; 200 operations, no loop
  (func $long_leaf (export "long_leaf") (param i32) (result i32)
    local.get 0
    i32.const 3 i32.add
    i32.const 5 i32.xor
    i32.const 7 i32.add
    i32.const 9 i32.xor
    i32.const 11 i32.add
    i32.const 13 i32.xor
    i32.const 15 i32.add
    i32.const 17 i32.xor
    i32.const 19 i32.add
    i32.const 21 i32.xor
    i32.const 23 i32.add
    i32.const 25 i32.xor
    i32.const 27 i32.add
    i32.const 29 i32.xor
    i32.const 31 i32.add
    i32.const 33 i32.xor
    i32.const 35 i32.add
    i32.const 37 i32.xor
    i32.const 39 i32.add
    i32.const 41 i32.xor
    i32.const 43 i32.add
    i32.const 45 i32.xor
    i32.const 47 i32.add
    i32.const 49 i32.xor
    i32.const 51 i32.add
    i32.const 53 i32.xor
    i32.const 55 i32.add
    i32.const 57 i32.xor
    i32.const 59 i32.add
    i32.const 61 i32.xor
    i32.const 63 i32.add
    i32.const 65 i32.xor
    i32.const 67 i32.add
    i32.const 69 i32.xor
    i32.const 71 i32.add
    i32.const 73 i32.xor
    i32.const 75 i32.add
    i32.const 77 i32.xor
    i32.const 79 i32.add
    i32.const 81 i32.xor
    i32.const 83 i32.add
    i32.const 85 i32.xor
    i32.const 87 i32.add
    i32.const 89 i32.xor
    i32.const 91 i32.add
    i32.const 93 i32.xor
    i32.const 95 i32.add
    i32.const 97 i32.xor
    i32.const 99 i32.add
    i32.const 101 i32.xor
    i32.const 103 i32.add
    i32.const 105 i32.xor
    i32.const 107 i32.add
    i32.const 109 i32.xor
    i32.const 111 i32.add
    i32.const 113 i32.xor
    i32.const 115 i32.add
    i32.const 117 i32.xor
    i32.const 119 i32.add
    i32.const 121 i32.xor
    i32.const 123 i32.add
    i32.const 125 i32.xor
    i32.const 127 i32.add
    i32.const 129 i32.xor
    i32.const 131 i32.add
    i32.const 133 i32.xor
    i32.const 135 i32.add
    i32.const 137 i32.xor
    i32.const 139 i32.add
    i32.const 141 i32.xor
    i32.const 143 i32.add
    i32.const 145 i32.xor
    i32.const 147 i32.add
    i32.const 149 i32.xor
    i32.const 151 i32.add
    i32.const 153 i32.xor
    i32.const 155 i32.add
    i32.const 157 i32.xor
    i32.const 159 i32.add
    i32.const 161 i32.xor
    i32.const 163 i32.add
    i32.const 165 i32.xor
    i32.const 167 i32.add
    i32.const 169 i32.xor
    i32.const 171 i32.add
    i32.const 173 i32.xor
    i32.const 175 i32.add
    i32.const 177 i32.xor
    i32.const 179 i32.add
    i32.const 181 i32.xor
    i32.const 183 i32.add
    i32.const 185 i32.xor
    i32.const 187 i32.add
    i32.const 189 i32.xor
    i32.const 191 i32.add
    i32.const 193 i32.xor
    i32.const 195 i32.add
    i32.const 197 i32.xor
    i32.const 199 i32.add
    i32.const 201 i32.xor
    i32.const 203 i32.add
    i32.const 205 i32.xor
    i32.const 207 i32.add
    i32.const 209 i32.xor
    i32.const 211 i32.add
    i32.const 213 i32.xor
    i32.const 215 i32.add
    i32.const 217 i32.xor
    i32.const 219 i32.add
    i32.const 221 i32.xor
    i32.const 223 i32.add
    i32.const 225 i32.xor
    i32.const 227 i32.add
    i32.const 229 i32.xor
    i32.const 231 i32.add
    i32.const 233 i32.xor
    i32.const 235 i32.add
    i32.const 237 i32.xor
    i32.const 239 i32.add
    i32.const 241 i32.xor
    i32.const 243 i32.add
    i32.const 245 i32.xor
    i32.const 247 i32.add
    i32.const 249 i32.xor
    i32.const 251 i32.add
    i32.const 253 i32.xor
    i32.const 255 i32.add
    i32.const 257 i32.xor
    i32.const 259 i32.add
    i32.const 261 i32.xor
    i32.const 263 i32.add
    i32.const 265 i32.xor
    i32.const 267 i32.add
    i32.const 269 i32.xor
    i32.const 271 i32.add
    i32.const 273 i32.xor
    i32.const 275 i32.add
    i32.const 277 i32.xor
    i32.const 279 i32.add
    i32.const 281 i32.xor
    i32.const 283 i32.add
    i32.const 285 i32.xor
    i32.const 287 i32.add
    i32.const 289 i32.xor
    i32.const 291 i32.add
    i32.const 293 i32.xor
    i32.const 295 i32.add
    i32.const 297 i32.xor
    i32.const 299 i32.add
    i32.const 301 i32.xor
    i32.const 303 i32.add
    i32.const 305 i32.xor
    i32.const 307 i32.add
    i32.const 309 i32.xor
    i32.const 311 i32.add
    i32.const 313 i32.xor
    i32.const 315 i32.add
    i32.const 317 i32.xor
    i32.const 319 i32.add
    i32.const 321 i32.xor
    i32.const 323 i32.add
    i32.const 325 i32.xor
    i32.const 327 i32.add
    i32.const 329 i32.xor
    i32.const 331 i32.add
    i32.const 333 i32.xor
    i32.const 335 i32.add
    i32.const 337 i32.xor
    i32.const 339 i32.add
    i32.const 341 i32.xor
    i32.const 343 i32.add
    i32.const 345 i32.xor
    i32.const 347 i32.add
    i32.const 349 i32.xor
    i32.const 351 i32.add
    i32.const 353 i32.xor
    i32.const 355 i32.add
    i32.const 357 i32.xor
    i32.const 359 i32.add
    i32.const 361 i32.xor
    i32.const 363 i32.add
    i32.const 365 i32.xor
    i32.const 367 i32.add
    i32.const 369 i32.xor
    i32.const 371 i32.add
    i32.const 373 i32.xor
    i32.const 375 i32.add
    i32.const 377 i32.xor
    i32.const 379 i32.add
    i32.const 381 i32.xor
    i32.const 383 i32.add
    i32.const 385 i32.xor
    i32.const 387 i32.add
    i32.const 389 i32.xor
    i32.const 391 i32.add
    i32.const 393 i32.xor
    i32.const 395 i32.add
    i32.const 397 i32.xor
    i32.const 399 i32.add
    i32.const 401 i32.xor)
  ;; 30 operations
  (func $short_leaf (export "short_leaf") (param i32) (result i32)
    local.get 0
    i32.const 3 i32.add
    i32.const 5 i32.xor
    i32.const 7 i32.add
    i32.const 9 i32.xor
    i32.const 11 i32.add
    i32.const 13 i32.xor
    i32.const 15 i32.add
    i32.const 17 i32.xor
    i32.const 19 i32.add
    i32.const 21 i32.xor
    i32.const 23 i32.add
    i32.const 25 i32.xor
    i32.const 27 i32.add
    i32.const 29 i32.xor
    i32.const 31 i32.add
    i32.const 33 i32.xor
    i32.const 35 i32.add
    i32.const 37 i32.xor
    i32.const 39 i32.add
    i32.const 41 i32.xor
    i32.const 43 i32.add
    i32.const 45 i32.xor
    i32.const 47 i32.add
    i32.const 49 i32.xor
    i32.const 51 i32.add
    i32.const 53 i32.xor
    i32.const 55 i32.add
    i32.const 57 i32.xor
    i32.const 59 i32.add
    i32.const 61 i32.xor)
  ;; 12 iterations of 20 operations
  (func $loop_leaf (export "loop_leaf") (param i32) (result i32)
    (local $i i32)
    i32.const 12
    local.set $i
    (loop $again
      local.get 0
      i32.const 3 i32.add
      i32.const 5 i32.xor
      i32.const 7 i32.add
      i32.const 9 i32.xor
      i32.const 11 i32.add
      i32.const 13 i32.xor
      i32.const 15 i32.add
      i32.const 17 i32.xor
      i32.const 19 i32.add
      i32.const 21 i32.xor
      i32.const 23 i32.add
      i32.const 25 i32.xor
      i32.const 27 i32.add
      i32.const 29 i32.xor
      i32.const 31 i32.add
      i32.const 33 i32.xor
      i32.const 35 i32.add
      i32.const 37 i32.xor
      i32.const 39 i32.add
      i32.const 41 i32.xor
      local.set 0
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $again)
    local.get 0)
  (func $run (export "run") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      call $long_leaf
      call $short_leaf
      call $loop_leaf
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc)
  ;; run's loop calling only long_leaf: the time of each part in isolation.
  (func (export "only_long_leaf") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      call $long_leaf
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc)
  ;; run's loop calling only short_leaf: the time of each part in isolation.
  (func (export "only_short_leaf") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      call $short_leaf
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc)
  ;; run's loop calling only loop_leaf: the time of each part in isolation.
  (func (export "only_loop_leaf") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      call $loop_leaf
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc)
  ;; A function that does nothing, and run's loop calling only it: the cost of a call and its
  ;; return, which the time truth must split between caller and callee.
  (func $empty_leaf (param i32) (result i32)
    local.get 0)
  (func (export "only_empty_leaf") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      call $empty_leaf
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc)
  ;; run's loop calling only nothing: the time of each part in isolation.
  (func (export "only_loop") (param $rounds i32) (result i32)
    (local $acc i32)
    (loop $again
      local.get $acc
      local.set $acc
      local.get $rounds
      i32.const 1
      i32.sub
      local.tee $rounds
      br_if $again)
    local.get $acc))
