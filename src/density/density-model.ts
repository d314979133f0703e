/**
 * A saved density clustering (DBSCAN or HDBSCAN): what scoring a new customer needs, in JSON.
 *
 * DBSCAN keeps its core points and their clusters: a new customer takes the cluster of its
 * nearest core point within eps (ties to the lowest-numbered core point), else it is noise.
 * HDBSCAN keeps what the hdbscan library's approximate_predict reads: every fitted customer with
 * its core distance and the condensed-tree cluster it fell out of (and at which lambda), and the
 * condensed tree's clusters. Points are the scaled float32 features, written as the shortest
 * decimal that reads back as the same float32. Lambdas can be infinite (customers at distance
 * 0); JSON has no infinity, so they are written as null.
 */
import type { Scaler } from '../data/scaler.ts';
import { modelStamp } from '../kmeans/model.ts';
import type { DbscanResult } from './dbscan.ts';
import type { HdbscanResult } from './hdbscan.ts';
import { NOISE } from './types.ts';

export const DENSITY_MODEL_FORMAT = 'density-segmentation-model';

interface DensityModelCommon {
  readonly format: typeof DENSITY_MODEL_FORMAT;
  readonly formatVersion: 1;
  readonly app: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  readonly features: readonly string[];
  readonly scaled: boolean;
  readonly scaler: { readonly mean: readonly number[]; readonly scale: readonly number[] };
  /** Clusters found; labels run 0 .. clusters - 1, noise is -1. */
  readonly clusters: number;
  readonly segmentNames: readonly string[];
  readonly metrics: { readonly n: number; readonly noise: number; readonly counts: readonly number[] };
}

export interface DbscanModel extends DensityModelCommon {
  readonly algorithm: 'dbscan';
  readonly params: { readonly eps: number; readonly minSamples: number };
  /** Core points, row-major (cores x d), in the order of the fitted customers. */
  readonly corePoints: readonly number[];
  /** The cluster of each core point. */
  readonly coreClusters: readonly number[];
}

export interface HdbscanModel extends DensityModelCommon {
  readonly algorithm: 'hdbscan';
  readonly params: {
    readonly minClusterSize: number;
    readonly minSamples: number;
    readonly clusterSelectionMethod: 'eom' | 'leaf';
    readonly clusterSelectionEpsilon: number;
  };
  /** Every fitted customer, row-major (n x d). */
  readonly points: readonly number[];
  readonly coreDistances: readonly number[];
  /** Per customer: the condensed-tree node it fell out of (0 is the root) and the lambda it fell out at. */
  readonly pointNode: readonly number[];
  readonly pointLambda: readonly (number | null)[];
  /** Per condensed-tree node: its parent (-1 for the root) and the lambda it was born at. */
  readonly nodeParent: readonly number[];
  readonly nodeLambda: readonly (number | null)[];
  /** Per node: the label of the selected cluster it lies in (itself or an ancestor), else -1. */
  readonly nodeLabel: readonly number[];
  /** Per node: the largest lambda seen directly in that selected cluster (probabilities are lambda / this). */
  readonly nodeMaxLambda: readonly (number | null)[];
}

export type DensityModel = DbscanModel | HdbscanModel;

/** What both model kinds are built from. */
export interface DensityModelInputs {
  readonly features: readonly string[];
  readonly scaled: boolean;
  readonly scaler: Scaler;
  /** The scaled points the algorithm clustered (n x d). */
  readonly data: Float32Array;
  readonly segmentNames: readonly string[];
  readonly counts: ArrayLike<number>;
}

/** The shortest decimal that reads back (through Math.fround) as the same float32. */
export function float32Text(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return short;
  }
  return Number(value.toPrecision(9));
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Numbers a model file may hold: about 12 characters each keeps its JSON under 250 MB, text a reader can still take in one piece. */
export const MAX_MODEL_NUMBERS = 20_000_000;

/** Refuse, before building it, a model too big to write and read back as one JSON text. */
function checkModelSize(numbers: number, what: string): void {
  if (numbers <= MAX_MODEL_NUMBERS) return;
  throw new RangeError(`the model would hold ${what} (${(numbers / 1e6).toFixed(0)} M numbers, about ${Math.round((numbers * 12) / 1e6)} MB of JSON), ` +
    `more than a model file holds (${MAX_MODEL_NUMBERS / 1e6} M numbers): fit on a sample of the customers, or save the segmented rows (--out) instead`);
}

function common(inputs: DensityModelInputs, n: number, clusters: number, noise: number): DensityModelCommon {
  return {
    format: DENSITY_MODEL_FORMAT,
    formatVersion: 1,
    ...modelStamp(inputs.features, inputs.scaled, inputs.scaler),
    clusters,
    segmentNames: inputs.segmentNames,
    metrics: { n, noise, counts: Array.from(inputs.counts) },
  };
}

export function buildDbscanModel(inputs: DensityModelInputs, result: Pick<DbscanResult, 'labels' | 'core' | 'clusters' | 'noise'>, params: DbscanModel['params']): DbscanModel {
  const d = inputs.features.length;
  const n = result.labels.length;
  let cores = 0;
  for (let i = 0; i < n; i++) cores += result.core[i] === 1 ? 1 : 0;
  checkModelSize(cores * (d + 1), `${cores.toLocaleString('en-US')} core points`);
  const corePoints: number[] = [];
  const coreClusters: number[] = [];
  for (let i = 0; i < n; i++) {
    if (result.core[i] !== 1) continue;
    for (let f = 0; f < d; f++) corePoints.push(float32Text(inputs.data[i * d + f]!));
    coreClusters.push(result.labels[i]!);
  }
  return { ...common(inputs, n, result.clusters, result.noise), algorithm: 'dbscan', params, corePoints, coreClusters };
}

type HdbscanFacts = Pick<HdbscanResult, 'labels' | 'clusters' | 'noise' | 'coreDistances' | 'condensedTree' | 'selectedClusters'>;

export function buildHdbscanModel(inputs: DensityModelInputs, result: HdbscanFacts, params: HdbscanModel['params']): HdbscanModel {
  const n = result.labels.length;
  checkModelSize(n * (inputs.features.length + 3), `all ${n.toLocaleString('en-US')} fitted customers (approximate predict needs them)`);
  const { parent, child, lambda, childSize } = result.condensedTree;
  let nodes = 1;
  for (let r = 0; r < parent.length; r++) if (childSize[r]! > 1) nodes++;
  const pointNode = new Array<number>(n).fill(0);
  const pointLambda = new Array<number | null>(n).fill(null);
  const nodeParent = new Array<number>(nodes).fill(-1);
  const nodeLambda = new Array<number | null>(nodes).fill(null);
  // The largest lambda of any row directly under each node (points and child clusters alike).
  const directMax = new Float64Array(nodes).fill(-Infinity);
  for (let r = 0; r < parent.length; r++) {
    const node = parent[r]! - n;
    if (lambda[r]! > directMax[node]!) directMax[node] = lambda[r]!;
    if (childSize[r]! > 1) {
      nodeParent[child[r]! - n] = node;
      nodeLambda[child[r]! - n] = finiteOrNull(lambda[r]!);
    } else {
      pointNode[child[r]!] = node;
      pointLambda[child[r]!] = finiteOrNull(lambda[r]!);
    }
  }
  // A selected cluster's label and largest lambda reach every cluster below it. Children are
  // numbered after their parents, so one pass in node order carries them down.
  const nodeLabel = new Array<number>(nodes).fill(NOISE);
  const maxLambda = new Float64Array(nodes);
  result.selectedClusters.forEach((cluster, label) => {
    nodeLabel[cluster - n] = label;
    maxLambda[cluster - n] = directMax[cluster - n]!;
  });
  for (let node = 1; node < nodes; node++) {
    const up = nodeParent[node]!;
    if (nodeLabel[node] === NOISE && nodeLabel[up] !== NOISE) {
      nodeLabel[node] = nodeLabel[up]!;
      maxLambda[node] = maxLambda[up]!;
    }
  }
  const d = inputs.features.length;
  const points = Array.from(inputs.data.subarray(0, n * d), float32Text);
  return {
    ...common(inputs, n, result.clusters, result.noise),
    algorithm: 'hdbscan',
    params,
    points,
    coreDistances: Array.from(result.coreDistances),
    pointNode,
    pointLambda,
    nodeParent,
    nodeLambda,
    nodeLabel,
    nodeMaxLambda: Array.from(maxLambda, finiteOrNull),
  };
}
