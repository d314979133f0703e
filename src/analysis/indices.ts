import type { PointMatrix } from '../kmeans/types.ts';

/**
 * Internal validity indices for choosing k, as scikit-learn defines them (`calinski_harabasz_score`,
 * `davies_bouldin_score`), over the points the engine clustered. Sums are float64 over the
 * float32 points, and both indices count only the labels that occur: a label in 0..k-1 that no
 * point carries (an empty cluster) is not a cluster here, as scikit-learn's LabelEncoder sees it.
 * Where scikit-learn raises (fewer than 2 distinct labels, or as many labels as points) these
 * return NaN: the index is not defined there.
 */

/** Per-cluster sizes and means (k x d), float64. */
interface ClusterMeans {
  readonly counts: Float64Array;
  readonly means: Float64Array;
  /** Labels that occur at least once. */
  readonly present: number;
}

function clusterMeans(points: PointMatrix, labels: Uint8Array, k: number): ClusterMeans {
  const { n, d, data } = points;
  if (labels.length < n) throw new RangeError(`${labels.length} labels for ${n} points`);
  const counts = new Float64Array(k);
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c >= k) throw new RangeError(`label ${c} of point ${i} is not below k = ${k}`);
    counts[c]!++;
    for (let f = 0; f < d; f++) means[c * d + f]! += data[i * d + f]!;
  }
  let present = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    present++;
    for (let f = 0; f < d; f++) means[c * d + f]! /= counts[c]!;
  }
  return { counts, means, present };
}

/** scikit-learn's `check_number_of_labels`: an index needs 2 to n - 1 distinct labels. */
const defined = (present: number, n: number) => present > 1 && present < n;

/**
 * Calinski-Harabasz (variance ratio): between-cluster dispersion over within-cluster
 * dispersion, each per degree of freedom. Higher is better. 1.0 when every cluster is a set of
 * identical points (scikit-learn's rule); NaN with one cluster, or one cluster per point.
 */
export function calinskiHarabasz(points: PointMatrix, labels: Uint8Array, k: number): number {
  const { n, d, data } = points;
  const { counts, means, present } = clusterMeans(points, labels, k);
  if (!defined(present, n)) return Number.NaN;
  const overall = new Float64Array(d);
  for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) overall[f]! += counts[c]! * means[c * d + f]!;
  for (let f = 0; f < d; f++) overall[f]! /= n;
  let between = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    let squared = 0;
    for (let f = 0; f < d; f++) squared += (means[c * d + f]! - overall[f]!) ** 2;
    between += counts[c]! * squared;
  }
  // Deviations from the cluster means (second pass), not sum-of-squares minus square-of-sums: no cancellation.
  let within = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    for (let f = 0; f < d; f++) within += (data[i * d + f]! - means[c * d + f]!) ** 2;
  }
  if (within === 0) return 1;
  return (between * (n - present)) / (within * (present - 1));
}

/** scikit-learn's `np.allclose(x, 0)`: every |x| within the default absolute tolerance. */
const ALL_CLOSE_TO_ZERO = 1e-8;

/**
 * Davies-Bouldin: for each cluster, the worst ratio (s_i + s_j) / dist(c_i, c_j) over the other
 * clusters, averaged; s = mean distance of a cluster's points to its centroid. Lower is better,
 * 0 at best. scikit-learn's rules: 0 when every s or every centroid distance is within 1e-8 of 0,
 * and a pair of clusters whose centroids coincide counts as infinitely far apart (ratio 0).
 * NaN with one cluster, or one cluster per point.
 *
 * Distances are sqrt(sum (x - c)^2). scikit-learn expands them as |x|^2 - 2 x.c + |c|^2, which
 * differs from this by rounding only (about 1e-8 absolute for a point lying on its centroid).
 */
export function daviesBouldin(points: PointMatrix, labels: Uint8Array, k: number): number {
  const { n, d, data } = points;
  const { counts, means, present } = clusterMeans(points, labels, k);
  if (!defined(present, n)) return Number.NaN;
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    let squared = 0;
    for (let f = 0; f < d; f++) squared += (data[i * d + f]! - means[c * d + f]!) ** 2;
    spread[c]! += Math.sqrt(squared);
  }
  const clusters: number[] = [];
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    spread[c]! /= counts[c]!;
    clusters.push(c);
  }
  const m = clusters.length;
  const separation = new Float64Array(m * m);
  let allSeparationsZero = true;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let squared = 0;
      for (let f = 0; f < d; f++) squared += (means[clusters[a]! * d + f]! - means[clusters[b]! * d + f]!) ** 2;
      const distance = Math.sqrt(squared);
      separation[a * m + b] = separation[b * m + a] = distance;
      if (distance > ALL_CLOSE_TO_ZERO) allSeparationsZero = false;
    }
  }
  const allSpreadsZero = clusters.every((c) => spread[c]! <= ALL_CLOSE_TO_ZERO);
  if (allSpreadsZero || allSeparationsZero) return 0;
  let total = 0;
  for (let a = 0; a < m; a++) {
    let worst = 0;
    for (let b = 0; b < m; b++) {
      const distance = separation[a * m + b]!;
      if (distance === 0) continue; // the cluster itself, or one on the same centroid: ratio 0
      worst = Math.max(worst, (spread[clusters[a]!]! + spread[clusters[b]!]!) / distance);
    }
    total += worst;
  }
  return total / m;
}
