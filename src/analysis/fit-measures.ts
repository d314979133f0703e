import type { PointMatrix } from '../kmeans/types.ts';
import { calinskiHarabaszOf, ClusterDispersion, daviesBouldinOf } from './indices.ts';
import { centreSilhouetteSum } from './silhouette.ts';

/** What the table of k reads off each k's best fit, over every customer. */
export interface FitMeasures {
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
  /** Mean centre-based silhouette; NaN for k = 1. */
  readonly centreSilhouette: number;
}

/** Rows per slice: a few milliseconds of work at k = 10. */
const MEASURE_ROWS = 1 << 15;

/**
 * Calinski-Harabasz, Davies-Bouldin and the centre-based silhouette of one fit, in two passes
 * over the points (cluster means, then deviations and centre distances) cut into slices, with
 * `between` awaited after each: the sweep measures one k while the next k's passes run on
 * helper threads, and their replies must not wait for a whole million-customer pass.
 */
export async function measureFit(
  points: PointMatrix,
  labels: Uint8Array,
  centroids: Float64Array,
  k: number,
  between: () => Promise<void>,
): Promise<FitMeasures> {
  const { n } = points;
  const dispersion = new ClusterDispersion(points, labels, k);
  for (let start = 0; start < n; start += MEASURE_ROWS) {
    dispersion.addToMeans(start, Math.min(n, start + MEASURE_ROWS));
    await between();
  }
  dispersion.finishMeans();
  let silhouetteSum = 0;
  for (let start = 0; start < n; start += MEASURE_ROWS) {
    const end = Math.min(n, start + MEASURE_ROWS);
    dispersion.addDeviations(start, end);
    if (k > 1) silhouetteSum += centreSilhouetteSum(points, labels, centroids, k, start, end);
    await between();
  }
  return {
    calinskiHarabasz: calinskiHarabaszOf(dispersion, n),
    daviesBouldin: daviesBouldinOf(dispersion, n),
    centreSilhouette: k > 1 && n > 0 ? silhouetteSum / n : Number.NaN,
  };
}
