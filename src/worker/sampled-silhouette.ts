import { silhouetteOnGpu } from '../analysis/silhouette-gpu.ts';
import { silhouette, silhouetteInSlices, type Silhouette } from '../analysis/silhouette.ts';
import { gpuContext } from '../kmeans/select.ts';
import type { BackendChoice, PointMatrix } from '../kmeans/types.ts';
import type { HostEnvironment } from './environment.ts';

/** The sampled silhouette on the GPU when the backend allows one; the CPU otherwise or on any GPU error. */
export async function sampledSilhouette(
  env: HostEnvironment, backend: BackendChoice, clustered: PointMatrix, labels: Uint8Array, k: number, rows: Uint32Array, between?: () => Promise<void>,
): Promise<{ silhouette: Silhouette; backend: string }> {
  if (backend !== 'cpu') {
    try {
      const context = await gpuContext(env.gpu);
      return { silhouette: await silhouetteOnGpu(context, env.shaders, clustered, labels, k, rows), backend: 'webgpu' };
    } catch {
      // No adapter, or the device failed: the CPU computes the same numbers.
    }
  }
  const measured = between ? await silhouetteInSlices(clustered, labels, k, rows, between) : silhouette(clustered, labels, k, rows);
  return { silhouette: measured, backend: 'cpu' };
}
