import type { PointMatrix } from '../../types.ts';
import type { FilterPassResult } from './filter-pass.ts';
import { chunkRanges, sortPointsAsync, type ChunkPasses, type Forest } from './forest.ts';
import { sharedBuild, type BuildProgress } from './shared-build.ts';

/** A worker that holds trees and runs their passes (the page's helper workers, Node's worker threads). */
export interface TreeHost {
  buildTree(data: Float32Array, codes: Uint32Array, m: number, d: number): Promise<number>;
  createPass(tree: number, k: number): Promise<number>;
  /** Run these passes one after another against the same centroids: one message for all. */
  runPasses(passes: number[], centroids: Float64Array): Promise<FilterPassResult[]>;
  passLabels(pass: number): Promise<Uint8Array>;
  destroyPass(pass: number): Promise<void>;
  dropTree(tree: number): Promise<void>;
}

/** Hand buffers to a worker without copying (comlink's transfer); identity where there is none. */
export type Transfer = <T>(value: T, buffers: ArrayBuffer[]) => T;

export interface WorkerForest {
  readonly forest: Promise<Forest>;
  /** Hear the build's progress too (the share so far at once); a no-op once built. */
  watch(listener: BuildProgress): void;
  /** Free the trees in the workers (a new dataset replaces this one), now or once built. */
  drop(): void;
}

/**
 * Sort the points here (in steps, telling progress), then give run c to worker c mod workers,
 * which builds its tree (the builds run side by side) and keeps it for every pass until drop().
 * Which worker holds a run changes nothing in the result: passes are added in run order. Only the
 * row order stays here: the sorted copy goes to the workers, run by run. If any tree fails, the
 * ones built are freed and the forest fails (the caller builds anew next time).
 */
export function buildWorkerForest(points: PointMatrix, hosts: readonly TreeHost[], transfer: Transfer, onProgress?: BuildProgress): WorkerForest {
  const starts = chunkRanges(points.n).map(([start]) => start);
  const owner = (c: number) => hosts[c % hosts.length]!;
  const build = sharedBuild(async (tell) => {
    const sorted = await sortPointsAsync(points, (part) => tell(0.8 * part));
    const { n, d, order } = sorted;
    let done = 0;
    const chunks = sorted.chunks;
    const attempts = await Promise.allSettled(chunks.map(async (chunk, c) => {
      // Each run gets buffers of its own: a message carries a view's whole buffer.
      const data = chunk.data.slice();
      const codes = chunk.codes.slice();
      const tree = await owner(c).buildTree(transfer(data, [data.buffer]), transfer(codes, [codes.buffer]), chunk.m, chunk.d);
      tell(0.8 + (0.2 * ++done) / chunks.length);
      return tree;
    }));
    const failed = attempts.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed) {
      attempts.forEach((a, c) => a.status === 'fulfilled' && void owner(c).dropTree(a.value).catch(() => undefined));
      throw failed.reason;
    }
    return { n, d, order, trees: attempts.map((a) => (a as PromiseFulfilledResult<number>).value) };
  });
  if (onProgress) build.watch(onProgress);
  const built = build.result;
  const forest = built.then(({ n, d, order, trees }): Forest => ({
    n, d, order, starts,
    passes: (k) => remotePasses(trees, owner, k),
  }));
  forest.catch(() => undefined);
  return {
    forest,
    watch: (listener) => build.watch(listener),
    drop() {
      built.then(({ trees }) => trees.forEach((tree, c) => void owner(c).dropTree(tree).catch(() => undefined)), () => undefined);
    },
  };
}

/**
 * The passes of every run for k, in the workers that hold the runs' trees. A pass's runs on one
 * worker go in one message (a message costs more than a run's pass here): the engine asks for
 * every run's pass with the same centroids at once, and the first ask sends the worker's batch.
 */
function remotePasses(trees: readonly number[], owner: (c: number) => TreeHost, k: number): ChunkPasses[] {
  const ids = trees.map((tree, c) => owner(c).createPass(tree, k));
  for (const id of ids) id.catch(() => undefined);
  const hosts = [...new Set(trees.map((_, c) => owner(c)))];
  const runsOf = new Map(hosts.map((host) => [host, trees.map((_, c) => c).filter((c) => owner(c) === host)]));
  // The batch each worker is sending, until each of its runs has taken its result.
  const batches = new Map<TreeHost, { centroids: Float64Array; waiting: number; results: Promise<FilterPassResult[]> }>();
  const batchOf = (host: TreeHost, centroids: Float64Array) => {
    const runs = runsOf.get(host)!;
    let batch = batches.get(host);
    if (!batch || batch.centroids !== centroids) {
      const results = Promise.all(runs.map((c) => ids[c]!)).then((passes) => host.runPasses(passes, centroids));
      batch = { centroids, waiting: runs.length, results };
      batches.set(host, batch);
    }
    if (--batch.waiting === 0) batches.delete(host);
    return batch.results;
  };
  return trees.map((_, c) => {
    const host = owner(c);
    const place = runsOf.get(host)!.indexOf(c);
    return {
      run: async (centroids) => (await batchOf(host, centroids))[place]!,
      labels: async () => host.passLabels(await ids[c]!),
      destroy: () => void ids[c]!.then((ready) => host.destroyPass(ready)).catch(() => undefined),
    };
  });
}
