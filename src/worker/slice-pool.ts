import * as Comlink from 'comlink';
import { cpuAlgorithmFor, type CpuEngineOptions } from '../kmeans/cpu/engine.ts';
import { createHamerlySlices } from '../kmeans/cpu/hamerly.ts';
import { createFilterEngine, type BuildProgress } from '../kmeans/cpu/kdtree/forest.ts';
import { buildWorkerForest, type WorkerForest } from '../kmeans/cpu/kdtree/worker-forest.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import type { SliceHost } from './slice-host.ts';

/**
 * The CPU engine on several cores (the page's helper workers, Node's worker threads: `spawn`). The kd-trees of the current points live in a few
 * helper workers (created on first use, kept for later runs), built once per dataset and reused
 * by every run, restart and k; Hamerly's slices (many features, few points) are spread over the
 * same helpers per run. The work is cut and added up in a fixed order, so the results equal a
 * single thread's, bit for bit.
 */
export function createSlicePool(maxHelpers: number, spawn: (slot: number) => Comlink.Remote<SliceHost>) {
  const workers: Comlink.Remote<SliceHost>[] = [];
  const worker = (slot: number) => {
    workers[slot] ??= spawn(slot);
    return workers[slot]!;
  };
  const count = (helpers: number) => Math.max(1, Math.min(maxHelpers, helpers));
  // The trees of one dataset at a time: new points (or another helper count) free the old ones.
  let trees: { points: PointMatrix; helpers: number; built: WorkerForest } | null = null;

  function forestFor(points: PointMatrix, helpers: number, onProgress?: BuildProgress) {
    if (trees?.points !== points || trees.helpers !== helpers) {
      trees?.built.drop();
      const hosts = Array.from({ length: helpers }, (_, slot) => worker(slot));
      trees = { points, helpers, built: buildWorkerForest(points, hosts, Comlink.transfer, onProgress) };
    }
    return trees.built.forest;
  }

  return {
    /** Start the helpers now and wait until their code is loaded (a run then starts at once). */
    async warm(helpers: number): Promise<void> {
      await Promise.all(Array.from({ length: count(helpers) }, (_, slot) => worker(slot).kernel(3)));
    },
    /** Where the passes run, in words: the algorithm, the helpers' code and how many helpers. */
    async describe(n: number, d: number, helpers: number): Promise<string> {
      const algorithm = cpuAlgorithmFor(n, d);
      const code = algorithm === 'Hamerly' ? await worker(0).kernel(d) : 'JavaScript';
      return `${algorithm}, ${code}, on ${count(helpers)} helper workers`;
    },
    /** Build the trees of these points now, telling progress (the first run would otherwise wait for them). */
    async prepare(points: PointMatrix, helpers: number, onProgress?: BuildProgress): Promise<void> {
      if (cpuAlgorithmFor(points.n, points.d) === 'kd-tree filtering') await forestFor(points, count(helpers), onProgress);
    },
    /** Free the trees of the last points (new customers replace them). */
    forget(): void {
      trees?.built.drop();
      trees = null;
    },
    engine(points: PointMatrix, k: number, helpers: number, options: CpuEngineOptions = {}): AssignEngine {
      if (cpuAlgorithmFor(points.n, points.d, options) === 'kd-tree filtering') return createFilterEngine(() => forestFor(points, count(helpers)), k);
      return createHamerlySlices(points, k, (slice, index) => {
        const remote = worker(index % count(helpers));
        const data = slice.data.slice(); // the worker owns its copy
        const id = remote.create(Comlink.transfer(data, [data.buffer]), slice.n, slice.d, k);
        return {
          backend: 'cpu',
          cpuAlgorithm: 'Hamerly',
          assign: async (centroids) => remote.assign(await id, centroids),
          labels: async () => remote.labels(await id),
          destroy: () => void id.then((ready) => remote.destroy(ready)).catch(() => undefined),
        };
      });
    },
  };
}
