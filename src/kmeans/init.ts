import type { Random } from '../data/random.ts';
import type { PointMatrix } from './types.ts';

/**
 * Greedy k-means++ as scikit-learn implements it: the first centre uniformly at random,
 * then for each next centre `2 + floor(ln k)` candidates drawn with probability
 * proportional to D(x)^2, keeping the candidate that lowers the potential most.
 *
 * Per centre, one pass over the points scores each candidate, and one moves D(x)^2 to the chosen
 * one and accumulates the next draw's cumulative sums. The candidates are drawn before they are
 * scored, which takes the random numbers in the same order as drawing and scoring them in turn.
 */
export function kmeansPlusPlus(points: PointMatrix, k: number, random: Random): Float64Array {
  const { data, n, d } = points;
  const centroids = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const candidates = new Float64Array(trials * d);
  const picked = new Int32Array(trials);
  const potentials = new Float64Array(trials);

  const first = random.int(n);
  copyRow(data, first, d, centroids, 0);
  closest.fill(Infinity);
  let running = moveToNewCentre(data, n, d, centroids.subarray(0, d), closest, cumulative);

  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      // All points coincide with chosen centres: any point will do (sklearn clips the same way).
      picked[t] = running > 0 ? searchSorted(cumulative, random.uniform() * running) : random.int(n);
      copyRow(data, picked[t]!, d, candidates, t * d);
    }
    scoreCandidates(points, closest, candidates, trials, potentials);
    let best = 0;
    for (let t = 1; t < trials; t++) if (potentials[t]! < potentials[best]!) best = t;
    copyRow(data, picked[best]!, d, centroids, c * d);
    running = moveToNewCentre(data, n, d, centroids.subarray(c * d, c * d + d), closest, cumulative);
  }
  return centroids;
}

/** D(x)^2 becomes min(D(x)^2, |x - centre|^2); returns the total, with the running sums in `cumulative`. */
function moveToNewCentre(data: Float32Array, n: number, d: number, centre: Float64Array, closest: Float64Array, cumulative: Float64Array): number {
  let running = 0;
  if (d === 3) {
    // The workbench's case, unrolled: the general loop below costs three times as much per point.
    const [cx, cy, cz] = [centre[0]!, centre[1]!, centre[2]!];
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const dist = squaredDistance3(data, o, cx, cy, cz);
      const own = closest[i]!;
      const kept = dist < own ? dist : own;
      closest[i] = kept;
      cumulative[i] = running += kept;
    }
    return running;
  }
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let dist = 0;
    for (let f = 0; f < d; f++) {
      const delta = data[o + f]! - centre[f]!;
      dist += delta * delta;
    }
    const kept = Math.min(closest[i]!, dist);
    closest[i] = kept;
    cumulative[i] = running += kept;
  }
  return running;
}

/**
 * potentials[t] = sum over the points of min(D(x)^2, |x - candidate t|^2), each summed in row order.
 * One candidate at a time, its sum in a local: a sum kept in an array waits on its own store at
 * every point (the sample is small enough to stay in cache between candidates).
 */
function scoreCandidates(points: PointMatrix, closest: Float64Array, candidates: Float64Array, trials: number, potentials: Float64Array): void {
  const { data, n, d } = points;
  for (let t = 0; t < trials; t++) {
    const co = t * d;
    let potential = 0;
    if (d === 3) {
      const [cx, cy, cz] = [candidates[co]!, candidates[co + 1]!, candidates[co + 2]!];
      for (let i = 0, o = 0; i < n; i++, o += 3) {
        const dist = squaredDistance3(data, o, cx, cy, cz);
        const own = closest[i]!;
        potential += dist < own ? dist : own;
      }
    } else {
      for (let i = 0, o = 0; i < n; i++, o += d) {
        let dist = 0;
        for (let f = 0; f < d; f++) {
          const delta = data[o + f]! - candidates[co + f]!;
          dist += delta * delta;
        }
        const own = closest[i]!;
        potential += dist < own ? dist : own;
      }
    }
    potentials[t] = potential;
  }
}

/** |x - c|^2 for the three-feature point at data[o..o+3), as the general loop adds it (x first). */
function squaredDistance3(data: Float32Array, o: number, cx: number, cy: number, cz: number): number {
  const dx = data[o]! - cx;
  const dy = data[o + 1]! - cy;
  const dz = data[o + 2]! - cz;
  return dx * dx + dy * dy + dz * dz;
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
