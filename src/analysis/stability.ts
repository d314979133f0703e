import { deriveSeed, sampleRows } from '../data/random.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { adjustedRandIndex } from './agreement.ts';
import { gatherRows } from '../kmeans/gather-rows.ts';
import { fitOnSample } from './sample-fit.ts';

/**
 * Stability of k-means under resampling: cluster several seeded subsets of the customers with
 * the same k and see how alike the partitions are. Every pair of resampled fits is compared on
 * the customers both subsets contain (Ben-Hur, Elisseeff and Guyon 2002), not each against one
 * fit on the whole sample: a reference fit that landed in a poor local optimum would drag every
 * comparison down with it, while pairs spread that luck evenly.
 */

export interface StabilityOptions {
  readonly kMax: number;
  /** Resampled subsets (at least 2). */
  readonly resamples: number;
  /** Share of the customers in each subset (default 0.8). */
  readonly fraction?: number;
  readonly seed: number;
  readonly nInit?: number;
  readonly signal?: AbortSignal;
  /** Awaited after every fit (resamples x (kMax - 1) of them): progress, and a worker's chance to hear a cancel. */
  readonly afterFit?: () => void | Promise<void>;
  /** Awaited after every iteration of every fit: room for other work sharing this thread. */
  readonly betweenIterations?: () => Promise<void>;
}

export interface StabilityResult {
  /** Per k = 1..kMax (index k - 1): the mean adjusted Rand index over the pairs; NaN for k = 1 (one cluster is trivially stable). */
  readonly mean: Float64Array;
  /** Its spread: the standard deviation over the pairs. */
  readonly sd: Float64Array;
  readonly resamples: number;
  /** Customers in each subset. */
  readonly subsetSize: number;
}

export const STABILITY_FRACTION = 0.8;

/** Marks a customer that a subset left out (a fit's labels are below 255). */
const ABSENT = 255;

/** The mean adjusted Rand index of every pair of labelings over the customers both contain. */
export function pairwiseAgreement(labelings: readonly Uint8Array[]): { mean: number; sd: number } {
  const values: number[] = [];
  const n = labelings[0]?.length ?? 0;
  const left = new Uint8Array(n);
  const right = new Uint8Array(n);
  for (let a = 0; a < labelings.length; a++) {
    for (let b = a + 1; b < labelings.length; b++) {
      const la = labelings[a]!;
      const lb = labelings[b]!;
      let shared = 0;
      for (let i = 0; i < n; i++) {
        if (la[i] === ABSENT || lb[i] === ABSENT) continue;
        left[shared] = la[i]!;
        right[shared++] = lb[i]!;
      }
      values.push(adjustedRandIndex(left.subarray(0, shared), right.subarray(0, shared)));
    }
  }
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * Stability for k = 2..kMax on `points` (a sample: each subset is clustered kMax - 1 times).
 * Each subset is drawn once and clustered for every k, so its tree is built once.
 */
export async function stability(points: PointMatrix, options: StabilityOptions): Promise<StabilityResult> {
  const { resamples } = options;
  if (!(resamples >= 2)) throw new RangeError(`stability needs at least 2 resampled subsets, got ${resamples}`);
  const fraction = options.fraction ?? STABILITY_FRACTION;
  const subsetSize = Math.max(1, Math.round(points.n * fraction));
  const kMax = Math.min(options.kMax, subsetSize);
  // labels[k - 2][r]: subset r's labels at k, spread over the whole sample (ABSENT where left out).
  const labels = Array.from({ length: Math.max(0, kMax - 1) }, () => [] as Uint8Array[]);
  for (let r = 0; r < resamples; r++) {
    const seed = deriveSeed(options.seed, 0x57ab + r);
    const rows = sampleRows(points.n, subsetSize, seed);
    const subset = gatherRows(points, rows);
    for (let k = 2; k <= kMax; k++) {
      options.signal?.throwIfAborted();
      const fit = await fitOnSample(subset, k, { seed, nInit: options.nInit ?? 3, withLabels: true, betweenIterations: options.betweenIterations });
      const spread = new Uint8Array(points.n).fill(ABSENT);
      for (let i = 0; i < rows.length; i++) spread[rows[i]!] = fit.labels![i]!;
      labels[k - 2]!.push(spread);
      await options.afterFit?.();
    }
  }
  const mean = new Float64Array(kMax).fill(Number.NaN);
  const sd = new Float64Array(kMax).fill(Number.NaN);
  for (let k = 2; k <= kMax; k++) {
    const agreement = pairwiseAgreement(labels[k - 2]!);
    mean[k - 1] = agreement.mean;
    sd[k - 1] = agreement.sd;
  }
  return { mean, sd, resamples, subsetSize };
}
