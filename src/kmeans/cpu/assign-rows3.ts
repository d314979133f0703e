import { LOWER_BOUND_SHRINK, SKIP_MARGIN } from './bounds.ts';
import type { PassState } from './assign-rows.ts';

/** assignRows unrolled for three features; the same decisions, in the same order. */
export function assignRows3(s: PassState): { inertia: number; changed: number } {
  const { data, n, k, centroids: c, labels, lower, halfGap, firstPass, sums, counts } = s;
  const { maxDrift, maxDriftCluster, secondDrift } = s;
  let inertia = 0;
  let changed = 0;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const x = data[o]!;
    const y = data[o + 1]!;
    const z = data[o + 2]!;
    const old = labels[i]!;
    let label = old;
    let distSq = 0;
    let bound = 0;
    let scan = firstPass;
    if (!firstPass) {
      bound = lower[i]! - (old === maxDriftCluster ? secondDrift : maxDrift);
      const co = old * 3;
      const dx = x - c[co]!;
      const dy = y - c[co + 1]!;
      const dz = z - c[co + 2]!;
      distSq = dx * dx + dy * dy + dz * dz;
      // Math.max compiles to a branch-free max; a ternary here mispredicts on loose bounds.
      const limit = Math.max(bound, halfGap[old]!) * SKIP_MARGIN;
      scan = !(limit > 0 && distSq < limit * limit);
    }
    if (scan) {
      let best = Infinity;
      let second = Infinity;
      for (let j = 0, co = 0; j < k; j++, co += 3) {
        const dx = x - c[co]!;
        const dy = y - c[co + 1]!;
        const dz = z - c[co + 2]!;
        const dist = dx * dx + dy * dy + dz * dz;
        if (dist < best) {
          second = best;
          best = dist;
          label = j;
        } else if (dist < second) second = dist;
      }
      distSq = best;
      bound = Math.sqrt(second);
      if (firstPass || label !== old) {
        // Sums follow the points that move; the rest keep their contribution.
        if (!firstPass) {
          const oo = old * 3;
          sums[oo]! -= x;
          sums[oo + 1]! -= y;
          sums[oo + 2]! -= z;
          counts[old]!--;
        }
        const so = label * 3;
        sums[so]! += x;
        sums[so + 1]! += y;
        sums[so + 2]! += z;
        counts[label]!++;
        changed++;
        labels[i] = label;
      }
    }
    lower[i] = bound * LOWER_BOUND_SHRINK;
    inertia += distSq;
  }
  return { inertia, changed };
}
