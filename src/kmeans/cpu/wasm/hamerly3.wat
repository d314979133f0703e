;; Hamerly's passes for three features, in WebAssembly with 128-bit SIMD.
;;
;; The same decisions and the same float64 arithmetic, in the same order, as assignRows3 in
;; assign-rows3.ts: the results are identical bit for bit (tests/unit/wasm-kernel.test.ts).
;; What SIMD buys is not the arithmetic but branch-free selection: f64x2.pmin/pmax and
;; v128.bitselect keep the nearest and runner-up centroid without the data-dependent branches
;; JavaScript's Math.min and ternaries compile to, which mispredict on clustered data.
;;
;; Centroids are scanned two at a time: lane 0 sees the even ones, lane 1 the odd ones; the
;; two lanes are merged at the end with the lower index winning ties, as a sequential scan
;; with a strict "<" does. An odd k is padded with a centroid at +Infinity, never chosen.
;;
;; Memory layout (byte offsets set once by `layout`):
;;   points  f32 x 3n, row-major          labels  u8 x n
;;   lower   f32 x n                      cx, cy, cz  f64 x kPadded each (centroids by column)
;;   halfGap f64 x k                      sums  f64 x 3k (row-major)     counts f64 x k
(module
  (memory (export "memory") 1)

  (global $points (mut i32) (i32.const 0))
  (global $labels (mut i32) (i32.const 0))
  (global $lower (mut i32) (i32.const 0))
  (global $centroids (mut i32) (i32.const 0))
  (global $halfGap (mut i32) (i32.const 0))
  (global $sums (mut i32) (i32.const 0))
  (global $counts (mut i32) (i32.const 0))
  ;; Bytes between the cx, cy and cz columns: 8 x kPadded.
  (global $column (mut i32) (i32.const 0))
  ;; The same shrink and skip margin as bounds.ts, passed in so the constants are one double.
  (global $shrink (mut f64) (f64.const 0))
  (global $margin (mut f64) (f64.const 0))
  ;; Points whose label changed in the last bounded pass.
  (global $changed (export "changed") (mut i32) (i32.const 0))

  (func (export "layout")
    (param $points i32) (param $labels i32) (param $lower i32) (param $centroids i32)
    (param $halfGap i32) (param $sums i32) (param $counts i32) (param $kPadded i32)
    (param $shrink f64) (param $margin f64)
    (global.set $points (local.get $points))
    (global.set $labels (local.get $labels))
    (global.set $lower (local.get $lower))
    (global.set $centroids (local.get $centroids))
    (global.set $halfGap (local.get $halfGap))
    (global.set $sums (local.get $sums))
    (global.set $counts (local.get $counts))
    (global.set $column (i32.shl (local.get $kPadded) (i32.const 3)))
    (global.set $shrink (local.get $shrink))
    (global.set $margin (local.get $margin)))

  ;; Nearest centroid, its squared distance and the squared distance to the runner-up.
  (func $scan (param $x f64) (param $y f64) (param $z f64) (result f64 f64 i32)
    (local $vx v128) (local $vy v128) (local $vz v128)
    (local $best v128) (local $second v128) (local $label v128) (local $index v128)
    (local $dist v128) (local $delta v128) (local $p i32) (local $end i32) (local $column i32)
    (local $otherBest v128) (local $otherLabel v128)
    (local.set $vx (f64x2.splat (local.get $x)))
    (local.set $vy (f64x2.splat (local.get $y)))
    (local.set $vz (f64x2.splat (local.get $z)))
    (local.set $best (f64x2.splat (f64.const inf)))
    (local.set $second (f64x2.splat (f64.const inf)))
    (local.set $label (v128.const i64x2 0 0))
    (local.set $index (v128.const i64x2 0 1))
    (local.set $column (global.get $column))
    (local.set $p (global.get $centroids))
    (local.set $end (i32.add (local.get $p) (local.get $column)))
    (loop $pairs
      ;; dx*dx + dy*dy + dz*dz, left to right, as JavaScript evaluates it.
      (local.set $delta (f64x2.sub (local.get $vx) (v128.load (local.get $p))))
      (local.set $dist (f64x2.mul (local.get $delta) (local.get $delta)))
      (local.set $delta (f64x2.sub (local.get $vy) (v128.load (i32.add (local.get $p) (local.get $column)))))
      (local.set $dist (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta))))
      (local.set $delta (f64x2.sub (local.get $vz)
        (v128.load (i32.add (local.get $p) (i32.shl (local.get $column) (i32.const 1))))))
      (local.set $dist (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta))))
      ;; label = dist < best ? j : label; second = min(second, max(best, dist)); best = min(best, dist)
      (local.set $label (v128.bitselect (local.get $index) (local.get $label)
        (f64x2.lt (local.get $dist) (local.get $best))))
      (local.set $second (f64x2.pmin (local.get $second) (f64x2.pmax (local.get $best) (local.get $dist))))
      (local.set $best (f64x2.pmin (local.get $best) (local.get $dist)))
      (local.set $index (i64x2.add (local.get $index) (v128.const i64x2 2 2)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pairs (i32.lt_u (local.get $p) (local.get $end))))
    ;; Merge the lanes without branches: compare each lane with the other (lanes swapped).
    ;; Lane 0 takes lane 1's label when lane 1 is nearer, or as near with a lower index.
    (local.set $otherBest (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $best) (local.get $best)))
    (local.set $otherLabel (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $label) (local.get $label)))
    (local.set $label
      (v128.bitselect (local.get $otherLabel) (local.get $label)
        (v128.or (f64x2.lt (local.get $otherBest) (local.get $best))
          (v128.and (f64x2.eq (local.get $otherBest) (local.get $best))
            (i64x2.lt_s (local.get $otherLabel) (local.get $label))))))
    ;; The runner-up over both lanes: either lane's runner-up, or the larger of the two bests.
    (local.set $second
      (f64x2.pmin
        (f64x2.pmin (local.get $second)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $second) (local.get $second)))
        (f64x2.pmax (local.get $best) (local.get $otherBest))))
    (f64x2.extract_lane 0 (f64x2.pmin (local.get $best) (local.get $otherBest)))
    (f64x2.extract_lane 0 (local.get $second))
    (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $label))))

  ;; The first pass: every point scans every centroid. Returns the inertia.
  (func (export "first") (param $n i32) (result f64)
    (local $i i32) (local $row i32) (local $x f64) (local $y f64) (local $z f64)
    (local $best f64) (local $second f64) (local $label i32) (local $inertia f64)
    (local $at i32) (local $shrink f64)
    (local.set $shrink (global.get $shrink))
    (local.set $row (global.get $points))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (f64.promote_f32 (f32.load (local.get $row))))
        (local.set $y (f64.promote_f32 (f32.load offset=4 (local.get $row))))
        (local.set $z (f64.promote_f32 (f32.load offset=8 (local.get $row))))
        (call $scan (local.get $x) (local.get $y) (local.get $z))
        (local.set $label)
        (local.set $second)
        (local.set $best)
        (i32.store8 (i32.add (global.get $labels) (local.get $i)) (local.get $label))
        (f32.store (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64 (f64.mul (f64.sqrt (local.get $second)) (local.get $shrink))))
        (local.set $inertia (f64.add (local.get $inertia) (local.get $best)))
        (local.set $at (i32.add (global.get $sums) (i32.mul (local.get $label) (i32.const 24))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $x)))
        (f64.store offset=8 (local.get $at) (f64.add (f64.load offset=8 (local.get $at)) (local.get $y)))
        (f64.store offset=16 (local.get $at) (f64.add (f64.load offset=16 (local.get $at)) (local.get $z)))
        (local.set $at (i32.add (global.get $counts) (i32.shl (local.get $label) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1)))
        (local.set $row (i32.add (local.get $row) (i32.const 12)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (global.set $changed (local.get $n))
    (local.get $inertia))

  ;; A bounded pass: a point scans only when its own centroid is not provably the nearest.
  ;; Returns the inertia; `changed` counts the points that moved.
  (func (export "bounded")
    (param $n i32) (param $maxDrift f64) (param $maxDriftCluster i32) (param $secondDrift f64)
    (result f64)
    (local $i i32) (local $row i32) (local $x f64) (local $y f64) (local $z f64)
    (local $old i32) (local $label i32) (local $bound f64) (local $dist f64) (local $limit f64)
    (local $second f64) (local $delta f64) (local $own i32) (local $at i32)
    (local $inertia f64) (local $changed i32) (local $shrink f64) (local $margin f64) (local $column i32)
    (local.set $shrink (global.get $shrink))
    (local.set $margin (global.get $margin))
    (local.set $column (global.get $column))
    (local.set $row (global.get $points))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (f64.promote_f32 (f32.load (local.get $row))))
        (local.set $y (f64.promote_f32 (f32.load offset=4 (local.get $row))))
        (local.set $z (f64.promote_f32 (f32.load offset=8 (local.get $row))))
        (local.set $old (i32.load8_u (i32.add (global.get $labels) (local.get $i))))
        (local.set $bound
          (f64.sub
            (f64.promote_f32 (f32.load (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 2)))))
            (select (local.get $secondDrift) (local.get $maxDrift)
              (i32.eq (local.get $old) (local.get $maxDriftCluster)))))
        (local.set $own (i32.add (global.get $centroids) (i32.shl (local.get $old) (i32.const 3))))
        (local.set $delta (f64.sub (local.get $x) (f64.load (local.get $own))))
        (local.set $dist (f64.mul (local.get $delta) (local.get $delta)))
        (local.set $delta (f64.sub (local.get $y) (f64.load (i32.add (local.get $own) (local.get $column)))))
        (local.set $dist (f64.add (local.get $dist) (f64.mul (local.get $delta) (local.get $delta))))
        (local.set $delta (f64.sub (local.get $z)
          (f64.load (i32.add (local.get $own) (i32.shl (local.get $column) (i32.const 1))))))
        (local.set $dist (f64.add (local.get $dist) (f64.mul (local.get $delta) (local.get $delta))))
        (local.set $limit
          (f64.mul
            (f64x2.extract_lane 0
              (f64x2.pmax (f64x2.splat (local.get $bound))
                (v128.load64_zero (i32.add (global.get $halfGap) (i32.shl (local.get $old) (i32.const 3))))))
            (local.get $margin)))
        (if (i32.eqz (i32.and (f64.gt (local.get $limit) (f64.const 0))
                              (f64.lt (local.get $dist) (f64.mul (local.get $limit) (local.get $limit)))))
          (then
            (call $scan (local.get $x) (local.get $y) (local.get $z))
            (local.set $label)
            (local.set $second)
            (local.set $dist)
            (local.set $bound (f64.sqrt (local.get $second)))
            (if (i32.ne (local.get $label) (local.get $old))
              (then
                ;; Sums follow the points that move; the rest keep their contribution.
                (local.set $at (i32.add (global.get $sums) (i32.mul (local.get $old) (i32.const 24))))
                (f64.store (local.get $at) (f64.sub (f64.load (local.get $at)) (local.get $x)))
                (f64.store offset=8 (local.get $at) (f64.sub (f64.load offset=8 (local.get $at)) (local.get $y)))
                (f64.store offset=16 (local.get $at) (f64.sub (f64.load offset=16 (local.get $at)) (local.get $z)))
                (local.set $at (i32.add (global.get $counts) (i32.shl (local.get $old) (i32.const 3))))
                (f64.store (local.get $at) (f64.sub (f64.load (local.get $at)) (f64.const 1)))
                (local.set $at (i32.add (global.get $sums) (i32.mul (local.get $label) (i32.const 24))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $x)))
                (f64.store offset=8 (local.get $at) (f64.add (f64.load offset=8 (local.get $at)) (local.get $y)))
                (f64.store offset=16 (local.get $at) (f64.add (f64.load offset=16 (local.get $at)) (local.get $z)))
                (local.set $at (i32.add (global.get $counts) (i32.shl (local.get $label) (i32.const 3))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1)))
                (local.set $changed (i32.add (local.get $changed) (i32.const 1)))
                (i32.store8 (i32.add (global.get $labels) (local.get $i)) (local.get $label))))))
        (f32.store (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64 (f64.mul (local.get $bound) (local.get $shrink))))
        (local.set $inertia (f64.add (local.get $inertia) (local.get $dist)))
        (local.set $row (i32.add (local.get $row) (i32.const 12)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (global.set $changed (local.get $changed))
    (local.get $inertia))
)
