/** Finding a WebGPU device, asking for the limits the data needs, and hearing when it fails. */

export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

/** Which adapter serves, as the adapter describes itself (browsers mask some of it). */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** A software or otherwise fallback adapter (SwiftShader), not the machine's GPU. */
  readonly fallback: boolean;
}

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapter: AdapterInfo;
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
  // isFallbackAdapter moved from the adapter to its info in the spec; read whichever exists.
  const fallback = Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  const description: AdapterInfo = { vendor: info.vendor, architecture: info.architecture, description: info.description, fallback };
  return { device, adapter: description, adapterName: describeAdapter(description), failure, timestamps };
}

/**
 * A CPU-side implementation of WebGPU (SwiftShader, lavapipe, llvmpipe), whichever way the adapter
 * says so: such adapters pay for barriers and want few threads of many points each.
 */
export function isSoftwareAdapter(adapter: AdapterInfo): boolean {
  return adapter.fallback || /swiftshader|lavapipe|llvmpipe/i.test(`${adapter.architecture} ${adapter.description}`);
}

/** An adapter in a few words: "nvidia hopper NVIDIA H200", "google swiftshader (software)". */
export function describeAdapter(adapter: AdapterInfo): string {
  const name = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ') || 'unknown adapter';
  return adapter.fallback ? `${name} (software)` : name;
}
