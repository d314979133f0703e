import { sampleRows } from '../data/random.ts';
import { buildKdTree, kNearestDistances } from '../density/kd-tree.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { kneedle } from './kneedle.ts';

/**
 * The sorted k-distance curve analysts read DBSCAN's eps from (Ester et al., 1996): each
 * customer's distance to its k-th nearest neighbour (itself the first, as min_samples counts),
 * sorted from the largest down. Where the curve bends from steep to flat, the customers to the
 * left are the sparse ones (noise at that eps) and the rest lie in dense regions: its knee
 * (Kneedle) is the eps suggested for min_samples = k. Neighbours are searched among all the
 * customers; the curve is drawn for a seeded sample of them.
 */
export interface KDistanceCurve {
  readonly k: number;
  /** Customers the curve was drawn for (a sample of `n`). */
  readonly sampled: number;
  readonly n: number;
  /** Their k-distances, largest first, in scaled units. */
  readonly distances: Float64Array;
  /** Index of the knee in `distances` (-1: no bend), and the eps it suggests (NaN: none). */
  readonly knee: number;
  readonly eps: number;
  readonly ms: number;
}

export function kDistanceCurve(points: PointMatrix, k: number, sample: number, seed: number): KDistanceCurve {
  const started = performance.now();
  if (!Number.isInteger(k) || k < 1 || k > points.n) throw new RangeError(`min_samples ${k} must be a whole number from 1 to the ${points.n} customers`);
  const queries = sampleRows(points.n, Math.min(sample, points.n), seed);
  const distances = kNearestDistances(buildKdTree(points), k, queries).sort().reverse();
  const knee = kneedle(Array.from(distances, (_, i) => i), Array.from(distances));
  return { k, sampled: queries.length, n: points.n, distances, knee, eps: knee >= 0 ? distances[knee]! : Number.NaN, ms: performance.now() - started };
}
