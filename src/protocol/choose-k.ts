import type { ClusterTree } from '../analysis/cluster-tree.ts';
import type { TableOfK, TableOfKProgress } from '../analysis/table-of-k.ts';
import type { BackendChoice } from '../kmeans/types.ts';

/** The choose-k capability's slice of the worker protocol: the sweep, its table and tree. */

export interface SweepRequest {
  readonly kMax: number;
  readonly sampleSize: number;
  readonly seed: number;
  readonly backend: BackendChoice;
  /** Threads for the CPU engine (0: automatic). */
  readonly threads: number;
  /** Customers in the seeded sample the gap statistic and stability cluster over and over. */
  readonly resamplingSample: number;
  /** Resampled subsets for stability (0 leaves it out). */
  readonly stabilityResamples: number;
}

/** What a sweep returns: the table of k, and the clustering tree of its best fits. */
export type SweepOutcome = TableOfK & { readonly tree: ClusterTree };

/** A sweep's progress: k swept, and the gap and stability fits done on the sample beside it. */
export type SweepProgressListener = (progress: TableOfKProgress) => void;
