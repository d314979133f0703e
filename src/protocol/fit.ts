import type { BackendChoice, InitMethod, IterationSnapshot, KMeansResult } from '../kmeans/types.ts';

/** The fit capability's slice of the worker protocol: runs, their snapshots, their outcome. */

/** How to cluster: the page's run parameters and a fit request share these fields. */
export interface FitSettings {
  readonly k: number;
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
}

/** A snapshot as the page receives it: the fallback reason travels with it once the GPU is lost. */
export type SnapshotMessage = IterationSnapshot & { readonly fallbackReason: string | null };
export type SnapshotListener = (snapshot: SnapshotMessage, backend: string, labels: Uint8Array | null) => void | Promise<void>;
