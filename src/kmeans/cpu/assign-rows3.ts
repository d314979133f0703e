import { LOWER_BOUND_SHRINK, SKIP_MARGIN } from './bounds.ts';
import type { PassResult, PassState } from './assign-rows.ts';

/**
 * assignRows unrolled for three features: the same decisions, in the same order. The first
 * pass (full scans) and the bounded passes are separate functions so V8 optimises each for
 * its own path instead of deoptimising when the first pass ends.
 */
export function assignRows3(s: PassState): PassResult {
  return s.firstPass ? firstPass3(s) : boundedPass3(s);
}

function firstPass3(s: PassState): PassResult {
  const { data, n, k, centroids: c, labels, lower, sums, counts } = s;
  const shrink = LOWER_BOUND_SHRINK;
  let inertia = 0;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const x = data[o]!;
    const y = data[o + 1]!;
    const z = data[o + 2]!;
    let best = Infinity;
    let second = Infinity;
    let label = 0;
    for (let j = 0, co = 0; j < k; j++, co += 3) {
      const dx = x - c[co]!;
      const dy = y - c[co + 1]!;
      const dz = z - c[co + 2]!;
      const dist = dx * dx + dy * dy + dz * dz;
      // Branch-free nearest and runner-up: real data makes these comparisons unpredictable.
      label = dist < best ? j : label;
      second = Math.min(second, Math.max(best, dist));
      best = Math.min(best, dist);
    }
    labels[i] = label;
    lower[i] = Math.sqrt(second) * shrink;
    inertia += best;
    const so = label * 3;
    sums[so]! += x;
    sums[so + 1]! += y;
    sums[so + 2]! += z;
    counts[label]!++;
  }
  return { inertia, changed: n };
}

function boundedPass3(s: PassState): PassResult {
  const { data, n, k, centroids: c, labels, lower, halfGap, sums, counts } = s;
  const { maxDrift, maxDriftCluster, secondDrift } = s;
  const shrink = LOWER_BOUND_SHRINK;
  const margin = SKIP_MARGIN;
  let inertia = 0;
  let changed = 0;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const x = data[o]!;
    const y = data[o + 1]!;
    const z = data[o + 2]!;
    const old = labels[i]!;
    let bound = lower[i]! - (old === maxDriftCluster ? secondDrift : maxDrift);
    const co = old * 3;
    const ox = x - c[co]!;
    const oy = y - c[co + 1]!;
    const oz = z - c[co + 2]!;
    let distSq = ox * ox + oy * oy + oz * oz;
    // Math.max compiles to a branch-free max; a ternary here mispredicts on loose bounds.
    const limit = Math.max(bound, halfGap[old]!) * margin;
    if (!(limit > 0 && distSq < limit * limit)) {
      let best = Infinity;
      let second = Infinity;
      let label = 0;
      for (let j = 0, cj = 0; j < k; j++, cj += 3) {
        const dx = x - c[cj]!;
        const dy = y - c[cj + 1]!;
        const dz = z - c[cj + 2]!;
        const dist = dx * dx + dy * dy + dz * dz;
        label = dist < best ? j : label;
        second = Math.min(second, Math.max(best, dist));
        best = Math.min(best, dist);
      }
      distSq = best;
      bound = Math.sqrt(second);
      if (label !== old) {
        // Sums follow the points that move; the rest keep their contribution.
        const oo = old * 3;
        sums[oo]! -= x;
        sums[oo + 1]! -= y;
        sums[oo + 2]! -= z;
        counts[old]!--;
        const so = label * 3;
        sums[so]! += x;
        sums[so + 1]! += y;
        sums[so + 2]! += z;
        counts[label]!++;
        changed++;
        labels[i] = label;
      }
    }
    lower[i] = bound * shrink;
    inertia += distSq;
  }
  return { inertia, changed };
}
