import { sampleRows } from '../data/random.ts';
import { hdbscan } from '../density/hdbscan.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { silhouette } from './silhouette.ts';

/** One min_cluster_size of the sweep: what HDBSCAN made of the customers with it. */
export interface MinClusterSizeRow {
  /** As the analyst gave it (customers of the whole data). */
  readonly minClusterSize: number;
  /** As it ran on the sample (scaled by the sample's share; at least 2). */
  readonly onSample: number;
  readonly clusters: number;
  readonly noiseShare: number;
  /** Mean silhouette of the customers in a cluster (noise left out); NaN under two clusters. */
  readonly silhouette: number;
  readonly ms: number;
}

export interface MinClusterSizeSweep {
  readonly rows: readonly MinClusterSizeRow[];
  /** Customers the sweep ran on (all of them, or a seeded sample). */
  readonly sampled: number;
  readonly n: number;
  readonly minSamples: number;
}

/**
 * HDBSCAN for each min_cluster_size on a seeded sample of the customers (all of them up to
 * `sample`): the number of clusters, the share left as noise and the silhouette of the rest, the
 * measures analysts read to pick min_cluster_size. On a sample, each size is scaled by the
 * sample's share, so a row describes what that size means on all the customers.
 */
export function sweepMinClusterSize(points: PointMatrix, sizes: readonly number[], minSamples: number, sample: number, seed: number): MinClusterSizeSweep {
  const rowsOfSample = sampleRows(points.n, Math.min(sample, points.n), seed);
  const m = rowsOfSample.length;
  const data = new Float32Array(m * points.d);
  rowsOfSample.forEach((row, i) => data.set(points.data.subarray(row * points.d, (row + 1) * points.d), i * points.d));
  const sub: PointMatrix = { data, n: m, d: points.d };
  const share = m / points.n;
  const rows = sizes.map((minClusterSize) => {
    const started = performance.now();
    const onSample = Math.max(2, Math.round(minClusterSize * share));
    const result = hdbscan(sub, { minClusterSize: Math.min(onSample, m), minSamples: Math.min(minSamples, m) });
    return { minClusterSize, onSample, clusters: result.clusters, noiseShare: result.noise / m, silhouette: clusteredSilhouette(sub, result.labels, result.clusters), ms: performance.now() - started };
  });
  return { rows, sampled: m, n: points.n, minSamples };
}

/** The silhouette of the customers in a cluster, noise left out (at most 255 clusters). */
function clusteredSilhouette(points: PointMatrix, labels: Int32Array, clusters: number): number {
  if (clusters < 2 || clusters > 255) return Number.NaN;
  const kept = Uint32Array.from(labels.keys()).filter((i) => labels[i]! >= 0);
  const byte = Uint8Array.from(labels, (label) => Math.max(0, label));
  return silhouette(points, byte, clusters, kept).mean;
}
