import type { AssignEngine, AssignStats, PointMatrix } from '../types.ts';
import { centroidDrift, halfGapToNearestCentroid } from './bounds.ts';
import { assignRows, type PassState, type PassStorage } from './assign-rows.ts';
import { assignRows3 } from './assign-rows3.ts';
import { createSlicedEngine, type SliceFactory } from './sliced.ts';
import { inSharedMemory } from './shared-memory.ts';
import { createWasmPass3, wasmKernelAvailable } from './wasm-pass3.ts';

/** Which code runs the passes: WebAssembly where it can (three features), else JavaScript. */
export type CpuKernel = 'auto' | 'javascript';

/** The code that runs the passes for d features here, in words (run summary, HUD). */
export function cpuKernelName(d: number): string {
  return d === 3 && wasmKernelAvailable() ? 'WebAssembly SIMD' : 'JavaScript';
}

/**
 * Hamerly's passes over slices of SLICE_ROWS customers. By default the slices run here, one after
 * another; the page hands them to a pool of workers (same results, bit for bit).
 */
export function createHamerlySlices(points: PointMatrix, k: number, makeSlice?: SliceFactory): AssignEngine {
  return createSlicedEngine(points, k, makeSlice ?? ((slice) => createHamerlyEngine(slice, k)));
}

/**
 * The CPU assignment engine: exact Lloyd assignments accelerated with Hamerly's bounds.
 * Each point keeps a lower bound on its distance to the second-nearest centroid; when the
 * distance to its own centroid is below that bound (or half the gap to the nearest other
 * centroid), no other centroid can be closer and the k-way scan is skipped. The labels are
 * the ones a full scan gives: ties go to the lower cluster index either way.
 * With three features the passes run in WebAssembly SIMD (wasm/hamerly3.wat), about twice as
 * fast and identical bit for bit; `kernel: 'javascript'` forces the JavaScript passes.
 */
export function createHamerlyEngine(points: PointMatrix, k: number, kernel: CpuKernel = 'auto'): AssignEngine {
  const { n, d } = points;
  // Points in shared memory (the command line's largest inputs) stay there: the WebAssembly kernel
  // would copy them into its own memory, 12 more bytes a customer.
  const storage = (kernel === 'auto' && !inSharedMemory(points.data) ? createWasmPass3(points, k) : null) ?? javascriptPass(points, k);
  // The engine keeps the storage's points, not the caller's: a worker can drop its copy.
  const { data, labels, lower, sums, counts } = storage;
  let previous: Float64Array | null = null;
  let destroyed = false;

  function assign(centroids: Float64Array): AssignStats {
    if (destroyed) throw new Error('CPU engine used after destroy()');
    const drift = centroidDrift(previous, centroids, k, d);
    const state: PassState = {
      data, n, d, k, centroids, labels, lower,
      halfGap: halfGapToNearestCentroid(centroids, k, d),
      firstPass: previous === null,
      maxDrift: drift.maxDrift,
      maxDriftCluster: drift.maxDriftCluster,
      secondDrift: drift.secondDrift,
      sums,
      counts,
    };
    const { inertia, changed } = storage.run(state);
    previous = Float64Array.from(centroids);

    const deltaSums = new Float64Array(k * d);
    for (let j = 0; j < k; j++) {
      for (let f = 0; f < d; f++) deltaSums[j * d + f] = sums[j * d + f]! - counts[j]! * centroids[j * d + f]!;
    }
    return { deltaSums, counts: Float64Array.from(counts), inertia, changed };
  }

  return {
    backend: 'cpu',
    cpuAlgorithm: 'Hamerly',
    assign: async (centroids) => assign(centroids),
    labels: async () => labels,
    destroy() {
      destroyed = true;
      previous = null;
    },
  };
}

/** The passes in JavaScript, on arrays of their own: any number of features. */
function javascriptPass(points: PointMatrix, k: number): PassStorage {
  const { n, d } = points;
  return {
    data: points.data,
    labels: new Uint8Array(n),
    lower: new Float32Array(n),
    sums: new Float64Array(k * d),
    counts: new Float64Array(k),
    // Three features is the customer table's shape: an unrolled kernel is about 3x faster.
    run: d === 3 ? assignRows3 : assignRows,
  };
}
