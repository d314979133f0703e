import { findColumn } from '../data/cells.ts';
import { transformInterleaved, type Scaler } from '../data/scaler.ts';
import { APP_NAME, APP_VERSION } from '../version.ts';
import type { Backend, KMeansResult, PointMatrix } from './types.ts';

/** A fitted segmentation, saved as JSON: enough to score new customers without refitting. */
export interface SegmentModel {
  readonly format: 'kmeans-segmentation-model';
  readonly formatVersion: 1;
  readonly app: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  /** Where a model fitted elsewhere came from ("BigQuery ML.CENTROIDS (centroids.csv)"); absent for the workbench's own fits. */
  readonly source?: string;
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
    /** Clusters (model numbering) whose centroids were frozen during the fit; absent in older models. */
    readonly frozen?: readonly number[];
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

/** What every model file (KMeans or density) says after its format: what wrote it, when, on which features, scaled how. */
export function modelStamp(features: readonly string[], scaled: boolean, scaler: Scaler) {
  return {
    app: { name: APP_NAME, version: APP_VERSION },
    createdAt: new Date().toISOString(),
    features,
    scaled,
    scaler: { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) },
  };
}

/** Customers (columns in the model's feature order, business units) scaled as the model scales them. */
export function pointsForModel(model: Pick<SegmentModel, 'features' | 'scaler'>, columns: readonly Float32Array[], n: number): { scaler: Scaler; points: PointMatrix } {
  const scaler = { mean: Float64Array.from(model.scaler.mean), scale: Float64Array.from(model.scaler.scale) };
  return { scaler, points: { data: transformInterleaved(columns, n, scaler), n, d: model.features.length } };
}

export function buildModel(inputs: ModelInputs): SegmentModel {
  const { result } = inputs;
  const d = inputs.features.length;
  const rows = (flat: Float64Array) => Array.from({ length: result.k }, (_, j) => Array.from(flat.subarray(j * d, j * d + d)));
  return {
    format: 'kmeans-segmentation-model',
    formatVersion: 1,
    ...modelStamp(inputs.features, inputs.scaled, inputs.scaler),
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

/** Read a model file's text; any problem becomes one sentence naming the file and the field. */
export function parseModel(text: string, file: string): SegmentModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`${file}: not valid JSON (${error instanceof Error ? error.message : error})`, { cause: error });
  }
  const model = value as Partial<SegmentModel>;
  if (model?.format !== 'kmeans-segmentation-model') throw new RangeError(`${file}: not a segmentation model (no "format": "kmeans-segmentation-model")`);
  if (model.formatVersion !== 1) throw new RangeError(`${file}: model format version ${model.formatVersion} is not supported (expected 1)`);
  const d = Array.isArray(model.features) ? model.features.length : 0;
  if (d < 1 || !model.features!.every((f) => typeof f === 'string')) throw new RangeError(`${file}: "features" must list the feature names`);
  const k = model.k;
  if (!Number.isInteger(k) || k! < 1) throw new RangeError(`${file}: "k" must be a whole number >= 1, got ${k}`);
  const numbers = (name: string, rows: unknown, count: number, width: number) => {
    const ok = Array.isArray(rows) && rows.length === count &&
      rows.every((row) => Array.isArray(row) && row.length === width && row.every((v) => typeof v === 'number' && Number.isFinite(v)));
    if (!ok) throw new RangeError(`${file}: "${name}" must hold ${count} rows of ${width} finite numbers`);
  };
  numbers('centroidsScaled', model.centroidsScaled, k!, d);
  numbers('centroids', model.centroids, k!, d);
  numbers('scaler', [model.scaler?.mean, model.scaler?.scale], 2, d);
  if (!model.scaler!.scale.every((s) => s > 0)) throw new RangeError(`${file}: every scaler scale must be > 0`);
  if (!Array.isArray(model.segmentNames) || model.segmentNames.length !== k) throw new RangeError(`${file}: "segmentNames" must hold ${k} names`);
  const frozen: unknown = model.params?.frozen;
  if (frozen !== undefined && !(Array.isArray(frozen) && frozen.every((j) => Number.isInteger(j) && j >= 0 && j < k!))) {
    throw new RangeError(`${file}: "params.frozen" must list clusters from 0 to ${k! - 1}`);
  }
  return model as SegmentModel;
}

/**
 * Where each of the model's features sits among `featureNames` (forgiving case and spacing);
 * throws one sentence naming the features the customers lack.
 */
export function alignFeatures(model: Pick<SegmentModel, 'features'>, featureNames: readonly string[]): number[] {
  const order = model.features.map((name) => findColumn(featureNames, name));
  const absent = model.features.filter((_, i) => order[i]! < 0);
  if (absent.length > 0) {
    const list = (names: readonly string[]) => names.map((a) => `"${a}"`).join(', ');
    throw new RangeError(`the model needs ${list(absent)}; the customers have ${list(featureNames)}`);
  }
  return order;
}

/** The model's centroids (business units) in the order of `featureNames`, k x d. */
export function centroidsFor(model: SegmentModel, featureNames: readonly string[]): Float64Array {
  if (featureNames.length !== model.features.length) {
    throw new RangeError(`the model has ${model.features.length} features; the customers are clustered on ${featureNames.length}`);
  }
  const order = alignFeatures(model, featureNames);
  const d = featureNames.length;
  const out = new Float64Array(model.k * d);
  model.centroids.forEach((row, j) => row.forEach((value, f) => (out[j * d + order[f]!] = value)));
  return out;
}
