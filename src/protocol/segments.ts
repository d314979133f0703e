import type { SegmentStability } from '../analysis/cluster-stability.ts';

/** The segments capability's slice of the worker protocol: how good each segment is. */

/** How well each segment of the current clustering survives resampling (canonical numbers). */
export interface SegmentStabilityReport {
  readonly k: number;
  readonly perCluster: readonly SegmentStability[];
  readonly resamples: number;
  /** Customers in the seeded sample the subsets are drawn from, and in each subset. */
  readonly sampleSize: number;
  readonly subsetSize: number;
}

/** The silhouette of the current clustering, per cluster (canonical numbers). */
export interface ClusterSilhouette {
  readonly k: number;
  readonly sampleSize: number;
  readonly exact: boolean;
  readonly mean: number;
  readonly perCluster: Float64Array;
  /** Silhouette and cluster of each sampled customer. */
  readonly values: Float64Array;
  readonly labels: Uint8Array;
  readonly simplifiedMean: number;
  readonly simplifiedPerCluster: Float64Array;
  /** Where the sampled silhouette's distances were computed. */
  readonly backend: string;
}
