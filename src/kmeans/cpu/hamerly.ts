import type { AssignEngine, AssignStats, PointMatrix } from '../types.ts';
import { centroidDrift, halfGapToNearestCentroid } from './bounds.ts';
import { assignRows, type PassState } from './assign-rows.ts';
import { assignRows3 } from './assign-rows3.ts';
import { createSlicedEngine, type SliceFactory } from './sliced.ts';

/**
 * The CPU engine: Hamerly's passes over slices of SLICE_ROWS customers. By default the slices
 * run here, one after another; the page hands them to a pool of workers (same results, bit for bit).
 */
export function createCpuEngine(points: PointMatrix, k: number, makeSlice?: SliceFactory): AssignEngine {
  return createSlicedEngine(points, k, makeSlice ?? ((slice) => createHamerlyEngine(slice, k)));
}

/**
 * The CPU assignment engine: exact Lloyd assignments accelerated with Hamerly's bounds.
 * Each point keeps a lower bound on its distance to the second-nearest centroid; when the
 * distance to its own centroid is below that bound (or half the gap to the nearest other
 * centroid), no other centroid can be closer and the k-way scan is skipped. The labels are
 * the ones a full scan gives: ties go to the lower cluster index either way.
 */
export function createHamerlyEngine(points: PointMatrix, k: number): AssignEngine {
  const { n, d } = points;
  const labels = new Uint8Array(n);
  const lower = new Float32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let previous: Float64Array | null = null;
  let destroyed = false;
  // Three features is the customer table's shape: an unrolled kernel is about 3x faster.
  const kernel = d === 3 ? assignRows3 : assignRows;

  function assign(centroids: Float64Array): AssignStats {
    if (destroyed) throw new Error('CPU engine used after destroy()');
    const drift = centroidDrift(previous, centroids, k, d);
    const state: PassState = {
      data: points.data, n, d, k, centroids, labels, lower,
      halfGap: halfGapToNearestCentroid(centroids, k, d),
      firstPass: previous === null,
      maxDrift: drift.maxDrift,
      maxDriftCluster: drift.maxDriftCluster,
      secondDrift: drift.secondDrift,
      sums,
      counts,
    };
    const { inertia, changed } = kernel(state);
    previous = Float64Array.from(centroids);

    const deltaSums = new Float64Array(k * d);
    for (let j = 0; j < k; j++) {
      for (let f = 0; f < d; f++) deltaSums[j * d + f] = sums[j * d + f]! - counts[j]! * centroids[j * d + f]!;
    }
    return { deltaSums, counts: Float64Array.from(counts), inertia, changed };
  }

  return {
    backend: 'cpu',
    assign: async (centroids) => assign(centroids),
    labels: async () => labels,
    destroy() {
      destroyed = true;
      previous = null;
    },
  };
}
