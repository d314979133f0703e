import type { SegmentStability } from '../analysis/cluster-stability.ts';
import type { BackendChoice, InitMethod, IterationSnapshot, KMeansResult } from '../kmeans/types.ts';

/** What the page asks the engine worker to generate. */
export interface GenerateRequest {
  readonly n: number;
  readonly seed: number;
  readonly separation: number;
}

/** What comes back: scaled positions to draw, and the scaler to label axes in business units. */
export interface DatasetSummary {
  readonly n: number;
  readonly featureNames: readonly string[];
  /** Scaled, interleaved n x d float32: the engines' input, drawn as is. */
  readonly positions: Float32Array;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly ms: number;
  readonly source: DataSource;
}

/** Where the customers came from, as the page describes them. */
export type DataSource =
  | { readonly kind: 'generated'; readonly seed: number; readonly separation: number }
  | {
      readonly kind: 'file';
      readonly name: string;
      /** Data rows in the file, and those left out for problems (drop) or filled (impute). */
      readonly rows: number;
      readonly droppedRows: number;
      readonly imputedRows: number;
      readonly bytes: number;
      readonly ms: number;
    };

export interface FitRequest {
  readonly k: number;
  readonly init: InitMethod;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly seed: number;
  readonly backend: BackendChoice;
  /** Threads for the CPU engine (0: automatic). The result does not depend on it. */
  readonly threads: number;
  /** Send labels with every snapshot (the view recolours each iteration). */
  readonly labelsEachIteration: boolean;
  /** Start from these centroids (k x d, business units), e.g. a saved model's, instead of `init`. */
  readonly givenCentroids?: Float64Array;
  /** Rows of `givenCentroids` that never move (0-based); the outcome's `result.frozen` names them in result numbering. */
  readonly frozen?: readonly number[];
}

export interface FitOutcome {
  readonly result: Omit<KMeansResult, 'labels'>;
  readonly labels: Uint8Array;
  /** Centroids in business units, canonical order. */
  readonly centroidsInUnits: Float64Array;
  readonly fallbackReason: string | null;
  /** The run started from given centroids (a saved model's), not from its init method. */
  readonly startedFromGiven: boolean;
  /** Where a CPU run's passes ran, e.g. "WebAssembly SIMD on 2 helper workers"; null on WebGPU. */
  readonly cpuEngine: string | null;
  /** The WebGPU adapter that ran it, in a few words; null on the CPU. */
  readonly adapter: string | null;
}

/** A snapshot as the page receives it: the fallback reason travels with it once the GPU is lost. */
export type SnapshotMessage = IterationSnapshot & { readonly fallbackReason: string | null };
export type SnapshotListener = (snapshot: SnapshotMessage, backend: string, labels: Uint8Array | null) => void | Promise<void>;
export type ProgressListener = (done: number, total: number) => void;

export interface SweepRequest {
  readonly kMax: number;
  readonly sampleSize: number;
  readonly seed: number;
  readonly backend: import('../kmeans/types.ts').BackendChoice;
  /** Threads for the CPU engine (0: automatic). */
  readonly threads: number;
  /** Customers in the seeded sample the gap statistic and stability cluster over and over. */
  readonly resamplingSample: number;
  /** Resampled subsets for stability (0 leaves it out). */
  readonly stabilityResamples: number;
}

/** What a sweep returns: the table of k, and the clustering tree of its best fits. */
export type SweepOutcome = import('../analysis/table-of-k.ts').TableOfK & { readonly tree: import('../analysis/cluster-tree.ts').ClusterTree };

/** A sweep's progress: k swept, and the gap and stability fits done on the sample beside it. */
export type SweepProgressListener = (progress: import('../analysis/table-of-k.ts').TableOfKProgress) => void;

/** What the Explore tab shows, computed in the worker over every customer. */
export interface Exploration {
  readonly featureNames: readonly string[];
  readonly n: number;
  readonly summaries: readonly import('../analysis/stats.ts').FeatureSummary[];
  readonly histograms: readonly { readonly lo: number; readonly hi: number; readonly counts: Float64Array }[];
  /** d x d Pearson correlations. */
  readonly correlation: Float64Array;
  /** A seeded sample of customers (business units), per feature, for the pairwise views. */
  readonly sample: readonly Float32Array[];
  readonly outlierPolicy: import('../analysis/outliers.ts').OutlierPolicy;
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

/** One customer, as the hover card shows it. */
export interface CustomerCard {
  /** The drawn row. */
  readonly row: number;
  /** What the id is called (the id column's header, "CustomerID", or "Row") and this customer's. */
  readonly idLabel: string;
  readonly id: string;
  /** Feature values in business units, as in the data (before any outlier clipping). */
  readonly values: readonly number[];
  /** Cluster of the finished run (canonical), or null while none is finished. */
  readonly cluster: number | null;
  /** Standardised distance to its centroid, and to the nearest other one (which). */
  readonly distance: number;
  readonly runnerUp: number;
  readonly runnerUpCluster: number;
}

/** Summary of selected customers: count, split by segment, and each feature's spread in business units. */
export interface SelectionSummary {
  readonly count: number;
  readonly n: number;
  /** Customers per cluster of the finished run (empty while none is finished). */
  readonly perCluster: readonly number[];
  readonly features: readonly { readonly name: string; readonly mean: number; readonly min: number; readonly max: number }[];
}
