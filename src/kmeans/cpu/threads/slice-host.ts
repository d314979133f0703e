import { cpuKernelName, createHamerlyEngine } from '../hamerly.ts';
import { FilterPass, type FilterPassResult } from '../kdtree/filter-pass.ts';
import { buildKdTree, type KdTree } from '../kdtree/tree.ts';
import type { AssignEngine, AssignStats } from '../../types.ts';
import { Held } from './held.ts';

/**
 * What a helper worker does (a page worker or a Node worker thread): hold kd-trees over runs of
 * the points and the filtering passes over them, or Hamerly engines over slices, by id.
 */
export function createSliceHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const engines = new Held<AssignEngine>('slice engine');
  const trees = new Held<KdTree>('tree');
  const passes = new Held<FilterPass>('pass');
  return {
    /** The code this worker runs Hamerly's passes with, for d features. */
    kernel(d: number): string {
      return cpuKernelName(d);
    },
    create(data: Float32Array, n: number, d: number, k: number): number {
      return engines.add(createHamerlyEngine({ data, n, d }, k));
    },
    async assign(id: number, centroids: Float64Array): Promise<AssignStats> {
      return engines.get(id).assign(centroids);
    },
    async labels(id: number): Promise<Uint8Array> {
      const labels = (await engines.get(id).labels()).slice();
      return transfer(labels, [labels.buffer]);
    },
    destroy(id: number): void {
      engines.drop(id)?.destroy();
    },

    /** Build the tree of one run of points (Morton order); the codes are not kept. */
    async buildTree(data: Float32Array, codes: Uint32Array, m: number, d: number): Promise<number> {
      return trees.add(buildKdTree(data, codes, m, d));
    },
    async createPass(tree: number, k: number): Promise<number> {
      return passes.add(new FilterPass(trees.get(tree), k));
    },
    async runPasses(ids: number[], centroids: Float64Array): Promise<FilterPassResult[]> {
      // Each pass keeps its own arrays, and the message copies them: the results stay apart.
      return ids.map((id) => passes.get(id).run(centroids));
    },
    async passLabels(pass: number): Promise<Uint8Array> {
      const labels = passes.get(pass).labels();
      return transfer(labels, [labels.buffer as ArrayBuffer]);
    },
    async destroyPass(pass: number): Promise<void> {
      passes.drop(pass);
    },
    async dropTree(tree: number): Promise<void> {
      trees.drop(tree);
    },
  };
}

export type SliceHost = ReturnType<typeof createSliceHost>;
