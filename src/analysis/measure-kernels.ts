import { compileKernel, ensureMemory, instantiateKernel, type WasmMemory } from '../kmeans/cpu/wasm-module.ts';
import { WASM_BASE64 } from '../kmeans/cpu/wasm/measures3-bytes.ts';

/**
 * The sweep's measures for three features in WebAssembly (kmeans/cpu/wasm/measures3.wat): the
 * same bits as the JavaScript loops in silhouette.ts, in about a third of the time. One instance
 * a thread; each call copies its inputs into the kernel's memory and is done before it returns,
 * so measures that take turns on a thread never see each other's data.
 */
interface Measures3Exports {
  readonly memory: WasmMemory;
  centreSum(points: number, labels: number, centroids: number, n: number, k: number, sum: number): number;
  distanceSum(columns: number, m: number, self: number, first: number, stop: number, sum: number): number;
}

let kernel: Measures3Exports | null | undefined;

function measuresKernel(): Measures3Exports | null {
  if (kernel === undefined) {
    const module = compileKernel(WASM_BASE64);
    kernel = module ? instantiateKernel<Measures3Exports>(module) : null;
  }
  return kernel;
}

/** Whether the kernel's memory holds `bytes` (grown if need be); false where the browser refuses: the JavaScript loops serve. */
function grown(wasm: Measures3Exports, bytes: number): boolean {
  try {
    ensureMemory(wasm.memory, bytes);
    return true;
  } catch {
    return false;
  }
}

/** Rows copied into the kernel at a time: 786 kB of points. */
const CENTRE_ROWS = 1 << 16;

/**
 * sum plus the centre-based silhouette of rows start..end-1 (k >= 2, three features), added in
 * row order; null where WebAssembly SIMD is missing.
 */
export function centreSilhouetteSum3Wasm(
  data: Float32Array, labels: Uint8Array, centroids: Float64Array, k: number, start: number, end: number, sum: number,
): number | null {
  const wasm = measuresKernel();
  if (!wasm) return null;
  const rows = Math.min(CENTRE_ROWS, end - start);
  const labelsAt = 12 * rows;
  const centroidsAt = Math.ceil((labelsAt + rows) / 8) * 8;
  if (!grown(wasm, centroidsAt + 24 * k)) return null;
  const { buffer } = wasm.memory;
  new Float64Array(buffer, centroidsAt, 3 * k).set(centroids.subarray(0, 3 * k));
  const points = new Float32Array(buffer, 0, 3 * rows);
  const kept = new Uint8Array(buffer, labelsAt, rows);
  for (let from = start; from < end; from += rows) {
    const to = Math.min(end, from + rows);
    points.set(data.subarray(3 * from, 3 * to));
    kept.set(labels.subarray(from, to));
    sum = wasm.centreSum(0, labelsAt, centroidsAt, to - from, k, sum);
  }
  return sum;
}

/**
 * The sampled silhouette's summed distances for three features: `columns` holds the m grouped
 * points by column (x, then y, then z). Returns a function giving sum plus the distances from
 * point `self` to points first..stop-1, in order, valid until the next call of this function
 * (it copies the points in); null where WebAssembly SIMD is missing.
 */
export function distanceRuns3Wasm(columns: Float64Array, m: number): ((self: number, first: number, stop: number, sum: number) => number) | null {
  const wasm = measuresKernel();
  if (!wasm || !grown(wasm, 24 * m)) return null;
  new Float64Array(wasm.memory.buffer, 0, 3 * m).set(columns.subarray(0, 3 * m));
  return (self, first, stop, sum) => wasm.distanceSum(0, m, self, first, stop, sum);
}
