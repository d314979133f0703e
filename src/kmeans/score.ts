import { createCpuEngine } from './cpu/engine.ts';
import { pointsForModel, type SegmentModel } from './model.ts';
import type { KMeansResult } from './types.ts';

/**
 * Assign customers to a saved model's segments without refitting: scale them with the
 * model's scaler, then one assignment pass against its centroids. Labels are the model's
 * cluster numbers. Columns are in the model's feature order, business units, no NaN.
 */
export async function scoreWithModel(model: SegmentModel, columns: readonly Float32Array[], n: number) {
  const { scaler, points } = pointsForModel(model, columns, n);
  const engine = createCpuEngine(points, model.k, { workload: 'one pass' });
  const started = performance.now();
  try {
    const centroids = Float64Array.from(model.centroidsScaled.flat());
    const stats = await engine.assign(centroids);
    const ms = performance.now() - started;
    // Reported like a run with no iterations; the model's numbering is kept (label j is its segment j).
    const result: Omit<KMeansResult, 'labels'> = {
      backend: 'cpu', k: model.k, n, d: points.d, centroids, counts: stats.counts, inertia: stats.inertia, iterations: 0,
      converged: true, stop: 'scored', canonical: Uint8Array.from({ length: model.k }, (_, j) => j), initialCentroids: centroids,
      bestRestart: 0, emptyClusterEvents: 0, msTotal: ms, msPerIteration: ms, gpuMsPerIteration: null,
    };
    return { points, scaler, labels: (await engine.labels()).slice(), counts: stats.counts, inertia: stats.inertia, result };
  } finally {
    engine.destroy();
  }
}
