/** The engine contract: what every backend (CPU, WebGPU) does, and what a run reports. */

export type Backend = 'cpu' | 'webgpu';
export type BackendChoice = Backend | 'auto';
export type InitMethod = 'k-means++' | 'random';

/** Points to cluster: row-major n x d float32, already scaled. */
export interface PointMatrix {
  readonly data: Float32Array;
  readonly n: number;
  readonly d: number;
}

/** What one assignment pass over all points reports, relative to the centroids it was given. */
export interface AssignStats {
  /** Sum over the points of cluster j of (x - c_j), k x d, float64. */
  readonly deltaSums: Float64Array;
  readonly counts: Float64Array;
  /** Sum of squared distances of each point to its nearest centroid. */
  readonly inertia: number;
  /** Points whose label differs from the previous pass (n on the first pass). */
  readonly changed: number;
  /** The GPU's own time for the pass, from timestamp queries; absent on the CPU or where the adapter has none. */
  readonly gpuMs?: number;
}

/**
 * A backend's half of Lloyd's algorithm: the assignment step and the per-cluster sums.
 * The driver (run.ts) owns the centroid update, empty-cluster rule and stopping rule,
 * so both backends share them exactly.
 */
export interface AssignEngine {
  readonly backend: Backend;
  /** On the CPU, which exact algorithm runs the passes, in words ("kd-tree filtering", "Hamerly"). */
  readonly cpuAlgorithm?: string;
  /** Assign every point to its nearest centroid (k x d, float64) and sum per cluster. */
  assign(centroids: Float64Array): Promise<AssignStats>;
  /** Labels of the last assign() (one byte per point). Reads back from the GPU. */
  labels(): Promise<Uint8Array>;
  /** Free buffers and workers. The engine is unusable afterwards. */
  destroy(): void;
}

/**
 * Restarts the page and the command line run unless told otherwise. One k-means++ start can land
 * a centroid on outliers and merge two real groups (20 000 default customers, init seed 0: inertia
 * 12 581 instead of 6 405); three starts avoided it for every seed tried. The driver's own default
 * stays 1, scikit-learn's for k-means++.
 */
export const DEFAULT_N_INIT = 3;

/**
 * k-means++ seeds a fit from at most this many customers: a seeded uniform sample above it. Over
 * all of 10 M it costs 6 s a start on this project's machine (n x k x its candidates), as much as
 * the whole fit; a million customers place the starts as well.
 */
export const DEFAULT_INIT_SAMPLE = 1_000_000;

export interface KMeansOptions {
  readonly k: number;
  readonly init?: InitMethod | Float64Array;
  readonly nInit?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  readonly seed?: number;
  /**
   * Seed k-means++ (or random) from a seeded uniform sample of at most this many points, then run
   * Lloyd on all of them (default DEFAULT_INIT_SAMPLE; the Choose-k sweep uses far fewer).
   */
  readonly initSample?: number;
  /**
   * Clusters whose centroid never moves (indices into the given `init` rows, before the canonical
   * renumbering): customers are still assigned to them, but the update and the empty-cluster rule
   * leave them where they are. Needs `init` to be given centroids.
   */
  readonly frozen?: readonly number[];
}

/** One Lloyd iteration, as the animation and the HUD see it. */
export interface IterationSnapshot {
  /** Restart index (0-based) when n_init > 1. */
  readonly restart: number;
  readonly iteration: number;
  /** Centroids after this iteration's update (k x d, scaled space, engine numbering). */
  readonly centroids: Float64Array;
  readonly counts: Float64Array;
  /** Inertia of the assignment made in this iteration (against the previous centroids). */
  readonly inertia: number;
  /** Sum of squared centroid moves. */
  readonly shift: number;
  readonly changed: number;
  /** Clusters that were empty and re-seeded from the farthest point. */
  readonly emptyClusters: number;
  /** Wall-clock time of the iteration (assignment, read-back and update). */
  readonly ms: number;
  /** The GPU's time for the assignment pass, from timestamp queries (null where there are none). */
  readonly gpuMs: number | null;
}

export interface KMeansResult {
  readonly backend: Backend;
  readonly k: number;
  readonly n: number;
  readonly d: number;
  /** Canonical numbering: clusters sorted by centroid, first feature then the next. */
  readonly centroids: Float64Array;
  readonly counts: Float64Array;
  readonly labels?: Uint8Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Why the run stopped ('scored': no iterations, customers assigned to a saved model's centroids). */
  readonly stop: 'labels-stable' | 'tol' | 'max-iter' | 'scored';
  /** canonical[j] is the canonical number of engine cluster j (for snapshots). */
  readonly canonical: Uint8Array;
  readonly initialCentroids: Float64Array;
  readonly bestRestart: number;
  readonly emptyClusterEvents: number;
  /** The frozen clusters in the result's (canonical) numbering, ascending; absent when none were asked for. */
  readonly frozen?: number[];
  readonly msTotal: number;
  readonly msPerIteration: number;
  /** Mean GPU time per assignment pass from timestamp queries; null on the CPU or without them. */
  readonly gpuMsPerIteration: number | null;
}
