import type { PointMatrix } from '../kmeans/types.ts';

/** Customers and the mean of the features in each cluster of a labelling with noise (-1 ignored). */
export function clusterMeans(points: PointMatrix, labels: ArrayLike<number>, clusters: number): { counts: Float64Array; means: Float64Array } {
  const { data, n, d } = points;
  const counts = new Float64Array(clusters);
  const means = new Float64Array(clusters * d);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (label < 0) continue;
    counts[label]!++;
    for (let f = 0; f < d; f++) means[label * d + f]! += data[i * d + f]!;
  }
  for (let j = 0; j < clusters; j++) for (let f = 0; f < d; f++) means[j * d + f]! /= counts[j]! || 1;
  return { counts, means };
}
