import { inverseTransformRows, type Scaler } from '../../data/scaler.ts';
import { clusterMeans } from '../../kmeans/cluster-means.ts';
import { checkDbscanOptions } from '../../density/dbscan.ts';
import { condensedNodes, type CondensedNodes } from '../../density/condensed-nodes.ts';
import type { CondensedTreeArrays } from '../../density/hdbscan.ts';
import type { StepRunner } from '../../density/steps.ts';
import { runStepsSliced } from '../../analysis/time-slice.ts';
import { hdbscanOnCores, type DensityHelper } from '../../density/hdbscan-threads.ts';
import { dbscanOnCores, type DbscanHelper } from '../../density/dbscan-threads.ts';
import { NOISE } from '../../density/types.ts';
import { buildDbscanModel, buildHdbscanModel, type DensityModel, type DensityModelInputs } from '../../density/density-model.ts';
import type { PointMatrix } from '../../kmeans/types.ts';
import type { DensityOutcome, DensityStage, FitOutcome, FitRequest, SnapshotListener, SnapshotMessage } from '../../protocol/fit.ts';
import { LIMITS } from '../../protocol/limits.ts';

/** What a density run knows of each customer beyond its label (the hover card says it). */
export interface DensityPerCustomer {
  /** DBSCAN: 1 for a core point. */
  readonly core?: Uint8Array;
  /** HDBSCAN: membership strength and GLOSH outlier score; the condensed tree (a node's customers). */
  readonly probability?: Float32Array;
  readonly outlierScore?: Float32Array;
  readonly condensedTree?: CondensedTreeArrays;
}

/** A density run in the page's terms: labels of one byte with the noise as the last label. */
export interface DensityFit {
  readonly outcome: FitOutcome;
  /** The steps to play, in order, each with its labels (the outcome's numbering). */
  readonly stages: readonly { readonly snapshot: SnapshotMessage; readonly labels: Uint8Array }[];
  readonly perCustomer: DensityPerCustomer;
  /**
   * The run as a model file that scores new customers by its rule (DBSCAN: the nearest core point
   * within eps, so a border point near two clusters may go to the other one than the fit gave it);
   * null for labels that came from a model.
   */
  readonly toModel: ((inputs: DensityModelInputs) => DensityModel) | null;
}

/** Label of a customer not shown in a cluster yet (drawn in the light "not assigned yet" grey). */
const NOT_SHOWN = 255;

/** What the algorithm found, before the page's numbering. */
export interface Found {
  readonly labels: Int32Array;
  readonly clusters: number;
  readonly noise: number;
  readonly ms: number;
  readonly settings: string;
  /** Threads the run took. */
  readonly threads: number;
  readonly corePoints: number | null;
  readonly tree: CondensedNodes | null;
  readonly perCustomer: DensityPerCustomer;
  /** The steps to show, from the page's labels (noise = the last label). */
  readonly stages: (labels: Uint8Array, noiseLabel: number) => [DensityStage, Uint8Array][];
  readonly toModel: DensityFit['toModel'];
}

/** Steps run in 50 ms slices, so that the worker hears a Cancel (the signal) between them. */
const sliced = (signal: AbortSignal): StepRunner => (steps, onProgress) => runStepsSliced(steps, signal, onProgress);

async function runDbscan(points: PointMatrix, request: FitRequest, signal: AbortSignal, onProgress: (share: number) => void, helpers: readonly DbscanHelper[]): Promise<Found> {
  checkDbscanOptions(request.eps, request.minSamples, points.n);
  // Helper workers share the grid where the page is cross-origin isolated (SharedArrayBuffer).
  const { result, threads } = await dbscanOnCores(points, { eps: request.eps, minSamples: request.minSamples }, helpers, sliced(signal), onProgress);
  const { core } = result;
  return {
    ...result, settings: `eps ${request.eps}, min_samples ${request.minSamples}`, perCustomer: { core }, tree: null, threads,
    toModel: (inputs) => buildDbscanModel(inputs, result, { eps: request.eps, minSamples: request.minSamples }),
    stages: (labels, noiseLabel) => [
      ['core', Uint8Array.from(core, (isCore) => (isCore ? NOT_SHOWN : noiseLabel))],
      ['clusters', Uint8Array.from(labels, (label, i) => (core[i] ? label : noiseLabel))],
      ['border', labels.slice()],
    ],
  };
}

async function runHdbscan(points: PointMatrix, request: FitRequest, signal: AbortSignal, onProgress: (share: number) => void, helpers: readonly DensityHelper[]): Promise<Found> {
  const started = performance.now();
  const options = { minClusterSize: request.minClusterSize, minSamples: request.minSamples, clusterSelectionMethod: request.clusterSelection, clusterSelectionEpsilon: request.clusterSelectionEpsilon };
  const { result, threads } = await hdbscanOnCores(points, options, helpers, sliced(signal), signal, onProgress);
  return {
    labels: result.labels, clusters: result.clusters, noise: result.noise, ms: performance.now() - started, corePoints: null, threads,
    settings: `min_cluster_size ${request.minClusterSize}, min_samples ${request.minSamples}, ${request.clusterSelection === 'leaf' ? 'leaf' : 'excess of mass'} selection` +
      (request.clusterSelectionEpsilon > 0 ? `, cluster_selection_epsilon ${request.clusterSelectionEpsilon}` : ''),
    perCustomer: { probability: result.probabilities, outlierScore: result.outlierScores, condensedTree: result.condensedTree },
    tree: condensedNodes(result.condensedTree, points.n, result.selectedClusters),
    // Densest first: each cluster's customers join in falling order of membership (lambda over the cluster's largest).
    stages: (labels, noiseLabel) => {
      const shownFrom = (least: number) => labels.map((label, i) => (label !== noiseLabel && result.probabilities[i]! >= least ? label : NOT_SHOWN));
      return [['dense', shownFrom(0.9)], ['growing', shownFrom(0.5)], ['fringe', shownFrom(0)], ['selected', labels.slice()]];
    },
    toModel: (inputs) => buildHdbscanModel(inputs, result, {
      minClusterSize: request.minClusterSize, minSamples: request.minSamples, clusterSelectionMethod: request.clusterSelection, clusterSelectionEpsilon: request.clusterSelectionEpsilon,
    }),
  };
}

/**
 * A density clustering of the page's customers, pausing now and then to hear a Cancel (the signal). Its clusters keep scikit-learn's numbering (no
 * canonical reordering); the noise becomes label `clusters`, so profiles, filters, selections
 * and exports treat it as one more group named "No segment". More clusters than the page has
 * colours is refused with what to change.
 */
export async function runDensityFit(
  points: PointMatrix, scaler: Scaler, request: FitRequest, signal: AbortSignal, onProgress: (share: number) => void = () => undefined, helpers: readonly (DensityHelper & DbscanHelper)[] = [],
): Promise<DensityFit> {
  const found = await (request.algorithm === 'hdbscan' ? runHdbscan(points, request, signal, onProgress, helpers) : runDbscan(points, request, signal, onProgress, helpers));
  const name = request.algorithm === 'hdbscan' ? 'HDBSCAN' : 'DBSCAN';
  const max = LIMITS.densityClusters.max;
  if (found.clusters > max) {
    const raise = request.algorithm === 'hdbscan' ? 'Raise min_cluster_size' : 'Raise eps or min_samples';
    throw new RangeError(`${name} found ${found.clusters} clusters at ${found.settings}: the page tells at most ${max} apart. ${raise} (the command line lists any number)`);
  }
  const where = found.threads > 1 ? `${found.threads} threads` : 'one thread';
  const cpuEngine = request.algorithm === 'hdbscan' ? `HDBSCAN: kd-tree core distances, Boruvka spanning tree, ${where}` : `DBSCAN on a grid of eps cells, ${where}`;
  return densityRun(found, points, scaler, request.algorithm === 'hdbscan' ? 'hdbscan' : 'dbscan', cpuEngine);
}

/** Found clusters in the page's terms: noise as the last label, the steps to play, the outcome. */
export function densityRun(found: Found, points: PointMatrix, scaler: Scaler, algorithm: DensityOutcome['algorithm'], cpuEngine: string, scored = false): DensityFit {
  const noiseLabel = found.clusters;
  const k = found.clusters + 1;
  const labels = Uint8Array.from(found.labels, (label) => (label === NOISE ? noiseLabel : label));
  const { counts, means } = clusterMeans(points, Int32Array.from(labels), k);
  const steps = found.stages(labels, noiseLabel);
  let previous: Uint8Array | null = null;
  const stages = steps.map(([stage, shown], index) => {
    const stageCounts = new Float64Array(k);
    let changed = 0;
    for (let i = 0; i < shown.length; i++) {
      if (shown[i]! < k) stageCounts[shown[i]!]!++;
      if (!previous || previous[i] !== shown[i]) changed++;
    }
    previous = shown;
    const snapshot: SnapshotMessage = {
      restart: 0, iteration: index + 1, centroids: means, counts: stageCounts, inertia: Number.NaN, shift: Number.NaN,
      changed, emptyClusters: 0, ms: found.ms / steps.length, gpuMs: null, fallbackReason: null, densityStage: stage,
    };
    return { snapshot, labels: shown };
  });
  const density: DensityOutcome = {
    algorithm, settings: found.settings, scored, clusters: found.clusters, noise: found.noise, noiseLabel,
    corePoints: found.corePoints, tree: found.tree,
  };
  const outcome: FitOutcome = {
    result: {
      backend: 'cpu', k, n: points.n, d: points.d, centroids: means, counts, inertia: Number.NaN, iterations: stages.length, converged: true,
      stop: scored ? 'scored' : 'labels-stable', canonical: Uint8Array.from({ length: k }, (_, j) => j), initialCentroids: means, bestRestart: 0,
      emptyClusterEvents: 0, msTotal: found.ms, msPerIteration: found.ms / stages.length, gpuMsPerIteration: null,
    },
    labels,
    centroidsInUnits: inverseTransformRows(means, scaler),
    fallbackReason: null,
    startedFromGiven: false,
    cpuEngine,
    adapter: null,
    density,
    mixture: null,
  };
  return { outcome, stages, perCustomer: found.perCustomer, toModel: found.toModel };
}

/** Plays the steps to the page, one snapshot each (the page paces them like iterations). */
export async function playDensityStages(fit: DensityFit, onSnapshot: SnapshotListener | undefined, signal: AbortSignal): Promise<void> {
  for (const { snapshot, labels } of fit.stages) {
    signal.throwIfAborted();
    await onSnapshot?.(snapshot, 'cpu', labels.slice());
  }
}
