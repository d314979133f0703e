import { requestGpu, type GpuContext } from '../../src/kmeans/gpu/device.ts';
import { nodeGpu, readShaderSources } from '../../src/node/webgpu-node.ts';

export const shaders = readShaderSources();

/**
 * A fresh device for a test file. In CI a missing adapter fails the run; on a developer
 * machine without the system packages the file is skipped with the reason.
 */
export async function openGpu(): Promise<{ gpu: GpuContext | null; reason: string }> {
  try {
    return { gpu: await requestGpu(await nodeGpu()), reason: '' };
  } catch (error) {
    const reason = `no WebGPU device (${error instanceof Error ? error.message : error}); install chromium and libvulkan1`;
    if (process.env.CI) throw new Error(reason, { cause: error });
    return { gpu: null, reason };
  }
}

/** Run `body` inside a validation error scope and fail on any validation error. */
export async function withValidation<T>(gpu: GpuContext, body: () => Promise<T>): Promise<T> {
  gpu.device.pushErrorScope('validation');
  const value = await body();
  const error = await gpu.device.popErrorScope();
  if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  return value;
}
