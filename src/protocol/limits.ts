import { DEFAULT_SILHOUETTE_SAMPLE } from '../analysis/sweep.ts';
import { MAX_CLUSTERS, MAX_PAGE_CUSTOMERS } from '../data/features.ts';

/** A setting's range: the page offers it, the URL reader keeps to it, the worker checks it. */
export interface Limit {
  readonly min: number;
  readonly max: number;
}

/**
 * Every limit of the page, written once: the panel's sliders, the URL reader, the Choose-k and
 * Segments tabs and the worker's checks all read this table (the page offers what the worker
 * accepts, so it lives with the protocol between them).
 */
export const LIMITS = {
  /** Customers generated in the page (and the most an import may hold). */
  customers: { min: 1_000, max: MAX_PAGE_CUSTOMERS },
  /** Clusters of one run, and the largest k of a sweep; the engines accept up to MAX_CLUSTERS. */
  k: { min: 1, max: Math.min(32, MAX_CLUSTERS) },
  sweepKMax: { min: 2, max: Math.min(32, MAX_CLUSTERS) },
  nInit: { min: 1, max: 20 },
  maxIter: { min: 1, max: 1_000 },
  tol: { min: 0, max: 1 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  /** Seeds the panel's sliders offer, and R draws a new initialisation seed from. */
  pickedSeed: { min: 0, max: 99_999 },
  separation: { min: 0.25, max: 4 },
  /** CPU threads in the page (0: automatic). */
  threads: { min: 0, max: 4 },
  minShare: { min: 0, max: 0.5 },
  /** Customers in a sampled silhouette (the page's; scikit-learn's sample_size). */
  silhouetteSample: { min: 100, max: 20_000 },
  /** Centroids the analyst may place in the view. */
  placedCentroids: { min: 1, max: 32 },
  /** DBSCAN's radius in standard deviations (the slider's range; the worker takes any positive eps). */
  eps: { min: 0.005, max: 2 },
  /** DBSCAN's and HDBSCAN's min_samples. */
  minSamples: { min: 1, max: 1_000 },
  /** HDBSCAN's cluster_selection_epsilon (the slider's range). */
  clusterSelectionEpsilon: { min: 0, max: 2 },
  /** HDBSCAN's min_cluster_size. */
  minClusterSize: { min: 2, max: 100_000 },
  /** Clusters a density run may show: one colour each, and one more for its noise. */
  densityClusters: { min: 0, max: Math.min(32, MAX_CLUSTERS) - 1 },
} as const satisfies Record<string, Limit>;

/** The page's defaults that a tab or the worker also needs. */
export const DEFAULTS = {
  sweepKMax: 10,
  silhouetteSample: DEFAULT_SILHOUETTE_SAMPLE,
} as const;

/** `value` rounded and held within `limit`; `fallback` when it is not a number. */
export function clampToLimit(value: number, limit: Limit, fallback: number): number {
  const rounded = Math.round(value);
  return Number.isFinite(rounded) ? Math.min(limit.max, Math.max(limit.min, rounded)) : fallback;
}

/** Whether `value` lies within `limit` (integers only where `integer`). */
export function withinLimit(value: number, limit: Limit, integer = true): boolean {
  return Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= limit.min && value <= limit.max;
}
