;; Candidate scan for exact k-nearest-neighbour search (compiled by scripts/compileWasm.mjs into
;; candidateScanWasm.ts). Hand-written because the hot loop is everything: 4 queries × 8 training rows
;; per step, float32 lanes, 8 independent accumulators so the add latency is hidden.
;;
;; Squared distances are approximated as |x|² + |q|² + Σ_j (−2 q_j) x_j in float32. The caller turns
;; each query's running k-th distance into a threshold that already includes a rigorous float32 error
;; bound, so every row whose exact distance could still matter is emitted, and re-ranks the emitted rows
;; in float64.
;;
;; Memory layout (byte addresses chosen by the caller):
;;   [0, 128)       scratch for the 32 lanes of one step (query-major, row-minor)
;;   group          4 queries × d floats of −2q, then |q|² for the 4 queries, then their 4 thresholds
;;   train          panels of 8 rows: for each column j, the 8 rows' values (d × 8 floats per panel)
;;   norms          |x|² per row, 8 per panel (NaN in padding rows, so they never qualify)
;;   out            emitted (row index i32, query lane i32, approximate squared distance f32)
(module
  (memory (export "memory") 1)
  (func (export "scan")
    (param $d i32) (param $group i32) (param $panel i32) (param $panelEnd i32)
    (param $train i32) (param $norms i32) (param $out i32)
    (result i32)
    (local $count i32) (local $x i32) (local $qa i32) (local $j i32)
    (local $d4 i32) (local $d8 i32) (local $d12 i32)
    (local $mask i32) (local $bit i32) (local $o i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $x0 v128) (local $x1 v128) (local $s v128)
    (local $nx0 v128) (local $nx1 v128) (local $v v128)
    (local $nq0 v128) (local $nq1 v128) (local $nq2 v128) (local $nq3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)

    (local.set $d4 (i32.shl (local.get $d) (i32.const 2)))
    (local.set $d8 (i32.shl (local.get $d) (i32.const 3)))
    (local.set $d12 (i32.add (local.get $d8) (local.get $d4)))

    ;; The four queries' |q|² and thresholds, one splat per query.
    (local.set $v (v128.load (i32.add (local.get $group) (i32.shl (local.get $d) (i32.const 4)))))
    (local.set $nq0 (f32x4.splat (f32x4.extract_lane 0 (local.get $v))))
    (local.set $nq1 (f32x4.splat (f32x4.extract_lane 1 (local.get $v))))
    (local.set $nq2 (f32x4.splat (f32x4.extract_lane 2 (local.get $v))))
    (local.set $nq3 (f32x4.splat (f32x4.extract_lane 3 (local.get $v))))
    (local.set $v
      (v128.load offset=16 (i32.add (local.get $group) (i32.shl (local.get $d) (i32.const 4)))))
    (local.set $t0 (f32x4.splat (f32x4.extract_lane 0 (local.get $v))))
    (local.set $t1 (f32x4.splat (f32x4.extract_lane 1 (local.get $v))))
    (local.set $t2 (f32x4.splat (f32x4.extract_lane 2 (local.get $v))))
    (local.set $t3 (f32x4.splat (f32x4.extract_lane 3 (local.get $v))))

    (local.set $x
      (i32.add (local.get $train) (i32.mul (local.get $panel) (i32.shl (local.get $d) (i32.const 5)))))

    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $panel) (local.get $panelEnd)))
        (local.set $a00 (v128.const i32x4 0 0 0 0))
        (local.set $a01 (v128.const i32x4 0 0 0 0))
        (local.set $a10 (v128.const i32x4 0 0 0 0))
        (local.set $a11 (v128.const i32x4 0 0 0 0))
        (local.set $a20 (v128.const i32x4 0 0 0 0))
        (local.set $a21 (v128.const i32x4 0 0 0 0))
        (local.set $a30 (v128.const i32x4 0 0 0 0))
        (local.set $a31 (v128.const i32x4 0 0 0 0))
        (local.set $qa (local.get $group))
        (local.set $j (local.get $d))
        (loop $columns
          (local.set $x0 (v128.load (local.get $x)))
          (local.set $x1 (v128.load offset=16 (local.get $x)))
          (local.set $s (v128.load32_splat (local.get $qa)))
          (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $x0))))
          (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $x1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $qa) (local.get $d4))))
          (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $x0))))
          (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $x1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $qa) (local.get $d8))))
          (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $x0))))
          (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $x1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $qa) (local.get $d12))))
          (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $x0))))
          (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $x1))))
          (local.set $x (i32.add (local.get $x) (i32.const 32)))
          (local.set $qa (i32.add (local.get $qa) (i32.const 4)))
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))
          (br_if $columns (local.get $j)))

        ;; distance = |x|² + |q|² + Σ(−2q·x); compare with each query's threshold.
        (local.set $nx0 (v128.load (i32.add (local.get $norms) (i32.shl (local.get $panel) (i32.const 5)))))
        (local.set $nx1
          (v128.load offset=16 (i32.add (local.get $norms) (i32.shl (local.get $panel) (i32.const 5)))))
        (local.set $a00 (f32x4.add (f32x4.add (local.get $a00) (local.get $nx0)) (local.get $nq0)))
        (local.set $a01 (f32x4.add (f32x4.add (local.get $a01) (local.get $nx1)) (local.get $nq0)))
        (local.set $a10 (f32x4.add (f32x4.add (local.get $a10) (local.get $nx0)) (local.get $nq1)))
        (local.set $a11 (f32x4.add (f32x4.add (local.get $a11) (local.get $nx1)) (local.get $nq1)))
        (local.set $a20 (f32x4.add (f32x4.add (local.get $a20) (local.get $nx0)) (local.get $nq2)))
        (local.set $a21 (f32x4.add (f32x4.add (local.get $a21) (local.get $nx1)) (local.get $nq2)))
        (local.set $a30 (f32x4.add (f32x4.add (local.get $a30) (local.get $nx0)) (local.get $nq3)))
        (local.set $a31 (f32x4.add (f32x4.add (local.get $a31) (local.get $nx1)) (local.get $nq3)))
        (local.set $mask
          (i32.or
            (i32.or
              (i32.or
                (i32x4.bitmask (f32x4.le (local.get $a00) (local.get $t0)))
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a01) (local.get $t0))) (i32.const 4)))
              (i32.or
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a10) (local.get $t1))) (i32.const 8))
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a11) (local.get $t1))) (i32.const 12))))
            (i32.or
              (i32.or
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a20) (local.get $t2))) (i32.const 16))
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a21) (local.get $t2))) (i32.const 20)))
              (i32.or
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a30) (local.get $t3))) (i32.const 24))
                (i32.shl (i32x4.bitmask (f32x4.le (local.get $a31) (local.get $t3))) (i32.const 28))))))

        ;; Rare path: some lane qualifies. Spill the step to scratch and emit its qualifying lanes,
        ;; query by query, rows ascending (bit = query × 8 + row within the panel).
        (if (local.get $mask)
          (then
            (v128.store offset=0 (i32.const 0) (local.get $a00))
            (v128.store offset=16 (i32.const 0) (local.get $a01))
            (v128.store offset=32 (i32.const 0) (local.get $a10))
            (v128.store offset=48 (i32.const 0) (local.get $a11))
            (v128.store offset=64 (i32.const 0) (local.get $a20))
            (v128.store offset=80 (i32.const 0) (local.get $a21))
            (v128.store offset=96 (i32.const 0) (local.get $a30))
            (v128.store offset=112 (i32.const 0) (local.get $a31))
            (loop $emit
              (local.set $bit (i32.ctz (local.get $mask)))
              (local.set $o (i32.add (local.get $out) (i32.mul (local.get $count) (i32.const 12))))
              (i32.store offset=0 (local.get $o)
                (i32.add (i32.shl (local.get $panel) (i32.const 3)) (i32.and (local.get $bit) (i32.const 7))))
              (i32.store offset=4 (local.get $o) (i32.shr_u (local.get $bit) (i32.const 3)))
              (f32.store offset=8 (local.get $o) (f32.load (i32.shl (local.get $bit) (i32.const 2))))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))
              (local.set $mask
                (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
              (br_if $emit (local.get $mask)))))

        (local.set $panel (i32.add (local.get $panel) (i32.const 1)))
        (br $panels)))
    (local.get $count)))
