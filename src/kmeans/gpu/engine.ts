import type { AssignEngine, AssignStats, PointMatrix } from '../types.ts';
import { planChunks, type ChunkPlan } from './chunks.ts';
import { isSoftwareAdapter, type GpuContext } from './device.ts';
import { choosePassShape, slotLayout, type PassShape, type ShaderSources } from './layout.ts';
import { createPipelines } from './pipelines.ts';

export class GpuFailureError extends Error {
  override name = 'GpuFailureError';
}

interface Chunk extends ChunkPlan {
  readonly points: GPUBuffer;
  readonly labels: GPUBuffer;
  readonly params: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
}

export interface GpuEngineOptions {
  /** Force smaller chunks than the device limits need (tests of the chunked path). */
  readonly maxChunkPoints?: number;
  /** Cut the pass another way than the device's measured choice (tests, the bench's shape sweep). */
  readonly shape?: PassShape;
}

/**
 * The WebGPU assignment engine. Per assign(): one upload of k x d centroids, one submission
 * (assignment over every chunk, then the reduction), one small read-back of the totals.
 * Labels stay on the device until labels() asks for them.
 */
export async function createGpuEngine(
  gpu: GpuContext,
  shaders: ShaderSources,
  points: PointMatrix,
  k: number,
  options: GpuEngineOptions = {},
): Promise<AssignEngine> {
  const { device } = gpu;
  const { n, d } = points;
  const layout = slotLayout(k, d);
  const shape = options.shape ?? choosePassShape(device.limits, k, d, isSoftwareAdapter(gpu.adapter));
  const pipelines = await createPipelines(device, shaders, k, d, shape);
  const plans = planChunks(n, d, k, device.limits, shape, options.maxChunkPoints);
  const totalRows = plans.reduce((sum, c) => sum + c.workgroups, 0);
  const owned: GPUBuffer[] = [];
  const buffer = (label: string, size: number, usage: number, mapped = false) => {
    const b = device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 4) * 4), usage, mappedAtCreation: mapped });
    owned.push(b);
    return b;
  };

  const centroidsBuffer = buffer('KMeans.centroids', k * d * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
  const partials = buffer('KMeans.partials', totalRows * layout.slots * 4, GPUBufferUsage.STORAGE);
  const totals = buffer('KMeans.totals', layout.slots * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
  // The pass's start and end on the GPU's clock (nanoseconds), read back after the totals.
  const timing = gpu.timestamps
    ? { queries: device.createQuerySet({ label: 'KMeans.timestamps', type: 'timestamp', count: 2 }),
        resolved: buffer('KMeans.timestamps.resolve', 16, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC) }
    : null;
  const timestampsAt = Math.ceil((layout.slots * 4) / 8) * 8;
  const readback = buffer('KMeans.totals.readback', timestampsAt + (timing ? 16 : 0), GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);

  const chunks: Chunk[] = plans.map((plan, c) => {
    const pointsBuffer = buffer(`KMeans.points[${c}]`, plan.count * d * 4, GPUBufferUsage.STORAGE, true);
    new Float32Array(pointsBuffer.getMappedRange()).set(points.data.subarray(plan.first * d, (plan.first + plan.count) * d));
    pointsBuffer.unmap();
    // One byte a label, four to a word; 0xff = no label yet (the first pass counts every point anyway).
    const labels = buffer(`KMeans.labels[${c}]`, plan.quads * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, true);
    new Uint32Array(labels.getMappedRange()).fill(0xffffffff);
    labels.unmap();
    const params = buffer(`KMeans.assign.params[${c}]`, 32, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(params, 0, new Uint32Array([plan.count, plan.quads, plan.threads, plan.firstRow, totalRows, 1, 0, 0]));
    const bindGroup = device.createBindGroup({
      label: `KMeans.assign.bindGroup[${c}]`,
      layout: pipelines.assign.getBindGroupLayout(0),
      entries: [params, pointsBuffer, centroidsBuffer, labels, partials].map((b, binding) => ({ binding, resource: { buffer: b } })),
    });
    return { ...plan, points: pointsBuffer, labels, params, bindGroup };
  });

  const reduceParams = buffer('KMeans.reduce.params', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  device.queue.writeBuffer(reduceParams, 0, new Uint32Array([totalRows, 0, 0, 0]));
  const reduceBindGroup = device.createBindGroup({
    label: 'KMeans.reduce.bindGroup',
    layout: pipelines.reduce.getBindGroupLayout(0),
    entries: [reduceParams, partials, totals].map((b, binding) => ({ binding, resource: { buffer: b } })),
  });

  let failure: string | null = null;
  void gpu.failure.then((reason) => (failure = reason));
  let destroyed = false;
  let passes = 0;
  let cachedLabels: Uint8Array | null = null;

  /** Await a GPU promise, but give up with a clear error as soon as the device fails. */
  const guarded = <T>(promise: Promise<T>): Promise<T> =>
    Promise.race([
      promise,
      gpu.failure.then((reason) => {
        throw new GpuFailureError(reason);
      }),
    ]);

  const checkUsable = () => {
    if (destroyed) throw new Error('WebGPU engine used after destroy()');
    if (failure) throw new GpuFailureError(failure);
  };

  async function assign(centroids: Float64Array): Promise<AssignStats> {
    checkUsable();
    cachedLabels = null;
    const centroids32 = Float32Array.from(centroids);
    device.queue.writeBuffer(centroidsBuffer, 0, centroids32);
    if (passes++ === 1) {
      // From the second pass on, `changed` counts the labels that moved (with k = 256 a label can be 0xff, "no label yet").
      for (const chunk of chunks) device.queue.writeBuffer(chunk.params, 20, new Uint32Array([0]));
    }
    const encoder = device.createCommandEncoder({ label: 'KMeans.iteration' });
    const pass = encoder.beginComputePass({
      label: 'KMeans.iteration.pass',
      ...(timing ? { timestampWrites: { querySet: timing.queries, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {}),
    });
    pass.setPipeline(pipelines.assign);
    for (const chunk of chunks) {
      pass.setBindGroup(0, chunk.bindGroup);
      pass.dispatchWorkgroups(chunk.workgroups);
    }
    pass.setPipeline(pipelines.reduce);
    pass.setBindGroup(0, reduceBindGroup);
    pass.dispatchWorkgroups(layout.slots);
    pass.end();
    encoder.copyBufferToBuffer(totals, 0, readback, 0, layout.slots * 4);
    if (timing) {
      encoder.resolveQuerySet(timing.queries, 0, 2, timing.resolved, 0);
      encoder.copyBufferToBuffer(timing.resolved, 0, readback, timestampsAt, 16);
    }
    device.queue.submit([encoder.finish()]);
    await guarded(readback.mapAsync(GPUMapMode.READ));
    const raw = readback.getMappedRange().slice(0);
    readback.unmap();
    const stats = decodeTotals(new Float32Array(raw, 0, layout.slots), new Uint32Array(raw, 0, layout.slots), centroids, centroids32);
    if (!timing) return stats;
    const [start, end] = new BigUint64Array(raw, timestampsAt, 2);
    // A clock that went backwards (a reset, a wrap) says nothing: report no GPU time rather than a wrong one.
    return end! >= start! ? { ...stats, gpuMs: Number(end! - start!) / 1e6 } : stats;
  }

  function decodeTotals(asFloat: Float32Array, asUint: Uint32Array, centroids: Float64Array, centroids32: Float32Array): AssignStats {
    const counts = new Float64Array(k);
    const deltaSums = new Float64Array(k * d);
    for (let j = 0; j < k; j++) {
      const count = asUint[layout.count(j)]!;
      counts[j] = count;
      for (let f = 0; f < d; f++) {
        // The GPU measured deltas from the float32 centroid; re-anchor them on the float64 one.
        const i = j * d + f;
        deltaSums[i] = asFloat[layout.delta(j, f)]! + count * (centroids32[i]! - centroids[i]!);
      }
    }
    return { deltaSums, counts, inertia: asFloat[layout.inertia]!, changed: asUint[layout.changed]! };
  }

  async function readLabels(): Promise<Uint8Array> {
    checkUsable();
    if (cachedLabels) return cachedLabels;
    const out = new Uint8Array(n);
    // Chunks start on multiples of 4 points, so each chunk's words land at its first point's byte.
    const staging = device.createBuffer({ label: 'KMeans.labels.readback', size: Math.max(16, Math.ceil(n / 4) * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = device.createCommandEncoder({ label: 'KMeans.labels.copy' });
      for (const chunk of chunks) encoder.copyBufferToBuffer(chunk.labels, 0, staging, chunk.first, chunk.quads * 4);
      device.queue.submit([encoder.finish()]);
      await guarded(staging.mapAsync(GPUMapMode.READ));
      out.set(new Uint8Array(staging.getMappedRange(), 0, n));
      staging.unmap();
    } finally {
      staging.destroy();
    }
    cachedLabels = out;
    return out;
  }

  return {
    backend: 'webgpu',
    assign,
    labels: readLabels,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const b of owned) b.destroy();
      timing?.queries.destroy();
    },
  };
}
