import { createRandom, deriveSeed } from '../data/random.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { fitOnSample } from './sample-fit.ts';

/**
 * The gap statistic (Tibshirani, Walther and Hastie 2001): how far below what structureless
 * data would give the within-cluster sum of squares of the data falls, on a log scale.
 * Reference sets are drawn uniformly over the data's bounding box (the paper's choice (a)),
 * each as many points as the data, and clustered exactly as the data are.
 */

export interface GapOptions {
  readonly kMax: number;
  /** Reference sets B (the paper uses 10 and more). */
  readonly references?: number;
  readonly seed: number;
  /** Restarts per fit, for the data and every reference set alike. */
  readonly nInit?: number;
  readonly signal?: AbortSignal;
  /** Awaited after every fit ((B + 1) x kMax of them): progress, and a worker's chance to hear a cancel. */
  readonly afterFit?: () => void | Promise<void>;
  /** Awaited after every iteration of every fit: room for other work sharing this thread. */
  readonly betweenIterations?: () => Promise<void>;
}

export interface GapResult {
  /** Per k = 1..kMax (index k - 1): log W_k of the data. */
  readonly logW: Float64Array;
  /** The mean of log W_k over the reference sets. */
  readonly referenceLogW: Float64Array;
  /** gap(k) = referenceLogW - logW. */
  readonly gap: Float64Array;
  /** s_k = sd_k * sqrt(1 + 1/B): the standard error the rule uses. */
  readonly standardError: Float64Array;
  /** The paper's rule: the smallest k with gap(k) >= gap(k+1) - s_{k+1}; null when no k below kMax passes. */
  readonly k: number | null;
  readonly references: number;
}

export const GAP_REFERENCES = 10;

/** Uniform points over the bounding box of `points`, seeded. */
export function uniformReference(points: PointMatrix, seed: number): PointMatrix {
  const { n, d, data } = points;
  const low = new Float64Array(d).fill(Infinity);
  const high = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const v = data[i * d + f]!;
      if (v < low[f]!) low[f] = v;
      if (v > high[f]!) high[f] = v;
    }
  }
  const random = createRandom(seed);
  const drawn = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) drawn[i * d + f] = low[f]! + (high[f]! - low[f]!) * random.uniform();
  return { data: drawn, n, d };
}

/** The 1-standard-error rule: the smallest k with gap(k) >= gap(k+1) - s_{k+1} (k counted from 1). */
export function gapRuleK(gap: ArrayLike<number>, standardError: ArrayLike<number>): number | null {
  for (let i = 0; i + 1 < gap.length; i++) {
    if (gap[i]! >= gap[i + 1]! - standardError[i + 1]!) return i + 1;
  }
  return null;
}

/**
 * The gap statistic of `points` for k = 1..kMax. Meant for a sample (every point is clustered
 * (B + 1) x kMax times): the command line passes at most 20 000 customers.
 */
export async function gapStatistic(points: PointMatrix, options: GapOptions): Promise<GapResult> {
  const kMax = Math.min(options.kMax, points.n);
  const references = options.references ?? GAP_REFERENCES;
  if (!(references >= 2)) throw new RangeError(`the gap statistic needs at least 2 reference sets, got ${references}`);
  const nInit = options.nInit ?? 3;
  const logWOf = async (set: PointMatrix, seed: number) => {
    const logs = new Float64Array(kMax);
    for (let k = 1; k <= kMax; k++) {
      options.signal?.throwIfAborted();
      logs[k - 1] = Math.log((await fitOnSample(set, k, { seed, nInit, betweenIterations: options.betweenIterations })).inertia);
      await options.afterFit?.();
    }
    return logs;
  };

  const logW = await logWOf(points, options.seed);
  const perReference: Float64Array[] = [];
  for (let b = 0; b < references; b++) {
    const seed = deriveSeed(options.seed, 0x6a9 + b);
    perReference.push(await logWOf(uniformReference(points, seed), seed));
  }

  const referenceLogW = new Float64Array(kMax);
  const standardError = new Float64Array(kMax);
  for (let i = 0; i < kMax; i++) {
    let mean = 0;
    for (const logs of perReference) mean += logs[i]!;
    mean /= references;
    let squares = 0;
    for (const logs of perReference) squares += (logs[i]! - mean) ** 2;
    referenceLogW[i] = mean;
    // The paper's sd_k divides by B (not B - 1); the sqrt(1 + 1/B) accounts for the mean's own error.
    standardError[i] = Math.sqrt(squares / references) * Math.sqrt(1 + 1 / references);
  }
  const gap = referenceLogW.map((mean, i) => mean - logW[i]!);
  return { logW, referenceLogW, gap, standardError, k: gapRuleK(gap, standardError), references };
}
