import { cpuKernelName, createHamerlyEngine } from '../kmeans/cpu/hamerly.ts';
import type { AssignEngine, AssignStats } from '../kmeans/types.ts';

/** What a slice worker does: hold CPU engines for slices of the points, by id. */
export function createSliceHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const engines = new Map<number, AssignEngine>();
  let nextId = 0;
  const engine = (id: number) => {
    const found = engines.get(id);
    if (!found) throw new Error(`slice engine ${id} is gone`);
    return found;
  };
  return {
    /** The code this worker runs the passes with, for d features. */
    kernel(d: number): string {
      return cpuKernelName(d);
    },
    create(data: Float32Array, n: number, d: number, k: number): number {
      const id = nextId++;
      engines.set(id, createHamerlyEngine({ data, n, d }, k));
      return id;
    },
    async assign(id: number, centroids: Float64Array): Promise<AssignStats> {
      return engine(id).assign(centroids);
    },
    async labels(id: number): Promise<Uint8Array> {
      const labels = (await engine(id).labels()).slice();
      return transfer(labels, [labels.buffer]);
    },
    destroy(id: number): void {
      engines.get(id)?.destroy();
      engines.delete(id);
    },
  };
}

export type SliceHost = ReturnType<typeof createSliceHost>;
