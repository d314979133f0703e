import * as Comlink from 'comlink';
import { createCpuEngine } from '../kmeans/cpu/hamerly.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import type { SliceHost } from './slice-host.ts';

/**
 * The page's CPU engine on several cores: the engine's slices are spread round-robin over a
 * few helper workers (created on first use, kept for later runs). The slicing and the order
 * the slices' sums are added in are the engine's own, so the results equal a single thread's.
 */
export function createSlicePool(maxHelpers: number) {
  const workers: Comlink.Remote<SliceHost>[] = [];
  const worker = (slot: number) => {
    workers[slot] ??= Comlink.wrap<SliceHost>(new Worker(new URL('./slice.worker.ts', import.meta.url), { type: 'module', name: `kmeans-slice-${slot}` }));
    return workers[slot]!;
  };
  const count = (helpers: number) => Math.max(1, Math.min(maxHelpers, helpers));
  return {
    /** Where the passes run, in words: the helpers' code and how many helpers. */
    async describe(d: number, helpers: number): Promise<string> {
      return `${await worker(0).kernel(d)} on ${count(helpers)} helper workers`;
    },
    engine(points: PointMatrix, k: number, helpers: number): AssignEngine {
      return createCpuEngine(points, k, (slice, index) => {
        const remote = worker(index % count(helpers));
        const data = slice.data.slice(); // the worker owns its copy
        const id = remote.create(Comlink.transfer(data, [data.buffer]), slice.n, slice.d, k);
        return {
          backend: 'cpu',
          assign: async (centroids) => remote.assign(await id, centroids),
          labels: async () => remote.labels(await id),
          destroy: () => void id.then((ready) => remote.destroy(ready)).catch(() => undefined),
        };
      });
    },
  };
}
