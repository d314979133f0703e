import { createCpuEngine } from './cpu/engine.ts';
import type { AssignEngine, Backend, PointMatrix } from './types.ts';

/**
 * Wrap a GPU engine so that a failure (device lost, validation error) redoes the same
 * assignment on the CPU and continues there. The driver owns the centroids, so the run
 * loses nothing: the CPU takes the very centroids the GPU was given.
 */
export function withCpuFallback(
  primary: AssignEngine, points: PointMatrix, k: number, onFallback: (reason: string) => void,
  makeCpu: (points: PointMatrix, k: number) => AssignEngine = createCpuEngine,
): AssignEngine {
  let current = primary;
  let lastCentroids: Float64Array | null = null;
  const fallBack = (error: unknown) => {
    if (current !== primary) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    try {
      primary.destroy();
    } catch {
      // A lost device may refuse to free its buffers; they are gone with it anyway.
    }
    current = makeCpu(points, k);
    onFallback(reason);
  };
  return {
    get backend(): Backend {
      return current.backend;
    },
    get cpuAlgorithm(): string | undefined {
      return current.cpuAlgorithm;
    },
    async assign(centroids) {
      lastCentroids = centroids;
      try {
        return await current.assign(centroids);
      } catch (error) {
        fallBack(error);
        return current.assign(centroids);
      }
    },
    async labels() {
      try {
        return await current.labels();
      } catch (error) {
        // The labels were on the lost device: the CPU redoes the last assignment to get them.
        fallBack(error);
        if (lastCentroids) await current.assign(lastCentroids);
        return current.labels();
      }
    },
    destroy: () => current.destroy(),
  };
}
