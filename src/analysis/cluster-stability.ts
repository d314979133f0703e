import { deriveSeed, sampleRows } from '../data/random.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { bestMatches, contingency } from './agreement.ts';
import { gatherRows } from '../kmeans/gather-rows.ts';
import { fitOnSample } from './sample-fit.ts';
import { STABILITY_FRACTION } from './stability.ts';

/**
 * How well each segment of a clustering survives resampling (Hennig's clusterboot, with seeded
 * subsets in place of bootstrap samples, which repeat customers): cluster each subset with the
 * same k, and for each segment take its best Jaccard overlap with the subset's clusters, on the
 * customers the subset holds. Hennig reads a mean under 0.5 as a segment that dissolves and 0.75
 * or more as a stable one; a resample whose best overlap is under 0.5 counts as a dissolution.
 */

export interface ClusterStabilityOptions {
  /** Resampled subsets (at least 1). */
  readonly resamples: number;
  readonly seed: number;
  /** Share of the customers in each subset (default 0.8). */
  readonly fraction?: number;
  readonly nInit?: number;
  readonly signal?: AbortSignal;
  /** Awaited after every subset's fit: progress, and a worker's chance to hear a cancel. */
  readonly afterFit?: () => void | Promise<void>;
}

export interface SegmentStability {
  /** Mean best Jaccard overlap over the resamples that hold some of the segment (NaN if none did). */
  readonly meanJaccard: number;
  /** Resamples in which the segment's best overlap was under DISSOLVED_BELOW. */
  readonly dissolved: number;
  /** Resamples that held at least one of its customers. */
  readonly seen: number;
}

export interface ClusterStability {
  readonly perCluster: SegmentStability[];
  readonly resamples: number;
  /** Customers in each subset. */
  readonly subsetSize: number;
}

export const DISSOLVED_BELOW = 0.5;
export const STABLE_FROM = 0.75;

/**
 * Per-segment stability of `labels` (k clusters, one label per point of `points`, a sample of at
 * most tens of thousands of customers).
 */
export async function clusterStability(points: PointMatrix, labels: Uint8Array, k: number, options: ClusterStabilityOptions): Promise<ClusterStability> {
  const fraction = options.fraction ?? STABILITY_FRACTION;
  const subsetSize = Math.max(k, Math.round(points.n * fraction));
  const sums = new Float64Array(k);
  const seen = new Float64Array(k);
  const dissolved = new Float64Array(k);
  for (let r = 0; r < options.resamples; r++) {
    options.signal?.throwIfAborted();
    const rows = sampleRows(points.n, subsetSize, deriveSeed(options.seed, 0xc1b + r));
    const fit = await fitOnSample(gatherRows(points, rows), k, { seed: deriveSeed(options.seed, r), nInit: options.nInit ?? 3, withLabels: true });
    const reference = Uint8Array.from(rows, (row) => labels[row]!);
    // The fit's numbering is its own: the best overlap finds each segment whatever its number.
    for (const { cluster, jaccard } of bestMatches(contingency(reference, fit.labels!, k, k))) {
      if (Number.isNaN(jaccard)) continue;
      sums[cluster]! += jaccard;
      seen[cluster]!++;
      if (jaccard < DISSOLVED_BELOW) dissolved[cluster]!++;
    }
    await options.afterFit?.();
  }
  return {
    perCluster: Array.from({ length: k }, (_, j) => ({ meanJaccard: seen[j]! > 0 ? sums[j]! / seen[j]! : Number.NaN, dissolved: dissolved[j]!, seen: seen[j]! })),
    resamples: options.resamples,
    subsetSize,
  };
}

/** The analyst's reading of a segment's stability, in words. */
export function stabilityReading(segment: SegmentStability): string {
  if (segment.seen === 0) return 'not measured (no resample held this segment)';
  const verdict = segment.meanJaccard >= STABLE_FROM ? 'stable' : segment.meanJaccard >= DISSOLVED_BELOW ? 'fairly stable' : 'unstable';
  const times = segment.dissolved === 0 ? 'never dissolved' : `dissolved in ${segment.dissolved} of ${segment.seen} resamples`;
  return `${verdict} (Jaccard ${segment.meanJaccard.toFixed(2)}; ${times})`;
}
