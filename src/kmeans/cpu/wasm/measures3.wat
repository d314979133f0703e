;; The Choose-k sweep's two costliest measures for three features, in WebAssembly with 128-bit
;; SIMD: the centre-based silhouette over every customer, and the summed distances of the
;; sampled silhouette.
;;
;; Two customers go through at once, one per lane, with the float64 arithmetic of the JavaScript
;; loops in silhouette.ts in the same order; the lanes' values are then added to the running sum
;; one after the other, in row order, so the results are the same bits (tests/unit/wasm-kernel.test.ts).
;; SIMD pays here for the square roots and the division (two at once) and for the own-centre
;; test, done by a mask instead of a branch.
;;
;; The caller places the arrays in memory and passes their byte offsets.
(module
  (memory (export "memory") 1)

  ;; $sum plus the centre-based silhouette of n customers, added in row order: points f32 x 3n (row-major) at
  ;; $points, labels u8 x n at $labels, centroids f64 x 3k (row-major) at $centroids, k >= 2.
  ;; A customer's value: a = distance to its own centroid, b = to the nearest other one,
  ;; (b - a) / max(a, b), or 0 where that is undefined.
  (func (export "centreSum")
    (param $points i32) (param $labels i32) (param $centroids i32) (param $n i32) (param $k i32) (param $sum f64)
    (result f64)
    (local $i i32) (local $row i32) (local $next i32) (local $step i32) (local $at i32) (local $end i32)
    (local $x v128) (local $y v128) (local $z v128) (local $label v128) (local $centre v128)
    (local $own v128) (local $other v128) (local $dist v128) (local $delta v128) (local $mask v128)
    (local $a v128) (local $b v128) (local $top v128) (local $value v128)
    (local.set $end (i32.add (local.get $centroids) (i32.mul (local.get $k) (i32.const 24))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; Lane 1 is the next customer, or this one again at the end of an odd count (not added then).
        (local.set $row (i32.add (local.get $points) (i32.mul (local.get $i) (i32.const 12))))
        (local.set $next (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
        (local.set $step (i32.add (local.get $row) (i32.mul (local.get $next) (i32.const 12))))
        (local.set $x (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $row))))
          (f64.promote_f32 (f32.load (local.get $step)))))
        (local.set $y (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load offset=4 (local.get $row))))
          (f64.promote_f32 (f32.load offset=4 (local.get $step)))))
        (local.set $z (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load offset=8 (local.get $row))))
          (f64.promote_f32 (f32.load offset=8 (local.get $step)))))
        (local.set $at (i32.add (local.get $labels) (local.get $i)))
        (local.set $label (i64x2.replace_lane 1 (i64x2.splat (i64.load8_u (local.get $at)))
          (i64.load8_u (i32.add (local.get $at) (local.get $next)))))
        (local.set $own (f64x2.splat (f64.const 0)))
        (local.set $other (f64x2.splat (f64.const inf)))
        (local.set $centre (v128.const i64x2 0 0))
        (local.set $at (local.get $centroids))
        (loop $centres
          ;; dx*dx + dy*dy + dz*dz, left to right, as JavaScript evaluates it.
          (local.set $delta (f64x2.sub (local.get $x) (f64x2.splat (f64.load (local.get $at)))))
          (local.set $dist (f64x2.mul (local.get $delta) (local.get $delta)))
          (local.set $delta (f64x2.sub (local.get $y) (f64x2.splat (f64.load offset=8 (local.get $at)))))
          (local.set $dist (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta))))
          (local.set $delta (f64x2.sub (local.get $z) (f64x2.splat (f64.load offset=16 (local.get $at)))))
          (local.set $dist (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta))))
          ;; The own centroid's distance is kept; any other may be the nearest other (dist < other).
          (local.set $mask (i64x2.eq (local.get $label) (local.get $centre)))
          (local.set $own (v128.bitselect (local.get $dist) (local.get $own) (local.get $mask)))
          (local.set $other (f64x2.pmin (local.get $other)
            (v128.bitselect (f64x2.splat (f64.const inf)) (local.get $dist) (local.get $mask))))
          (local.set $centre (i64x2.add (local.get $centre) (v128.const i64x2 1 1)))
          (local.set $at (i32.add (local.get $at) (i32.const 24)))
          (br_if $centres (i32.lt_u (local.get $at) (local.get $end))))
        (local.set $a (f64x2.sqrt (local.get $own)))
        (local.set $b (f64x2.sqrt (local.get $other)))
        (local.set $top (f64x2.pmax (local.get $a) (local.get $b)))
        (local.set $value
          (v128.and
            (f64x2.div (f64x2.sub (local.get $b) (local.get $a)) (local.get $top))
            (v128.and (f64x2.lt (local.get $b) (f64x2.splat (f64.const inf)))
              (f64x2.gt (local.get $top) (f64x2.splat (f64.const 0))))))
        (local.set $sum (f64.add (local.get $sum) (f64x2.extract_lane 0 (local.get $value))))
        (if (local.get $next)
          (then (local.set $sum (f64.add (local.get $sum) (f64x2.extract_lane 1 (local.get $value))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))
    (local.get $sum))

  ;; sum plus the distances from point $self to points $first..$stop-1, in order: the sampled
  ;; silhouette's runs. The m points are stored by column (f64): x at $columns, y and z after.
  (func (export "distanceSum")
    (param $columns i32) (param $m i32) (param $self i32) (param $first i32) (param $stop i32) (param $sum f64)
    (result f64)
    (local $ys i32) (local $zs i32) (local $q i32) (local $at i32)
    (local $x v128) (local $y v128) (local $z v128) (local $delta v128) (local $dist v128)
    (local.set $ys (i32.add (local.get $columns) (i32.shl (local.get $m) (i32.const 3))))
    (local.set $zs (i32.add (local.get $ys) (i32.shl (local.get $m) (i32.const 3))))
    (local.set $at (i32.shl (local.get $self) (i32.const 3)))
    (local.set $x (f64x2.splat (f64.load (i32.add (local.get $columns) (local.get $at)))))
    (local.set $y (f64x2.splat (f64.load (i32.add (local.get $ys) (local.get $at)))))
    (local.set $z (f64x2.splat (f64.load (i32.add (local.get $zs) (local.get $at)))))
    (local.set $q (local.get $first))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (i32.add (local.get $q) (i32.const 1)) (local.get $stop)))
        (local.set $at (i32.shl (local.get $q) (i32.const 3)))
        (local.set $delta (f64x2.sub (local.get $x) (v128.load (i32.add (local.get $columns) (local.get $at)))))
        (local.set $dist (f64x2.mul (local.get $delta) (local.get $delta)))
        (local.set $delta (f64x2.sub (local.get $y) (v128.load (i32.add (local.get $ys) (local.get $at)))))
        (local.set $dist (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta))))
        (local.set $delta (f64x2.sub (local.get $z) (v128.load (i32.add (local.get $zs) (local.get $at)))))
        (local.set $dist (f64x2.sqrt (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta)))))
        (local.set $sum (f64.add (local.get $sum) (f64x2.extract_lane 0 (local.get $dist))))
        (local.set $sum (f64.add (local.get $sum) (f64x2.extract_lane 1 (local.get $dist))))
        (local.set $q (i32.add (local.get $q) (i32.const 2)))
        (br $pairs)))
    ;; The last one of an odd run.
    (if (i32.lt_u (local.get $q) (local.get $stop))
      (then
        (local.set $at (i32.shl (local.get $q) (i32.const 3)))
        (local.set $delta (f64x2.sub (local.get $x) (v128.load64_zero (i32.add (local.get $columns) (local.get $at)))))
        (local.set $dist (f64x2.mul (local.get $delta) (local.get $delta)))
        (local.set $delta (f64x2.sub (local.get $y) (v128.load64_zero (i32.add (local.get $ys) (local.get $at)))))
        (local.set $dist (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta))))
        (local.set $delta (f64x2.sub (local.get $z) (v128.load64_zero (i32.add (local.get $zs) (local.get $at)))))
        (local.set $dist (f64x2.sqrt (f64x2.add (local.get $dist) (f64x2.mul (local.get $delta) (local.get $delta)))))
        (local.set $sum (f64.add (local.get $sum) (f64x2.extract_lane 0 (local.get $dist))))))
    (local.get $sum))
)
