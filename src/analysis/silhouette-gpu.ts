import { silhouetteFromSums, type Silhouette } from './silhouette.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import type { GpuContext } from '../kmeans/gpu/device.ts';
import { SILHOUETTE_WORKGROUP_SIZE, type ShaderSources } from '../kmeans/gpu/layout.ts';

/**
 * The silhouette of the measured rows with the O(m^2) distance sums on the GPU: upload the
 * sample, one dispatch, read back m x k sums; the silhouette arithmetic is the CPU's own.
 */
export async function silhouetteOnGpu(
  gpu: GpuContext,
  shaders: ShaderSources,
  points: PointMatrix,
  labels: Uint8Array,
  k: number,
  rows: Uint32Array,
): Promise<Silhouette> {
  const { device } = gpu;
  const { d, data } = points;
  const m = rows.length;
  const sample = new Float32Array(m * d);
  const sampleLabels = new Uint32Array(m);
  rows.forEach((row, r) => {
    sample.set(data.subarray(row * d, row * d + d), r * d);
    sampleLabels[r] = labels[row]!;
  });
  const buffers: GPUBuffer[] = [];
  const make = (label: string, size: number, usage: number) => {
    const buffer = device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    buffers.push(buffer);
    return buffer;
  };
  try {
    device.pushErrorScope('validation');
    const pipeline = await device.createComputePipelineAsync({
      label: 'Silhouette.pipeline',
      layout: 'auto',
      compute: {
        module: device.createShaderModule({ label: 'Silhouette.wgsl', code: shaders.silhouette }),
        entryPoint: 'main',
        constants: { WORKGROUP_SIZE: SILHOUETTE_WORKGROUP_SIZE, K: k, D: d },
      },
    });
    const params = make('Silhouette.params', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const pointsBuffer = make('Silhouette.points', sample.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const labelsBuffer = make('Silhouette.labels', sampleLabels.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const sums = make('Silhouette.sums', m * k * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const readback = make('Silhouette.sums.readback', m * k * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(params, 0, new Uint32Array([m, 0, 0, 0]));
    device.queue.writeBuffer(pointsBuffer, 0, sample);
    device.queue.writeBuffer(labelsBuffer, 0, sampleLabels);
    const bindGroup = device.createBindGroup({
      label: 'Silhouette.bindGroup',
      layout: pipeline.getBindGroupLayout(0),
      entries: [params, pointsBuffer, labelsBuffer, sums].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const encoder = device.createCommandEncoder({ label: 'Silhouette' });
    const pass = encoder.beginComputePass({ label: 'Silhouette.pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(m / SILHOUETTE_WORKGROUP_SIZE));
    pass.end();
    encoder.copyBufferToBuffer(sums, 0, readback, 0, m * k * 4);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new Error(`the silhouette kernel failed validation: ${error.message}`);
    await readback.mapAsync(GPUMapMode.READ);
    const values = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    return silhouetteFromSums(values, rows, labels, k);
  } finally {
    for (const buffer of buffers) buffer.destroy();
  }
}
