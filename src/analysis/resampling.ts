import type { PointMatrix } from '../kmeans/types.ts';
import { GAP_REFERENCES, gapStatistic, type GapResult } from './gap.ts';
import { stability, type StabilityResult } from './stability.ts';
import { timeSlicer } from './time-slice.ts';

/** What the table of k asks of its resampling criteria, on one seeded sample. */
export interface ResamplingRequest {
  readonly kMax: number;
  readonly seed: number;
  readonly nInit: number;
  /** Resampled subsets for stability; 0 leaves it out. */
  readonly stabilityResamples: number;
}

export interface ResamplingResult {
  readonly gap: GapResult;
  /** Null when stability was left out. */
  readonly stability: StabilityResult | null;
}

/**
 * Runs the resampling criteria somewhere: on this thread (`resampleHere`), or on a thread of
 * their own (the page's resampling worker). `onFit` counts the fits as they finish.
 */
export type ResamplingRunner = (sample: PointMatrix, request: ResamplingRequest, onFit: () => void, signal: AbortSignal) => Promise<ResamplingResult>;

/** Fits the criteria make: (B + 1) x kMax for the gap, resamples x (kMax - 1) for stability. */
export function resamplingFits(request: ResamplingRequest): number {
  return (GAP_REFERENCES + 1) * request.kMax + Math.max(0, request.stabilityResamples) * Math.max(0, request.kMax - 1);
}

/** How long a slice of resampling work may hold the thread before other work sharing it gets a turn. */
const RESAMPLING_SLICE_MS = 4;

/**
 * The gap statistic and stability on this thread, in slices of a few milliseconds: the sweep's
 * own work (its passes on helper threads, its measures) goes on between them.
 */
export const resampleHere: ResamplingRunner = async (sample, request, onFit, signal) => {
  const { kMax, seed, nInit, stabilityResamples } = request;
  // The slicer's yield is a task boundary: a cancel message gets in there as well.
  const betweenIterations = timeSlicer(RESAMPLING_SLICE_MS);
  const afterFit = async () => {
    onFit();
    await betweenIterations();
  };
  // Let whatever else was started first (the sweep's first pass) go before the fits take the thread.
  await betweenIterations();
  const gap = await gapStatistic(sample, { kMax, seed, nInit, signal, afterFit, betweenIterations });
  const stable = stabilityResamples > 0
    ? await stability(sample, { kMax, resamples: stabilityResamples, seed, nInit, signal, afterFit, betweenIterations })
    : null;
  return { gap, stability: stable };
};
