import type { SavedModel } from '../../density/saved-model.ts';
import type { RunParams } from '../../page-state/run-params.ts';

/** A loaded model in one line: what it is, what it was fitted on. */
export function describeModel(saved: SavedModel): string {
  const { model } = saved;
  const features = `on ${model.features.join(', ')}`;
  if (saved.kind === 'kmeans') {
    const kmeans = saved.model;
    const origin = kmeans.source
      ? `imported from ${kmeans.source}${kmeans.scaled ? '' : ', distances in the input\'s units'}`
      : `fitted on ${kmeans.metrics.n.toLocaleString('en-US')} customers (inertia ${kmeans.metrics.inertia.toPrecision(7)})`;
    return `KMeans, k = ${kmeans.k} ${features}; ${origin}`;
  }
  const density = saved.model;
  const fitted = `fitted on ${density.metrics.n.toLocaleString('en-US')} customers, ${density.metrics.noise.toLocaleString('en-US')} of them in no cluster`;
  const rule = density.algorithm === 'dbscan'
    ? `DBSCAN, eps ${density.params.eps}, min_samples ${density.params.minSamples}: scores by the nearest core point within eps`
    : `HDBSCAN, min_cluster_size ${density.params.minClusterSize}: scores by approximate predict`;
  return `${rule}; ${density.clusters} clusters ${features}; ${fitted}`;
}

/** The panel's settings a scored model stands for: its algorithm and, for a density model, its parameters. */
export function modelSettings(saved: SavedModel): Partial<RunParams> {
  if (saved.kind === 'kmeans') return { algorithm: 'kmeans' };
  const { params } = saved.model;
  return saved.model.algorithm === 'dbscan'
    ? { algorithm: 'dbscan', eps: saved.model.params.eps, minSamples: params.minSamples }
    : { algorithm: 'hdbscan', minClusterSize: saved.model.params.minClusterSize, minSamples: params.minSamples, clusterSelection: saved.model.params.clusterSelectionMethod, clusterSelectionEpsilon: saved.model.params.clusterSelectionEpsilon };
}

/** Whether a kept model is the fit the run parameters describe (a newer run may have started before the work was kept). */
export function sameRun(model: { k: number; params: { init: string; nInit: number; maxIter: number; tol: number; seed: number } }, run: RunParams): boolean {
  const { params } = model;
  return run.algorithm === 'kmeans' && model.k === run.k && params.init === run.init && params.nInit === run.nInit
    && params.maxIter === run.maxIter && params.tol === run.tol && params.seed === run.initSeed;
}
