import { ASSIGN_WORKGROUP_SIZE, POINTS_PER_THREAD } from './layout.ts';

/** A run of consecutive points that fits in one storage-buffer binding. */
export interface ChunkPlan {
  readonly first: number;
  readonly count: number;
  /** Assignment threads for this chunk, each owning one row of partials. */
  readonly threads: number;
  readonly workgroups: number;
  /** Row of this chunk's first thread in the partials buffer. */
  readonly firstRow: number;
}

export interface ChunkLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
}

/**
 * Split n points of d float32 features into chunks that each fit the device's binding and
 * buffer limits (points take 4d bytes each, labels 4) and one dispatch.
 * `maxChunkPoints` lets tests force several chunks on small data.
 */
export function planChunks(n: number, d: number, limits: ChunkLimits, maxChunkPoints = Infinity): ChunkPlan[] {
  const bytesPerPoint = 4 * d;
  const byBinding = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / bytesPerPoint);
  const byDispatch = limits.maxComputeWorkgroupsPerDimension * ASSIGN_WORKGROUP_SIZE * POINTS_PER_THREAD;
  const perChunk = Math.floor(Math.min(byBinding, byDispatch, maxChunkPoints));
  if (perChunk < 1) {
    throw new RangeError(`the GPU's storage binding limit (${limits.maxStorageBufferBindingSize} bytes) cannot hold one point of ${d} features`);
  }
  const chunks: ChunkPlan[] = [];
  let firstRow = 0;
  for (let first = 0; first < n; first += perChunk) {
    const count = Math.min(perChunk, n - first);
    const threads = Math.ceil(count / POINTS_PER_THREAD);
    chunks.push({ first, count, threads, workgroups: Math.ceil(threads / ASSIGN_WORKGROUP_SIZE), firstRow });
    firstRow += threads;
  }
  return chunks;
}
