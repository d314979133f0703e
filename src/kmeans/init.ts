import type { Random } from '../data/random.ts';
import type { PointMatrix } from './types.ts';

/**
 * Greedy k-means++ as scikit-learn implements it: the first centre uniformly at random,
 * then for each next centre `2 + floor(ln k)` candidates drawn with probability
 * proportional to D(x)^2, keeping the candidate that lowers the potential most.
 */
export function kmeansPlusPlus(points: PointMatrix, k: number, random: Random): Float64Array {
  const { data, n, d } = points;
  const centroids = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);

  const first = random.int(n);
  copyRow(data, first, d, centroids, 0);
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(data, i, centroids, 0, d);

  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += closest[i]!;
    let bestPotential = Infinity;
    let bestIndex = -1;
    for (let t = 0; t < trials; t++) {
      // All points coincide with chosen centres: any point will do (sklearn clips the same way).
      const candidate = running > 0 ? searchSorted(cumulative, random.uniform() * running) : random.int(n);
      let candidatePotential = 0;
      const offset = candidate * d;
      for (let i = 0; i < n; i++) {
        const dist = Math.min(closest[i]!, squaredDistance(data, i, data, offset, d));
        candidateDist[i] = dist;
        candidatePotential += dist;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestIndex = candidate;
        bestDist.set(candidateDist);
      }
    }
    closest.set(bestDist);
    copyRow(data, bestIndex, d, centroids, c * d);
  }
  return centroids;
}

/** k distinct customers chosen uniformly (a partial Fisher-Yates shuffle). */
export function randomInit(points: PointMatrix, k: number, random: Random): Float64Array {
  const { data, n, d } = points;
  const centroids = new Float64Array(k * d);
  const swapped = new Map<number, number>();
  for (let c = 0; c < k; c++) {
    const j = c + random.int(n - c);
    const picked = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(c) ?? c);
    copyRow(data, picked, d, centroids, c * d);
  }
  return centroids;
}

/** First index whose cumulative value is >= target (numpy.searchsorted, side left), clipped to n - 1. */
function searchSorted(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function squaredDistance(a: ArrayLike<number>, aRow: number, b: ArrayLike<number>, bOffset: number, d: number): number {
  let sum = 0;
  const aOffset = aRow * d;
  for (let f = 0; f < d; f++) {
    const delta = a[aOffset + f]! - b[bOffset + f]!;
    sum += delta * delta;
  }
  return sum;
}

function copyRow(src: Float32Array, row: number, d: number, dst: Float64Array, offset: number): void {
  for (let f = 0; f < d; f++) dst[offset + f] = src[row * d + f]!;
}
