import { slotLayout, type PassShape } from './layout.ts';

/** A run of consecutive points that fits in one storage-buffer binding. */
export interface ChunkPlan {
  readonly first: number;
  readonly count: number;
  /** Groups of 4 points, whose labels share a word: ceil(count / 4). */
  readonly quads: number;
  /** Assignment threads dispatched for this chunk (whole workgroups): the grid stride. */
  readonly threads: number;
  /** Workgroups dispatched, each writing one row of partials. */
  readonly workgroups: number;
  /** Row of this chunk's first workgroup in the partials buffer. */
  readonly firstRow: number;
}

export interface ChunkLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
}

/** A workgroup's counts are added as float32 in workgroup memory: keep them exact. */
const MAX_POINTS_PER_WORKGROUP = 1 << 24;

/**
 * Split n points of d float32 features into chunks that each fit the device's binding and
 * buffer limits (points take 4d bytes each) and one dispatch, and size each chunk's dispatch by
 * `shape`. Chunks start on multiples of 4 points, so each chunk's label words copy back in place.
 * The partial sums (one row of k x (d + 1) + 2 words per workgroup) must fit the limits too:
 * where they would not, each thread takes more quads. `maxChunkPoints` lets tests force several
 * chunks on small data.
 */
export function planChunks(n: number, d: number, k: number, limits: ChunkLimits, shape: PassShape, maxChunkPoints = Infinity): ChunkPlan[] {
  const bindingBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const byBinding = Math.floor(bindingBytes / (4 * d));
  if (byBinding < 4) {
    throw new RangeError(`the GPU's storage binding limit (${limits.maxStorageBufferBindingSize} bytes) cannot hold four points of ${d} features`);
  }
  const perChunk = Math.max(4, Math.floor(Math.min(byBinding, maxChunkPoints) / 4) * 4);
  const { workgroupSize } = shape;
  const rowBytes = slotLayout(k, d).slots * 4;
  const maxRows = Math.floor(bindingBytes / rowBytes);
  const chunkCount = Math.ceil(n / perChunk);
  const chunks: ChunkPlan[] = [];
  let firstRow = 0;
  for (let first = 0; first < n; first += perChunk) {
    const count = Math.min(perChunk, n - first);
    const quads = Math.ceil(count / 4);
    const perWorkgroup = (workgroups: number) => Math.ceil(quads / (workgroups * workgroupSize));
    let perThread = shape.quadsPerThread ?? Math.max(1, perWorkgroup(shape.targetWorkgroups ?? 4096));
    // Never more workgroups than one dispatch takes, nor more rows than a binding holds (shared
    // fairly between the chunks): give each thread more quads instead.
    perThread = Math.max(perThread, perWorkgroup(limits.maxComputeWorkgroupsPerDimension), perWorkgroup(Math.max(1, Math.floor(maxRows / chunkCount))));
    const workgroups = Math.ceil(Math.ceil(quads / perThread) / workgroupSize);
    if (perThread * 4 * workgroupSize > MAX_POINTS_PER_WORKGROUP) {
      throw new RangeError(`${count} points are too many for one dispatch of this GPU's workgroups`);
    }
    chunks.push({ first, count, quads, threads: workgroups * workgroupSize, workgroups, firstRow });
    firstRow += workgroups;
  }
  return chunks;
}
