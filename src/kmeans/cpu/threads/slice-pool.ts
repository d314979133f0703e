import * as Comlink from 'comlink';
import { cpuAlgorithmFor, usefulThreads, type CpuEngineOptions } from '../engine.ts';
import { createHamerlySlices } from '../hamerly.ts';
import { inSharedMemory } from '../shared-memory.ts';
import { createFilterEngine, type BuildProgress } from '../kdtree/forest.ts';
import { buildWorkerForest, type WorkerForest } from '../kdtree/worker-forest.ts';
import type { AssignEngine, PointMatrix } from '../../types.ts';
import type { SliceHost } from './slice-host.ts';

/**
 * Start helper `slot`; the pool's `onDeath` is to be called if it fails to load or dies (its
 * pending calls then fail with that error instead of waiting for ever).
 */
export type SpawnHelper<Host extends SliceHost = SliceHost> = (slot: number, onDeath: (error: Error) => void) => Comlink.Remote<Host>;

/** Every call on `remote` fails with the helper's death, if it dies first. */
function failingWith<Host extends SliceHost>(remote: Comlink.Remote<Host>, died: Promise<never>): Comlink.Remote<Host> {
  return new Proxy(remote, {
    get: (target, name) => {
      const method = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => Promise.race([method(...args), died]);
    },
  });
}

/**
 * The CPU engine on several cores (the page's helper workers, Node's worker threads: `spawn`).
 * The kd-trees of the current points live in a few helper workers (created on first use, kept
 * for later runs), built once per dataset and reused
 * by every run, restart and k; Hamerly's slices (many features, few points) are spread over the
 * same helpers per run. The work is cut and added up in a fixed order, so the results equal a
 * single thread's, bit for bit.
 */
export function createSlicePool<Host extends SliceHost = SliceHost>(maxHelpers: number, spawn: SpawnHelper<Host>) {
  const slots: ({ remote: Comlink.Remote<Host> } | undefined)[] = [];
  const worker = (slot: number): Comlink.Remote<Host> => {
    const known = slots[slot];
    if (known) return known.remote;
    let fail: (error: Error) => void = () => undefined;
    const died = new Promise<never>((_, reject) => (fail = reject));
    died.catch(() => undefined);
    const record = { remote: undefined as unknown as Comlink.Remote<Host> };
    const remote = spawn(slot, (error) => {
      // A dead helper is replaced on next use, and the trees it held are built again.
      if (slots[slot] === record) slots[slot] = undefined;
      trees?.built.drop();
      trees = null;
      fail(error);
    });
    record.remote = failingWith(remote, died);
    slots[slot] = record;
    return record.remote;
  };
  const count = (helpers: number) => Math.max(1, Math.min(maxHelpers, helpers));
  // The trees of one dataset at a time: new points (or another helper count) free the old ones.
  let trees: { points: PointMatrix; helpers: number; built: WorkerForest } | null = null;

  function forestFor(points: PointMatrix, helpers: number, onProgress?: BuildProgress) {
    if (trees?.points !== points || trees.helpers !== helpers) {
      trees?.built.drop();
      // No more helpers than runs: the others would have nothing to hold.
      const hosts = Array.from({ length: usefulThreads(points.n, helpers) }, (_, slot) => worker(slot));
      const record = { points, helpers, built: buildWorkerForest(points, hosts, Comlink.transfer, onProgress) };
      trees = record;
      // A failed build is not kept: the next run builds anew.
      record.built.forest.catch(() => {
        if (trees === record) trees = null;
      });
      return record.built.forest;
    }
    if (onProgress) trees.built.watch(onProgress);
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
    /** The first `count` helpers, started if need be (HDBSCAN's ranges run on them). */
    helpers(count: number): Comlink.Remote<Host>[] {
      return Array.from({ length: Math.max(0, Math.min(maxHelpers, count)) }, (_, slot) => worker(slot));
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
        // The worker owns a copy, or shares the points where they are in shared memory (no copy).
        const shared = inSharedMemory(slice.data);
        const data = shared ? slice.data : slice.data.slice();
        const id = remote.create(shared ? data : Comlink.transfer(data, [data.buffer as ArrayBuffer]), slice.n, slice.d, k);
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
