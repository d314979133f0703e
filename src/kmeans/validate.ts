import { MAX_CLUSTERS } from '../data/features.ts';
import type { KMeansOptions, PointMatrix } from './types.ts';

/** Reject options no engine can honour, with the value and the limit in the message. */
export function validateOptions(points: PointMatrix, options: KMeansOptions): void {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number >= 1, got ${k}`);
  if (k > MAX_CLUSTERS) throw new RangeError(`k (${k}) exceeds the maximum of ${MAX_CLUSTERS} clusters`);
  if (points.n < 1) throw new RangeError('there are no customers to cluster');
  if (k > points.n) throw new RangeError(`k (${k}) exceeds the number of customers (${points.n})`);
  if (points.d < 1) throw new RangeError('there are no features to cluster on');
  const maxIter = options.maxIter ?? 300;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`max iterations must be a whole number >= 1, got ${maxIter}`);
  const nInit = options.nInit ?? 1;
  if (!Number.isInteger(nInit) || nInit < 1) throw new RangeError(`n_init must be a whole number >= 1, got ${nInit}`);
  const tol = options.tol ?? 1e-4;
  if (!(tol >= 0)) throw new RangeError(`tol must be >= 0, got ${tol}`);
  if (options.init instanceof Float64Array) {
    if (options.init.length !== k * points.d)
      throw new RangeError(`initial centroids hold ${options.init.length / points.d} rows of ${points.d} features; k is ${k}`);
    if (!options.init.every(Number.isFinite)) throw new RangeError('initial centroids contain a value that is not a finite number');
  }
  if (options.frozen !== undefined) validateFrozen(options.frozen, k, options.init instanceof Float64Array);
  if (checkedFinite.has(points)) return;
  const { data } = points;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new RangeError(`customer row ${Math.floor(i / points.d) + 1}, feature ${(i % points.d) + 1} is not a finite number`);
    }
  }
  checkedFinite.add(points);
}

/** Frozen clusters name rows of the given centroids: a seeded init would freeze a point it drew by chance. */
function validateFrozen(frozen: readonly number[], k: number, given: boolean): void {
  if (!given) throw new RangeError('frozen centroids need given initial centroids (init as k centroid rows), not k-means++ or random');
  const seen = new Set<number>();
  for (const j of frozen) {
    if (!Number.isInteger(j) || j < 0 || j >= k) throw new RangeError(`frozen centroid ${j} is not a cluster of k = ${k} (0 to ${k - 1})`);
    if (seen.has(j)) throw new RangeError(`frozen centroid ${j} is listed twice`);
    seen.add(j);
  }
}

// Points already found finite: a sweep runs dozens of fits on the same points.
const checkedFinite = new WeakSet<PointMatrix>();
