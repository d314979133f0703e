import type { PointMatrix } from '../types.ts';
import type { PassResult, PassState, PassStorage } from './assign-rows.ts';
import { LOWER_BOUND_SHRINK, SKIP_MARGIN } from './bounds.ts';
import { WASM_BASE64 } from './wasm/hamerly3-bytes.ts';
import { compileKernel, ensureMemory, instantiateKernel, type WasmMemory, type WasmModule } from './wasm-module.ts';

interface Hamerly3Exports {
  readonly memory: WasmMemory;
  readonly changed: { readonly value: number };
  layout(points: number, labels: number, lower: number, centroids: number, halfGap: number,
    sums: number, counts: number, kPadded: number, shrink: number, margin: number): void;
  first(n: number): number;
  bounded(n: number, maxDrift: number, maxDriftCluster: number, secondDrift: number): number;
}

let compiled: WasmModule | null | undefined;

/** The kernel's module, compiled once; null where SIMD is missing. */
function kernelModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileKernel(WASM_BASE64);
  return compiled;
}

/** Whether this JavaScript engine runs the WebAssembly kernel (SIMD is in every current browser and Node). */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * Hamerly's passes for three features in WebAssembly (wasm/hamerly3.wat). The points are
 * copied into the kernel's memory (12 bytes a customer), which also holds the labels, bounds,
 * sums and counts the engine reads through typed-array views. Returns null where WebAssembly
 * SIMD is not available or its memory cannot grow that far; the caller then uses JavaScript.
 */
export function createWasmPass3(points: PointMatrix, k: number): PassStorage | null {
  const module = kernelModule();
  if (module === null || points.d !== 3) return null;
  const { n } = points;
  const kPadded = k + (k % 2);
  const align = (bytes: number, to: number) => Math.ceil(bytes / to) * to;
  const labelsAt = 12 * n;
  const lowerAt = align(labelsAt + n, 16);
  const centroidsAt = align(lowerAt + 4 * n, 16);
  const halfGapAt = centroidsAt + 24 * kPadded;
  const sumsAt = halfGapAt + 8 * k;
  const countsAt = sumsAt + 24 * k;
  const bytes = countsAt + 8 * k;

  let kernel: Hamerly3Exports;
  try {
    kernel = instantiateKernel<Hamerly3Exports>(module);
    ensureMemory(kernel.memory, bytes);
  } catch {
    return null; // past the 4 GiB of 32-bit WebAssembly, or the browser refused the memory
  }
  const buffer = kernel.memory.buffer;
  const data = new Float32Array(buffer, 0, 3 * n);
  data.set(points.data.subarray(0, 3 * n));
  kernel.layout(0, labelsAt, lowerAt, centroidsAt, halfGapAt, sumsAt, countsAt, kPadded, LOWER_BOUND_SHRINK, SKIP_MARGIN);
  // Centroids by column, an odd k padded with one at +Infinity (never nearer than a real one).
  const columns = new Float64Array(buffer, centroidsAt, 3 * kPadded).fill(Infinity);
  const halfGap = new Float64Array(buffer, halfGapAt, k);

  return {
    data,
    labels: new Uint8Array(buffer, labelsAt, n),
    lower: new Float32Array(buffer, lowerAt, n),
    sums: new Float64Array(buffer, sumsAt, 3 * k),
    counts: new Float64Array(buffer, countsAt, k),
    run(state: PassState): PassResult {
      for (let j = 0; j < k; j++) {
        for (let f = 0; f < 3; f++) columns[f * kPadded + j] = state.centroids[j * 3 + f]!;
      }
      halfGap.set(state.halfGap);
      const inertia = state.firstPass
        ? kernel.first(n)
        : kernel.bounded(n, state.maxDrift, state.maxDriftCluster, state.secondDrift);
      return { inertia, changed: kernel.changed.value };
    },
  };
}
