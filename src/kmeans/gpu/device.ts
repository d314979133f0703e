/** Finding a WebGPU device, asking for the limits the data needs, and hearing when it fails. */

export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterName: string;
  /** Resolves with a plain sentence when the device is lost or reports an uncaught error. */
  readonly failure: Promise<string>;
  /** The device can time passes with timestamp queries (the 'timestamp-query' feature). */
  readonly timestamps: boolean;
}

/**
 * Request an adapter and a device with the largest storage-buffer limits the adapter offers,
 * so big datasets need as few chunks as possible.
 */
export async function requestGpu(gpu: GPU | undefined): Promise<GpuContext> {
  if (!gpu) throw new GpuUnavailableError('WebGPU is not available in this environment (no navigator.gpu)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new GpuUnavailableError('WebGPU found no adapter (requestAdapter returned null)');
  const { limits } = adapter;
  // Timestamp queries time the passes on the GPU's own clock, where the adapter offers them.
  const timestamps = adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({
    label: 'KMeans.device',
    requiredFeatures: timestamps ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
    },
  });
  const failure = new Promise<string>((resolve) => {
    device.lost.then((info) => resolve(`the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`));
    device.addEventListener('uncapturederror', (event) => {
      resolve(`the GPU reported an error: ${(event as GPUUncapturedErrorEvent).error.message}`);
    });
  });
  const info = adapter.info;
  const adapterName = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { device, adapterName, failure, timestamps };
}
