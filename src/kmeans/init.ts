import type { Random } from '../data/random.ts';
import type { PointMatrix } from './types.ts';

/**
 * Greedy k-means++ as scikit-learn implements it: the first centre uniformly at random,
 * then for each next centre `2 + floor(ln k)` candidates drawn with probability
 * proportional to D(x)^2, keeping the candidate that lowers the potential most.
 */
export function kmeansPlusPlus(points: PointMatrix, k: number, random: Random): Float64Array {
  return new PlusPlusSeeding(points, plusPlusTrials(k), random).first(k);
}

/** Candidates per centre for k centres (scikit-learn's n_local_trials). */
export function plusPlusTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * A k-means++ seeding that can be carried on. Each centre takes the same random numbers whatever
 * k is asked for, so with the same trials per centre the first k centres of a longer seeding are
 * the k-centre seeding: a sweep over k that keeps one per restart seeds k = 3..7 (3 trials) and
 * k = 8..20 (4 trials) once each instead of once per k, with the same bits.
 *
 * Per centre, one pass over the points scores each candidate, and one moves D(x)^2 to the chosen
 * one and accumulates the next draw's cumulative sums. The candidates are drawn before they are
 * scored, which takes the random numbers in the same order as drawing and scoring them in turn.
 */
export class PlusPlusSeeding {
  private readonly points: PointMatrix;
  private readonly trials: number;
  private readonly random: Random;
  private centres: Float64Array;
  private chosen = 0;
  private readonly closest: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly candidates: Float64Array;
  private readonly picked: Int32Array;
  private readonly potentials: Float64Array;
  private running = 0;

  constructor(points: PointMatrix, trials: number, random: Random) {
    const { n, d } = points;
    this.points = points;
    this.trials = trials;
    this.random = random;
    this.centres = new Float64Array(4 * d);
    this.closest = new Float64Array(n).fill(Infinity);
    this.cumulative = new Float64Array(n);
    this.candidates = new Float64Array(trials * d);
    this.picked = new Int32Array(trials);
    this.potentials = new Float64Array(trials);
  }

  /** The first k centres (k x d), choosing those not chosen yet. */
  first(k: number): Float64Array {
    const { d } = this.points;
    if (k * d > this.centres.length) {
      const grown = new Float64Array(Math.max(k, 2 * this.chosen) * d);
      grown.set(this.centres.subarray(0, this.chosen * d));
      this.centres = grown;
    }
    while (this.chosen < k) this.chooseNext();
    return this.centres.slice(0, k * d);
  }

  private chooseNext(): void {
    const { data, n, d } = this.points;
    const { trials, random, candidates, picked, potentials, cumulative, closest } = this;
    const c = this.chosen++;
    let pick: number;
    if (c === 0) pick = random.int(n);
    else {
      for (let t = 0; t < trials; t++) {
        // All points coincide with chosen centres: any point will do (sklearn clips the same way).
        picked[t] = this.running > 0 ? searchSorted(cumulative, random.uniform() * this.running) : random.int(n);
        copyRow(data, picked[t]!, d, candidates, t * d);
      }
      scoreCandidates(this.points, closest, candidates, trials, potentials);
      let best = 0;
      for (let t = 1; t < trials; t++) if (potentials[t]! < potentials[best]!) best = t;
      pick = picked[best]!;
    }
    copyRow(data, pick, d, this.centres, c * d);
    this.running = moveToNewCentre(data, n, d, this.centres.subarray(c * d, c * d + d), closest, cumulative);
  }
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
