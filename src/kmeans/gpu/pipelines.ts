import { REDUCE_WORKGROUP_SIZE, slotLayout, type PassShape, type ShaderSources } from './layout.ts';

export interface KMeansPipelines {
  readonly assign: GPUComputePipeline;
  readonly reduce: GPUComputePipeline;
}

/** Compile both kernels for this k, d and pass shape; a validation error becomes an exception with its message. */
export async function createPipelines(device: GPUDevice, shaders: ShaderSources, k: number, d: number, shape: PassShape): Promise<KMeansPipelines> {
  device.pushErrorScope('validation');
  const compile = (name: string, code: string, constants: Record<string, number>) =>
    device.createComputePipelineAsync({
      label: `KMeans.${name}.pipeline`,
      layout: 'auto',
      compute: { module: device.createShaderModule({ label: `KMeans.${name}.wgsl`, code }), entryPoint: 'main', constants },
    });
  const { rowStride } = slotLayout(k, d);
  const assign = compile('assign', shaders.assign, {
    WORKGROUP_SIZE: shape.workgroupSize, K: k, D: d, ROW_STRIDE: rowStride, SUMS_WORDS: shape.workgroupSize * rowStride,
  });
  const reduce = compile('reduce', shaders.reduce, { WORKGROUP_SIZE: REDUCE_WORKGROUP_SIZE, K: k, D: d });
  const [assignPipeline, reducePipeline] = await Promise.all([assign, reduce]);
  const error = await device.popErrorScope();
  if (error) throw new Error(`the KMeans shaders did not compile: ${error.message}`);
  return { assign: assignPipeline, reduce: reducePipeline };
}
