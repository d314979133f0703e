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
  const measured = rows ?? identityRows(points.n);
  const m = measured.length;
  // The sample's coordinates and labels side by side: the m^2 loop then reads no scattered rows.
  const coordinates = new Float64Array(m * d);
  const sampleLabels = new Uint8Array(m);
  for (let r = 0; r < m; r++) {
    const i = measured[r]!;
    sampleLabels[r] = labels[i]!;
    for (let f = 0; f < d; f++) coordinates[r * d + f] = data[i * d + f]!;
  }
  const sums = new Float64Array(m * k);
  for (let r = 0; r < m; r++) {
    for (let q = 0; q < m; q++) {
      if (q === r) continue;
      let dist = 0;
      for (let f = 0; f < d; f++) {
        const delta = coordinates[r * d + f]! - coordinates[q * d + f]!;
        dist += delta * delta;
      }
      sums[r * k + sampleLabels[q]!]! += Math.sqrt(dist);
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

/**
 * The simplified (centre-based) silhouette over all points: a = distance to the own
 * centroid, b = distance to the nearest other centroid. O(n k); an approximation of the
 * silhouette that scales to millions of customers.
 */
export function simplifiedSilhouette(points: PointMatrix, labels: Uint8Array, centroids: Float64Array, k: number): Silhouette {
  const { n, d, data } = points;
  const values = new Float64Array(n);
  for (let i = 0, o = 0; i < n; i++, o += d) {
    const own = labels[i]!;
    let ownSquared = 0;
    let otherSquared = Infinity;
    for (let c = 0; c < k; c++) {
      let dist = 0;
      for (let f = 0; f < d; f++) {
        const delta = data[o + f]! - centroids[c * d + f]!;
        dist += delta * delta;
      }
      if (c === own) ownSquared = dist;
      else if (dist < otherSquared) otherSquared = dist;
    }
    // Square roots of the two that matter only (the root is monotonic: the same nearest other).
    const a = Math.sqrt(ownSquared);
    const b = Math.sqrt(otherSquared);
    const top = Math.max(a, b);
    values[i] = Number.isFinite(b) && top > 0 ? (b - a) / top : 0;
  }
  return summarise(values, identityRows(n), labels, k);
}

function identityRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function summarise(values: Float64Array, rows: Uint32Array, labels: Uint8Array, k: number): Silhouette {
  const perSum = new Float64Array(k);
  const perCount = new Float64Array(k);
  let total = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    total += v;
    const c = labels[rows[r]!]!;
    perSum[c]! += v;
    perCount[c]!++;
  }
  const perCluster = perSum.map((s, c) => (perCount[c]! > 0 ? s / perCount[c]! : Number.NaN));
  return { mean: values.length > 0 ? total / values.length : Number.NaN, perCluster, values, rows };
}
