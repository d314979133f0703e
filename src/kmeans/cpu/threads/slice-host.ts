import { cpuKernelName, createHamerlyEngine } from '../hamerly.ts';
import { FilterPass, type FilterPassResult } from '../kdtree/filter-pass.ts';
import { buildKdTree, type KdTree } from '../kdtree/tree.ts';
import type { AssignEngine, AssignStats } from '../../types.ts';

/**
 * What a helper worker does (a page worker or a Node worker thread): hold kd-trees over runs of
 * the points and the filtering passes over them, or Hamerly engines over slices, by id.
 */
export function createSliceHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const engines = new Map<number, AssignEngine>();
  const trees = new Map<number, KdTree>();
  const passes = new Map<number, FilterPass>();
  let nextId = 0;
  const find = <T>(map: Map<number, T>, id: number, what: string): T => {
    const found = map.get(id);
    if (found === undefined) throw new Error(`${what} ${id} is gone`);
    return found;
  };
  return {
    /** The code this worker runs Hamerly's passes with, for d features. */
    kernel(d: number): string {
      return cpuKernelName(d);
    },
    create(data: Float32Array, n: number, d: number, k: number): number {
      const id = nextId++;
      engines.set(id, createHamerlyEngine({ data, n, d }, k));
      return id;
    },
    async assign(id: number, centroids: Float64Array): Promise<AssignStats> {
      return find(engines, id, 'slice engine').assign(centroids);
    },
    async labels(id: number): Promise<Uint8Array> {
      const labels = (await find(engines, id, 'slice engine').labels()).slice();
      return transfer(labels, [labels.buffer]);
    },
    destroy(id: number): void {
      engines.get(id)?.destroy();
      engines.delete(id);
    },

    /** Build the tree of one run of points (Morton order); the codes are not kept. */
    async buildTree(data: Float32Array, codes: Uint32Array, m: number, d: number): Promise<number> {
      const id = nextId++;
      trees.set(id, buildKdTree(data, codes, m, d));
      return id;
    },
    async createPass(tree: number, k: number): Promise<number> {
      const id = nextId++;
      passes.set(id, new FilterPass(find(trees, tree, 'tree'), k));
      return id;
    },
    async runPasses(ids: number[], centroids: Float64Array): Promise<FilterPassResult[]> {
      // Each pass keeps its own arrays, and the message copies them: the results stay apart.
      return ids.map((id) => find(passes, id, 'pass').run(centroids));
    },
    async passLabels(pass: number): Promise<Uint8Array> {
      const labels = find(passes, pass, 'pass').labels();
      return transfer(labels, [labels.buffer as ArrayBuffer]);
    },
    async destroyPass(pass: number): Promise<void> {
      passes.delete(pass);
    },
    async dropTree(tree: number): Promise<void> {
      trees.delete(tree);
    },
  };
}

export type SliceHost = ReturnType<typeof createSliceHost>;
