import { createRandom } from '../data/random.ts';
import type { PointMatrix } from '../kmeans/types.ts';

export interface Silhouette {
  /** Mean silhouette over the points measured. */
  readonly mean: number;
  /** Mean silhouette per cluster (NaN for a cluster with no measured point). */
  readonly perCluster: Float64Array;
  /** Silhouette of each measured point, and which rows those are. */
  readonly values: Float64Array;
  readonly rows: Uint32Array;
}

/**
 * The silhouette as scikit-learn's `silhouette_score` defines it: for point i in cluster A,
 * a = mean distance to the other members of A, b = the smallest mean distance to the members
 * of another cluster, s = (b - a) / max(a, b), and s = 0 for a point alone in its cluster.
 * Euclidean distances, O(m^2) in the points measured: pass `rows` to measure a sample
 * (scikit-learn's `sample_size`: the silhouette of the sample alone).
 */
export function silhouette(points: PointMatrix, labels: Uint8Array, k: number, rows?: Uint32Array): Silhouette {
  const { d, data } = points;
  const measured = rows ?? Uint32Array.from({ length: points.n }, (_, i) => i);
  const m = measured.length;
  const sums = new Float64Array(m * k);
  for (let r = 0; r < m; r++) {
    const i = measured[r]!;
    for (let q = 0; q < m; q++) {
      if (q === r) continue;
      const j = measured[q]!;
      let dist = 0;
      for (let f = 0; f < d; f++) dist += (data[i * d + f]! - data[j * d + f]!) ** 2;
      sums[r * k + labels[j]!]! += Math.sqrt(dist);
    }
  }
  return silhouetteFromSums(sums, measured, labels, k);
}

/**
 * The silhouette from each measured point's summed distances to every cluster (m x k, the
 * point itself excluded): shared by the CPU loop above and the GPU kernel.
 */
export function silhouetteFromSums(sums: ArrayLike<number>, measured: Uint32Array, labels: Uint8Array, k: number): Silhouette {
  const m = measured.length;
  const sizes = new Float64Array(k);
  for (let r = 0; r < m; r++) sizes[labels[measured[r]!]!]!++;
  const values = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const own = labels[measured[r]!]!;
    if (sizes[own]! <= 1) continue; // a point alone in its cluster scores 0
    const a = sums[r * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[r * k + c]! / sizes[c]!);
    values[r] = Number.isFinite(b) ? (b - a) / Math.max(a, b) : 0;
  }
  return summarise(values, measured, labels, k);
}

/** A seeded sample of `size` distinct rows (all rows when size >= n), in ascending order. */
export function sampleRows(n: number, size: number, seed: number): Uint32Array {
  if (size >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const random = createRandom(seed);
  const picked = new Set<number>();
  // Floyd's algorithm: exactly `size` distinct draws, no shuffle of n.
  for (let j = n - size; j < n; j++) {
    const t = random.int(j + 1);
    picked.add(picked.has(t) ? j : t);
  }
  return Uint32Array.from([...picked].sort((x, y) => x - y));
}

/**
 * The simplified (centre-based) silhouette over all points: a = distance to the own
 * centroid, b = distance to the nearest other centroid. O(n k); an approximation of the
 * silhouette that scales to millions of customers.
 */
export function simplifiedSilhouette(points: PointMatrix, labels: Uint8Array, centroids: Float64Array, k: number): Silhouette {
  const { n, d, data } = points;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    let a = 0;
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      let dist = 0;
      for (let f = 0; f < d; f++) dist += (data[i * d + f]! - centroids[c * d + f]!) ** 2;
      dist = Math.sqrt(dist);
      if (c === own) a = dist;
      else if (dist < b) b = dist;
    }
    const top = Math.max(a, b);
    values[i] = Number.isFinite(b) && top > 0 ? (b - a) / top : 0;
  }
  return summarise(values, Uint32Array.from({ length: n }, (_, i) => i), labels, k);
}

function summarise(values: Float64Array, rows: Uint32Array, labels: Uint8Array, k: number): Silhouette {
  const perSum = new Float64Array(k);
  const perCount = new Float64Array(k);
  let total = 0;
  values.forEach((v, r) => {
    total += v;
    const c = labels[rows[r]!]!;
    perSum[c]! += v;
    perCount[c]!++;
  });
  const perCluster = perSum.map((s, c) => (perCount[c]! > 0 ? s / perCount[c]! : Number.NaN));
  return { mean: values.length > 0 ? total / values.length : Number.NaN, perCluster, values, rows };
}
