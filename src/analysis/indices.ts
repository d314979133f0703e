import type { PointMatrix } from '../kmeans/types.ts';

/**
 * Internal validity indices for choosing k, as scikit-learn defines them (`calinski_harabasz_score`,
 * `davies_bouldin_score`), over the points the engine clustered. Sums are float64 over the
 * float32 points, and both indices count only the labels that occur: a label in 0..k-1 that no
 * point carries (an empty cluster) is not a cluster here, as scikit-learn's LabelEncoder sees it.
 * Where scikit-learn raises (fewer than 2 distinct labels, or as many labels as points) these
 * return NaN: the index is not defined there.
 */

/**
 * What both indices need from one clustering, gathered in two passes over the points (means,
 * then deviations from them) that can be split into row ranges: the sweep measures a million
 * customers in slices between other work. Sums are float64, taken in row order.
 */
export class ClusterDispersion {
  /** Points per cluster. */
  readonly counts: Float64Array;
  /** Per-cluster coordinate sums, then (after finishMeans) means, k x d. */
  readonly means: Float64Array;
  /** Sum over points of the squared distance to their cluster's mean. */
  within = 0;
  /** Per cluster, the summed distance of its points to its mean. */
  readonly spread: Float64Array;
  /** Labels that occur at least once (after finishMeans). */
  present = 0;

  constructor(private readonly points: PointMatrix, private readonly labels: Uint8Array, readonly k: number) {
    if (labels.length < points.n) throw new RangeError(`${labels.length} labels for ${points.n} points`);
    this.counts = new Float64Array(k);
    this.means = new Float64Array(k * points.d);
    this.spread = new Float64Array(k);
  }

  /** First pass, rows start..end-1: sizes and coordinate sums. */
  addToMeans(start: number, end: number): void {
    const { counts, means, labels, k } = this;
    const { d, data } = this.points;
    if (d === 3) {
      for (let i = start, o = start * 3; i < end; i++, o += 3) {
        const c = labels[i]!;
        if (c >= k) throw new RangeError(`label ${c} of point ${i} is not below k = ${k}`);
        counts[c]!++;
        means[c * 3]! += data[o]!;
        means[c * 3 + 1]! += data[o + 1]!;
        means[c * 3 + 2]! += data[o + 2]!;
      }
      return;
    }
    for (let i = start; i < end; i++) {
      const c = labels[i]!;
      if (c >= k) throw new RangeError(`label ${c} of point ${i} is not below k = ${k}`);
      counts[c]!++;
      for (let f = 0; f < d; f++) means[c * d + f]! += data[i * d + f]!;
    }
  }

  /** Sums to means, once every row has been added. */
  finishMeans(): void {
    const { d } = this.points;
    for (let c = 0; c < this.k; c++) {
      if (this.counts[c] === 0) continue;
      this.present++;
      for (let f = 0; f < d; f++) this.means[c * d + f]! /= this.counts[c]!;
    }
  }

  /** Second pass, rows start..end-1: deviations from the cluster means (not sum-of-squares minus square-of-sums: no cancellation). */
  addDeviations(start: number, end: number): void {
    const { means, spread, labels } = this;
    const { d, data } = this.points;
    let within = 0;
    if (d === 3) {
      for (let i = start, o = start * 3; i < end; i++, o += 3) {
        const c = labels[i]!;
        const dx = data[o]! - means[c * 3]!;
        const dy = data[o + 1]! - means[c * 3 + 1]!;
        const dz = data[o + 2]! - means[c * 3 + 2]!;
        const squared = dx * dx + dy * dy + dz * dz;
        within += squared;
        spread[c]! += Math.sqrt(squared);
      }
      this.within += within;
      return;
    }
    for (let i = start; i < end; i++) {
      const c = labels[i]!;
      let squared = 0;
      for (let f = 0; f < d; f++) squared += (data[i * d + f]! - means[c * d + f]!) ** 2;
      within += squared;
      spread[c]! += Math.sqrt(squared);
    }
    this.within += within;
  }

  /** Both passes over every row at once. */
  static of(points: PointMatrix, labels: Uint8Array, k: number): ClusterDispersion {
    const dispersion = new ClusterDispersion(points, labels, k);
    dispersion.addToMeans(0, points.n);
    dispersion.finishMeans();
    dispersion.addDeviations(0, points.n);
    return dispersion;
  }
}

/** scikit-learn's `check_number_of_labels`: an index needs 2 to n - 1 distinct labels. */
const defined = (present: number, n: number) => present > 1 && present < n;

/**
 * Calinski-Harabasz (variance ratio): between-cluster dispersion over within-cluster
 * dispersion, each per degree of freedom. Higher is better. 1.0 when every cluster is a set of
 * identical points (scikit-learn's rule); NaN with one cluster, or one cluster per point.
 */
export function calinskiHarabasz(points: PointMatrix, labels: Uint8Array, k: number): number {
  return calinskiHarabaszOf(ClusterDispersion.of(points, labels, k), points.n);
}

/** Calinski-Harabasz from a finished dispersion of n points. */
export function calinskiHarabaszOf(dispersion: ClusterDispersion, n: number): number {
  const { counts, means, present, within, k } = dispersion;
  if (!defined(present, n)) return Number.NaN;
  const d = means.length / k;
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
  return daviesBouldinOf(ClusterDispersion.of(points, labels, k), points.n);
}

/** Davies-Bouldin from a finished dispersion of n points. */
export function daviesBouldinOf(dispersion: ClusterDispersion, n: number): number {
  const { counts, means, present, k } = dispersion;
  if (!defined(present, n)) return Number.NaN;
  const d = means.length / k;
  const spread = Float64Array.from(dispersion.spread);
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
