import type { PointMatrix } from '../../types.ts';
import type { FilterPassResult } from './filter-pass.ts';
import { chunkRanges, sortPoints, type ChunkPasses, type Forest } from './forest.ts';

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
 * Sort the points here, then give run c to worker c mod workers, which builds its tree (the
 * builds run side by side) and keeps it for every pass until drop(). Which worker holds a run
 * changes nothing in the result: passes are added in run order.
 */
export function buildWorkerForest(points: PointMatrix, hosts: readonly TreeHost[], transfer: Transfer): WorkerForest {
  const sorted = sortPoints(points);
  const starts = chunkRanges(points.n).map(([start]) => start);
  const owners = sorted.chunks.map((_, c) => hosts[c % hosts.length]!);
  const treeIds = Promise.all(sorted.chunks.map((chunk, c) => {
    // Each run gets buffers of its own: a message carries a view's whole buffer.
    const data = chunk.data.slice();
    const codes = chunk.codes.slice();
    return owners[c]!.buildTree(transfer(data, [data.buffer]), transfer(codes, [codes.buffer]), chunk.m, chunk.d);
  }));
  const forest = treeIds.then((trees): Forest => ({
    n: sorted.n,
    d: sorted.d,
    order: sorted.order,
    starts,
    passes: (k) => trees.map((tree, c) => remotePasses(owners[c]!, tree, k)),
  }));
  forest.catch(() => undefined);
  return {
    forest,
    drop() {
      treeIds.then((trees) => trees.forEach((tree, c) => void owners[c]!.dropTree(tree).catch(() => undefined)), () => undefined);
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
