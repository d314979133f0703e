import type { PointMatrix } from '../../types.ts';
import type { FilterPassResult } from './filter-pass.ts';
import { chunkRanges, sortPointsAsync, type BuildProgress, type ChunkPasses, type Forest } from './forest.ts';

/** A worker that holds trees and runs their passes (the page's helper workers, Node's worker threads). */
export interface TreeHost {
  buildTree(data: Float32Array, codes: Uint32Array, m: number, d: number): Promise<number>;
  createPass(tree: number, k: number): Promise<number>;
  runPass(pass: number, centroids: Float64Array): Promise<FilterPassResult>;
  passLabels(pass: number): Promise<Uint8Array>;
  destroyPass(pass: number): Promise<void>;
  dropTree(tree: number): Promise<void>;
}

/** Hand buffers to a worker without copying (comlink's transfer); identity where there is none. */
export type Transfer = <T>(value: T, buffers: ArrayBuffer[]) => T;

export interface WorkerForest {
  readonly forest: Promise<Forest>;
  /** Free the trees in the workers (a new dataset replaces this one). */
  drop(): void;
}

/**
 * Sort the points here (in steps, telling progress), then give run c to worker c mod workers,
 * which builds its tree (the builds run side by side) and keeps it for every pass until drop().
 * Which worker holds a run changes nothing in the result: passes are added in run order.
 */
export function buildWorkerForest(points: PointMatrix, hosts: readonly TreeHost[], transfer: Transfer, onProgress?: BuildProgress): WorkerForest {
  const starts = chunkRanges(points.n).map(([start]) => start);
  const owner = (c: number) => hosts[c % hosts.length]!;
  const built = (async () => {
    const sorted = await sortPointsAsync(points, (share) => onProgress?.(0.8 * share));
    let done = 0;
    const trees = await Promise.all(sorted.chunks.map(async (chunk, c) => {
      // Each run gets buffers of its own: a message carries a view's whole buffer.
      const data = chunk.data.slice();
      const codes = chunk.codes.slice();
      const tree = await owner(c).buildTree(transfer(data, [data.buffer]), transfer(codes, [codes.buffer]), chunk.m, chunk.d);
      onProgress?.(0.8 + (0.2 * ++done) / sorted.chunks.length);
      return tree;
    }));
    return { sorted, trees };
  })();
  const forest = built.then(({ sorted, trees }): Forest => ({
    n: sorted.n,
    d: sorted.d,
    order: sorted.order,
    starts,
    passes: (k) => trees.map((tree, c) => remotePasses(owner(c), tree, k)),
  }));
  forest.catch(() => undefined);
  return {
    forest,
    drop() {
      built.then(({ trees }) => trees.forEach((tree, c) => void owner(c).dropTree(tree).catch(() => undefined)), () => undefined);
    },
  };
}

function remotePasses(host: TreeHost, tree: number, k: number): ChunkPasses {
  const id = host.createPass(tree, k);
  id.catch(() => undefined);
  return {
    run: async (centroids) => host.runPass(await id, centroids),
    labels: async () => host.passLabels(await id),
    destroy: () => void id.then((ready) => host.destroyPass(ready)).catch(() => undefined),
  };
}
