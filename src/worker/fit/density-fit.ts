import { inverseTransformRows } from '../../data/scaler.ts';
import { clusterMeans } from '../../density/cluster-means.ts';
import { dbscan, checkDbscanOptions } from '../../density/dbscan.ts';
import { NOISE } from '../../density/types.ts';
import type { PointMatrix } from '../../kmeans/types.ts';
import type { DensityStage, FitOutcome, FitRequest, SnapshotListener, SnapshotMessage } from '../../protocol/fit.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { Scaler } from '../../data/scaler.ts';

/** A density run in the page's terms: labels of one byte with the noise as the last label. */
export interface DensityFit {
  readonly outcome: FitOutcome;
  /** The stages to play, in order, each with its labels (same numbering as the outcome). */
  readonly stages: readonly { readonly stage: DensityStage; readonly snapshot: SnapshotMessage; readonly labels: Uint8Array }[];
}

/** Label of a core point not yet shown in its cluster (drawn in the neutral "not assigned yet" grey). */
const NOT_SHOWN = 255;

/**
 * DBSCAN on the page's customers. Its clusters keep scikit-learn's numbering (no canonical
 * reordering); the noise becomes label `clusters`, so profiles, filters, selections and exports
 * treat it as one more group named "No segment". More clusters than the page has colours is
 * refused with what to change.
 */
export function runDensityFit(points: PointMatrix, scaler: Scaler, request: FitRequest): DensityFit {
  checkDbscanOptions(request.eps, request.minSamples, points.n);
  let core: Uint8Array | null = null;
  const result = dbscan(points, {
    eps: request.eps, minSamples: request.minSamples,
    onStage: (stage) => {
      if (stage.phase === 'core') core = Uint8Array.from(stage.labels, (label) => (label === NOISE ? 0 : 1));
    },
  });
  const clusters = result.clusters;
  const max = LIMITS.densityClusters.max;
  if (clusters > max) {
    throw new RangeError(
      `DBSCAN found ${clusters} clusters at eps ${request.eps} and min_samples ${request.minSamples}: the page tells at most ${max} apart. ` +
        'Raise eps or min_samples (the command line lists any number)',
    );
  }
  const noiseLabel = clusters;
  const k = clusters + 1;
  const labels = Uint8Array.from(result.labels, (label) => (label === NOISE ? noiseLabel : label));
  const { counts, means } = clusterMeans(points, Int32Array.from(labels), k);
  const centroidsInUnits = inverseTransformRows(means, scaler);

  const stageLabels: [DensityStage, Uint8Array][] = [
    ['core', Uint8Array.from(core!, (isCore) => (isCore ? NOT_SHOWN : noiseLabel))],
    ['clusters', Uint8Array.from(labels, (label, i) => (result.core[i] ? label : noiseLabel))],
    ['border', labels.slice()],
  ];
  let previous: Uint8Array | null = null;
  const stages = stageLabels.map(([stage, shown], index) => {
    const stageCounts = new Float64Array(k);
    let changed = 0;
    for (let i = 0; i < shown.length; i++) {
      if (shown[i]! < k) stageCounts[shown[i]!]!++;
      if (previous && previous[i] !== shown[i]) changed++;
    }
    previous = shown;
    const snapshot: SnapshotMessage = {
      restart: 0, iteration: index + 1, centroids: means, counts: stageCounts, inertia: Number.NaN, shift: Number.NaN,
      changed: index === 0 ? points.n : changed, emptyClusters: 0, ms: result.ms / 3, gpuMs: null, fallbackReason: null, densityStage: stage,
    };
    return { stage, snapshot, labels: shown };
  });

  const outcome: FitOutcome = {
    result: {
      backend: 'cpu', k, n: points.n, d: points.d, centroids: means, counts, inertia: Number.NaN, iterations: stages.length, converged: true,
      stop: 'labels-stable', canonical: Uint8Array.from({ length: k }, (_, j) => j), initialCentroids: means, bestRestart: 0,
      emptyClusterEvents: 0, msTotal: result.ms, msPerIteration: result.ms / stages.length, gpuMsPerIteration: null,
    },
    labels,
    centroidsInUnits,
    fallbackReason: null,
    startedFromGiven: false,
    cpuEngine: 'DBSCAN on a grid of eps cells, one thread',
    adapter: null,
    density: { algorithm: 'dbscan', eps: request.eps, minSamples: request.minSamples, clusters, noise: result.noise, noiseLabel, corePoints: result.corePoints },
  };
  return { outcome, stages };
}

/** Plays the stages to the page, one snapshot each (the page paces them like iterations). */
export async function playDensityStages(fit: DensityFit, onSnapshot: SnapshotListener | undefined, signal: AbortSignal): Promise<void> {
  for (const { snapshot, labels } of fit.stages) {
    signal.throwIfAborted();
    await onSnapshot?.(snapshot, 'cpu', labels.slice());
  }
}
