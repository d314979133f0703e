import { LOWER_BOUND_SHRINK, SKIP_MARGIN } from './bounds.ts';

/** Everything one assignment pass reads and writes. */
export interface PassState {
  readonly data: Float32Array;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly centroids: Float64Array;
  readonly labels: Uint8Array;
  readonly lower: Float32Array;
  readonly halfGap: Float64Array;
  readonly firstPass: boolean;
  readonly maxDrift: number;
  readonly maxDriftCluster: number;
  readonly secondDrift: number;
  /** Per-cluster sums and counts, kept across passes: only moving points change them. */
  readonly sums: Float64Array;
  readonly counts: Float64Array;
}

export interface PassResult {
  readonly inertia: number;
  readonly changed: number;
}

/** Where one engine's per-point state lives, and the pass that updates it. */
export interface PassStorage {
  /** The points the passes read (the kernel's own copy, for WebAssembly). */
  readonly data: Float32Array;
  readonly labels: Uint8Array;
  readonly lower: Float32Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  run(state: PassState): PassResult;
}

/** The Hamerly pass for any number of features. See hamerly.ts for the idea. */
export function assignRows(s: PassState): PassResult {
  const { data, n, d, k, centroids, labels, lower, halfGap, firstPass, sums, counts } = s;
  let inertia = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * d;
    const old = labels[i]!;
    let label = old;
    let distSq = 0;
    let bound = 0;
    let scan = firstPass;
    if (!firstPass) {
      bound = lower[i]! - (old === s.maxDriftCluster ? s.secondDrift : s.maxDrift);
      distSq = distance(data, offset, centroids, old * d, d);
      const limit = Math.max(bound, halfGap[old]!) * SKIP_MARGIN;
      scan = !(limit > 0 && distSq < limit * limit);
    }
    if (scan) {
      let best = Infinity;
      let second = Infinity;
      for (let j = 0; j < k; j++) {
        const dist = distance(data, offset, centroids, j * d, d);
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
          for (let f = 0; f < d; f++) sums[old * d + f]! -= data[offset + f]!;
          counts[old]!--;
        }
        for (let f = 0; f < d; f++) sums[label * d + f]! += data[offset + f]!;
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

function distance(data: Float32Array, offset: number, centroids: Float64Array, cOffset: number, d: number): number {
  let sum = 0;
  for (let f = 0; f < d; f++) {
    const delta = data[offset + f]! - centroids[cOffset + f]!;
    sum += delta * delta;
  }
  return sum;
}
