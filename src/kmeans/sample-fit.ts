import { sampleRows } from '../data/random.ts';
import { gatherRows } from './gather-rows.ts';
import type { AssignEngine, KMeansResult, PointMatrix } from './types.ts';

/** A fit made on a sample, then every customer assigned to its centroids. */
export interface SampledFit {
  /** The fit as if made on every customer: their labels, counts and inertia; the sample's iterations. */
  readonly result: KMeansResult;
  readonly sample: { readonly n: number; readonly inertia: number; readonly seed: number };
}

/** Fit on `sample` customers drawn uniformly (seeded) from `points`, with `fit`. */
export async function fitOnSample(
  points: PointMatrix,
  sample: number,
  seed: number,
  fit: (sampled: PointMatrix) => Promise<KMeansResult>,
  assignAll: (points: PointMatrix, k: number) => AssignEngine,
): Promise<SampledFit> {
  const rows = sampleRows(points.n, sample, seed);
  // In row order: the sample reads the rows as the file lists them, whatever the draw's order.
  rows.sort();
  const fitted = await fit(gatherRows(points, rows));
  // Every customer to its nearest fitted centroid: one assignment pass, ties to the lowest number as in a fit.
  const engine = assignAll(points, fitted.k);
  try {
    const stats = await engine.assign(fitted.centroids);
    const labels = (await engine.labels()).slice();
    return {
      result: { ...fitted, n: points.n, labels, counts: stats.counts, inertia: stats.inertia },
      sample: { n: rows.length, inertia: fitted.inertia, seed },
    };
  } finally {
    engine.destroy();
  }
}
