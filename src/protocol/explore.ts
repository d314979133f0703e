import type { OutlierPolicy } from '../analysis/outliers.ts';
import type { FeatureSummary } from '../analysis/stats.ts';

/** The explore capability's slice of the worker protocol. */

/** What the Explore tab shows, computed in the worker over every customer. */
export interface Exploration {
  readonly featureNames: readonly string[];
  readonly n: number;
  readonly summaries: readonly FeatureSummary[];
  readonly histograms: readonly { readonly lo: number; readonly hi: number; readonly counts: Float64Array }[];
  /** d x d Pearson correlations. */
  readonly correlation: Float64Array;
  /** A seeded sample of customers (business units), per feature, for the pairwise views. */
  readonly sample: readonly Float32Array[];
  readonly outlierPolicy: OutlierPolicy;
  /** Customers left out by the current outlier policy. */
  readonly dropped: number;
}

/** The Explore charts by segment of the finished run: the pairwise sample's clusters and each feature's histogram per segment. */
export interface ExplorationBySegment {
  readonly k: number;
  /** Cluster of each customer of the exploration's sample (-1: left out by the outlier policy). */
  readonly sampleClusters: Int16Array;
  /** Per feature, k x bins counts over the same bins as the exploration's histograms. */
  readonly histograms: readonly Float64Array[];
}
