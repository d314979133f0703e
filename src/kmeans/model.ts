import type { Scaler } from '../data/scaler.ts';
import { APP_NAME, APP_VERSION } from '../version.ts';
import type { Backend, KMeansResult } from './types.ts';

/** A fitted segmentation, saved as JSON: enough to score new customers without refitting. */
export interface SegmentModel {
  readonly format: 'kmeans-segmentation-model';
  readonly formatVersion: 1;
  readonly app: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  readonly features: readonly string[];
  readonly scaled: boolean;
  readonly scaler: { readonly mean: readonly number[]; readonly scale: readonly number[] };
  readonly k: number;
  readonly params: {
    readonly init: string;
    readonly nInit: number;
    readonly maxIter: number;
    readonly tol: number;
    readonly seed: number;
  };
  /** k rows in the input's units. */
  readonly centroids: readonly (readonly number[])[];
  /** k rows in the space the engine clustered in. */
  readonly centroidsScaled: readonly (readonly number[])[];
  readonly segmentNames: readonly string[];
  readonly metrics: {
    readonly n: number;
    readonly inertia: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly counts: readonly number[];
    readonly backend: Backend;
  };
}

export interface ModelInputs {
  readonly features: readonly string[];
  readonly scaled: boolean;
  readonly scaler: Scaler;
  readonly result: KMeansResult;
  readonly centroidsInUnits: Float64Array;
  readonly segmentNames: readonly string[];
  readonly params: SegmentModel['params'];
}

export function buildModel(inputs: ModelInputs): SegmentModel {
  const { result } = inputs;
  const d = inputs.features.length;
  const rows = (flat: Float64Array) => Array.from({ length: result.k }, (_, j) => Array.from(flat.subarray(j * d, j * d + d)));
  return {
    format: 'kmeans-segmentation-model',
    formatVersion: 1,
    app: { name: APP_NAME, version: APP_VERSION },
    createdAt: new Date().toISOString(),
    features: inputs.features,
    scaled: inputs.scaled,
    scaler: { mean: Array.from(inputs.scaler.mean), scale: Array.from(inputs.scaler.scale) },
    k: result.k,
    params: inputs.params,
    centroids: rows(inputs.centroidsInUnits),
    centroidsScaled: rows(result.centroids),
    segmentNames: inputs.segmentNames,
    metrics: {
      n: result.n,
      inertia: result.inertia,
      iterations: result.iterations,
      converged: result.converged,
      counts: Array.from(result.counts),
      backend: result.backend,
    },
  };
}
