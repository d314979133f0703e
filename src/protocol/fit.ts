import type { CondensedNodes } from '../density/condensed-nodes.ts';
import type { CovarianceType } from '../mixture/gaussian.ts';
import type { BackendChoice, InitMethod, IterationSnapshot, KMeansResult } from '../kmeans/types.ts';
import type { WinningStart } from '../kmeans/best-start.ts';

/** The fit capability's slice of the worker protocol: runs, their snapshots, their outcome. */

/** The clustering algorithms the page runs. */
export const ALGORITHMS = ['kmeans', 'dbscan', 'hdbscan', 'gmm'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** How to cluster: the page's run parameters and a fit request share these fields. */
export interface FitSettings {
  readonly algorithm: Algorithm;
  /** DBSCAN: the neighbourhood radius in scaled units, and the customers within it (itself included) that make a core point. */
  readonly eps: number;
  readonly minSamples: number;
  /** HDBSCAN: the smallest group that counts as a cluster, and how clusters are picked from the condensed tree (min_samples shared with DBSCAN). */
  readonly minClusterSize: number;
  readonly clusterSelection: 'eom' | 'leaf';
  /** HDBSCAN: clusters split below this distance (scaled units) are merged back; 0: none. */
  readonly clusterSelectionEpsilon: number;
  /** KMeans: clusters; a Gaussian mixture: components. */
  readonly k: number;
  /** A Gaussian mixture: each component's covariance (full, per feature, or one variance). */
  readonly covariance: CovarianceType;
  readonly init: InitMethod;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly backend: BackendChoice;
  /** Threads for the CPU engine (0: automatic). The result does not depend on it. */
  readonly threads: number;
}

export interface FitRequest extends FitSettings {
  /** Seed of the initial centroids. */
  readonly seed: number;
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
  /** A density clustering's facts; null for KMeans. Its noise is one more label (`noiseLabel`, the last) so every view treats it as a group. */
  readonly density: DensityOutcome | null;
  /** A Gaussian mixture's facts (its labels are each customer's likeliest component); null for the others. */
  readonly mixture: MixtureOutcome | null;
}

/** A Gaussian mixture's fit: the components beyond their means (the result's centroids), how well it fits, how sure each membership is. */
export interface MixtureOutcome {
  readonly covariance: CovarianceType;
  /** Canonical order, as the result's centroids; covariances in scaled units (k x d x d, k x d or k). */
  readonly weights: Float64Array;
  readonly covariances: Float64Array;
  /** Mean log-likelihood per customer (scikit-learn's score), on the scaled features. */
  readonly meanLogLikelihood: number;
  readonly bic: number;
  readonly aic: number;
  /** Each customer's probability of its likeliest component (the view draws those under its threshold pale). */
  readonly certainty: Float32Array;
  /** Share of customers whose likeliest component has less than `uncertainBelow`. */
  readonly uncertainShare: number;
  readonly uncertainBelow: number;
}

export interface DensityOutcome {
  readonly algorithm: 'dbscan' | 'hdbscan';
  /** The parameters that ran, in the words of scikit-learn ("eps 0.12, min_samples 10"); for a scored model, its rule. */
  readonly settings: string;
  /** The labels came from a saved model (scoring), not a fit. */
  readonly scored: boolean;
  readonly clusters: number;
  /** Customers in no cluster, labelled `noiseLabel` (= clusters). */
  readonly noise: number;
  readonly noiseLabel: number;
  /** DBSCAN's core points; null for HDBSCAN. */
  readonly corePoints: number | null;
  /** HDBSCAN's condensed tree, its clusters as the drawer draws them; null for DBSCAN. */
  readonly tree: CondensedNodes | null;
}

/** The steps a density run shows: its core points, then its clusters of core points, then the border points joining them. */
export type DensityStage = 'core' | 'clusters' | 'border' | 'dense' | 'growing' | 'fringe' | 'selected';

/** A snapshot as the page receives it: the fallback reason travels with it once the GPU is lost. */
/**
 * An iteration as the page plays it. `winner`: the run's restarts ran unseen and this iteration is
 * the winning start's, replayed; it carries where that start ends, so every frame is coloured as
 * the finished run.
 */
export type SnapshotMessage = IterationSnapshot & {
  readonly fallbackReason: string | null; readonly densityStage?: DensityStage; readonly winner?: WinningStart;
  /**
   * An EM iteration: the mean log-likelihood of the E-step's parameters (the labels are its likeliest
   * components; the centroids, the M-step's means) and the M-step's covariances (scaled units).
   */
  readonly em?: { readonly logLikelihood: number; readonly covariance: CovarianceType; readonly covariances: Float64Array };
};
export type SnapshotListener = (snapshot: SnapshotMessage, backend: string, labels: Uint8Array | null) => void | Promise<void>;
