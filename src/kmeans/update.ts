import { squaredDistance } from './init.ts';
import type { AssignStats, PointMatrix } from './types.ts';

export interface CentroidUpdate {
  readonly centroids: Float64Array;
  readonly counts: Float64Array;
  /** Sum over clusters of the squared centroid move (scikit-learn's center_shift_tot). */
  readonly shift: number;
  readonly emptyClusters: number;
}

const NONE_FROZEN: ReadonlySet<number> = new Set();

/**
 * The M-step shared by every backend: new centroid = old + mean delta, in float64.
 * An empty cluster takes the point farthest from its own centre, and that point's weight
 * leaves its old cluster (scikit-learn's `_relocate_empty_clusters`). Only then are the
 * means taken. `labels` is read only when a cluster is empty. A frozen cluster keeps its
 * centroid bit for bit (shift 0) and is never relocated, though it still gains and gives points.
 */
export async function updateCentroids(
  points: PointMatrix,
  old: Float64Array,
  stats: AssignStats,
  labels: () => Promise<Uint8Array>,
  frozen: ReadonlySet<number> = NONE_FROZEN,
): Promise<CentroidUpdate> {
  const { d } = points;
  const k = stats.counts.length;
  const sums = new Float64Array(k * d);
  const counts = Float64Array.from(stats.counts);
  for (let j = 0; j < k; j++) {
    for (let f = 0; f < d; f++) sums[j * d + f] = stats.deltaSums[j * d + f]! + counts[j]! * old[j * d + f]!;
  }

  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0 && !frozen.has(j)) empty.push(j);
  if (empty.length > 0) {
    const assigned = await labels();
    const far = farthestPoints(points, assigned, old, empty.length);
    empty.forEach((cluster, e) => {
      const row = far[e]!;
      const from = assigned[row]!;
      for (let f = 0; f < d; f++) {
        const x = points.data[row * d + f]!;
        sums[from * d + f] = sums[from * d + f]! - x;
        sums[cluster * d + f] = x;
      }
      counts[from] = counts[from]! - 1;
      counts[cluster] = 1;
    });
  }

  const centroids = new Float64Array(k * d);
  let shift = 0;
  for (let j = 0; j < k; j++) {
    // A frozen cluster, or one emptied by giving its only point away, keeps its place.
    const keep = frozen.has(j) || counts[j] === 0;
    const count = counts[j]!;
    for (let f = 0; f < d; f++) {
      const i = j * d + f;
      const value = keep ? old[i]! : sums[i]! / count;
      centroids[i] = value;
      const move = value - old[i]!;
      shift += move * move;
    }
  }
  return { centroids, counts, shift, emptyClusters: empty.length };
}

/**
 * Indices of the `count` points farthest from the centre they are assigned to,
 * farthest first; equal distances go to the lower index so every backend agrees.
 */
export function farthestPoints(points: PointMatrix, labels: Uint8Array, centroids: Float64Array, count: number): number[] {
  const { n, d, data } = points;
  const best: { row: number; dist: number }[] = [];
  for (let i = 0; i < n; i++) {
    const dist = squaredDistance(data, i, centroids, labels[i]! * d, d);
    if (best.length === count && dist <= best[best.length - 1]!.dist) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.dist < dist) at--;
    best.splice(at, 0, { row: i, dist });
    if (best.length > count) best.pop();
  }
  return best.map((b) => b.row);
}

// The mean variance of each point set, computed once: a sweep runs dozens of fits on the same points.
const meanVariances = new WeakMap<PointMatrix, number>();

/** scikit-learn's tolerance: tol times the mean per-feature variance of the clustered data. */
export function scaledTolerance(points: PointMatrix, tol: number): number {
  if (tol === 0) return 0;
  let variance = meanVariances.get(points);
  if (variance === undefined) {
    variance = meanVariance(points);
    meanVariances.set(points, variance);
  }
  return variance * tol;
}

function meanVariance(points: PointMatrix): number {
  const { n, d, data } = points;
  let total = 0;
  for (let f = 0; f < d; f++) {
    let sum = 0;
    for (let i = f; i < data.length; i += d) sum += data[i]!;
    const mean = sum / n;
    let squares = 0;
    for (let i = f; i < data.length; i += d) squares += (data[i]! - mean) ** 2;
    total += squares / n;
  }
  return total / d;
}
