/**
 * Sizes shared by the WGSL kernels and the dispatch maths. The shaders receive them as
 * `override` constants from here, so each number is written once.
 */

/** Must be a power of two: the reduction halves it. */
export const REDUCE_WORKGROUP_SIZE = 256;

/** Slots of a partials row: K x (D deltas + count), then inertia, then changed. */
export function slotLayout(k: number, d: number) {
  const perCluster = d + 1;
  const slots = k * perCluster + 2;
  return {
    slots,
    /** Words between two threads' rows of sums in workgroup memory: odd, so rows start in different banks. */
    rowStride: slots | 1,
    delta: (j: number, f: number) => j * perCluster + f,
    count: (j: number) => j * perCluster + d,
    inertia: k * perCluster,
    changed: k * perCluster + 1,
  };
}

/**
 * How the assignment pass is cut up. Each thread walks `quadsPerThread` groups of 4 points (or,
 * where that is unset, as many as spread the chunk over about `targetWorkgroups` workgroups), and
 * each workgroup of `workgroupSize` threads writes one row of partial sums. Targeting workgroups,
 * not threads, keeps the rows (k x (d + 1) + 2 words each) few when large k shrinks the workgroups.
 */
export interface PassShape {
  readonly workgroupSize: number;
  readonly quadsPerThread?: number;
  readonly targetWorkgroups?: number;
}

export interface ShapeLimits {
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
}

/**
 * The pass's shape for this device, as measured (`npm run bench -- --gpu --shapes`). A GPU wants
 * many threads of few points each, so the memory system always has loads in flight: on an H200,
 * 4 096 workgroups of 64, 2^18 threads (32 and 64 tied, 128 was 12 % slower at 100 M). Software
 * Vulkan (SwiftShader) runs a workgroup on one CPU thread and pays for every barrier: few threads of
 * 256 points each. Its workgroups are 4 threads: as fast there as 8 to 64, and a browser's Dawn
 * zero-fills workgroup memory with code SwiftShader compiles at about 0.6 ms a word, so the
 * smallest rows of sums also compile fastest (0.14 s for k = 8 against 0.8 s for 32 threads).
 * Either way the workgroup is no larger than its rows of sums fit in workgroup memory.
 */
export function choosePassShape(limits: ShapeLimits, k: number, d: number, software: boolean): PassShape {
  const largest = software ? 4 : 64;
  const rowBytes = slotLayout(k, d).rowStride * 4;
  const fits = Math.min(largest, limits.maxComputeInvocationsPerWorkgroup, Math.floor(limits.maxComputeWorkgroupStorageSize / rowBytes));
  if (fits < 1) throw new RangeError(`the GPU's workgroup memory (${limits.maxComputeWorkgroupStorageSize} bytes) cannot hold one row of sums for k = ${k}, d = ${d}`);
  const workgroupSize = 2 ** Math.floor(Math.log2(fits));
  return software ? { workgroupSize, quadsPerThread: 64 } : { workgroupSize, targetWorkgroups: 4096 };
}

/** WGSL sources by kernel name; the page imports them with `?raw`, Node reads the files. */
export interface ShaderSources {
  readonly assign: string;
  readonly reduce: string;
  readonly silhouette: string;
}

/** Threads per workgroup of the silhouette kernel (one thread per sampled point). */
export const SILHOUETTE_WORKGROUP_SIZE = 64;
