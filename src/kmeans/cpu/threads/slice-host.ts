import { cpuKernelName, createHamerlyEngine } from '../hamerly.ts';
import { FilterPass, type FilterPassResult } from '../kdtree/filter-pass.ts';
import { buildKdTree, type KdTree } from '../kdtree/tree.ts';
import type { AssignEngine, AssignStats } from '../../types.ts';
import { BoruvkaSearch, type RoundEdges } from '../../../density/boruvka-search.ts';
import { kNearestDistances, type KdTree as DensityTree } from '../../../density/kd-tree.ts';
import { cellGridFrom, type CellGridArrays } from '../../../density/cell-grid.ts';
import { DbscanPhases } from '../../../density/dbscan.ts';
import { DisjointSets } from '../../../density/disjoint-sets.ts';
import { runSteps } from '../../../density/steps.ts';

/**
 * What a helper worker does (a page worker or a Node worker thread): hold kd-trees over runs of
 * the points and the filtering passes over them, or Hamerly engines over slices, by id.
 */
export function createSliceHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const engines = new Map<number, AssignEngine>();
  const trees = new Map<number, KdTree>();
  const passes = new Map<number, FilterPass>();
  // HDBSCAN's kd-tree (a copy of the engine worker's) and the Boruvka search over this helper's range.
  const densityTrees = new Map<number, { tree: DensityTree; search: BoruvkaSearch | null }>();
  // DBSCAN's phases over a grid in shared memory (the engine's own arrays, not a copy).
  const dbscanGrids = new Map<number, DbscanPhases>();
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

    /** Keep a copy of HDBSCAN's kd-tree for the calls below. */
    async densityTree(tree: DensityTree): Promise<number> {
      const id = nextId++;
      densityTrees.set(id, { tree, search: null });
      return id;
    },
    /** The core distances (k-th nearest, the point included) of the points at tree positions [from, to). */
    async coreDistances(id: number, from: number, to: number, k: number): Promise<Float64Array> {
      const { tree } = find(densityTrees, id, 'density tree');
      const distances = kNearestDistances(tree, k, Uint32Array.from(tree.index.subarray(from, to)));
      return transfer(distances, [distances.buffer as ArrayBuffer]);
    },
    /** Start Boruvka's searches over tree positions [from, to). */
    async boruvkaStart(id: number, core: Float64Array, from: number, to: number): Promise<void> {
      const held = find(densityTrees, id, 'density tree');
      held.search = new BoruvkaSearch(held.tree, core, from, to);
    },
    /** One Boruvka round over this helper's range. */
    async boruvkaRound(id: number, comp: Int32Array): Promise<RoundEdges> {
      const { search } = find(densityTrees, id, 'density tree');
      if (!search) throw new Error(`density tree ${id} has no Boruvka search started`);
      const edges = search.round(comp);
      return transfer(edges, [edges.comp.buffer, edges.weight.buffer, edges.a.buffer, edges.b.buffer] as ArrayBuffer[]);
    },
    async dropDensityTree(id: number): Promise<void> {
      densityTrees.delete(id);
    },

    /** Work on DBSCAN's grid (in shared memory) for the calls below. */
    async dbscanGrid(grid: CellGridArrays, d: number, eps: number): Promise<number> {
      const id = nextId++;
      dbscanGrids.set(id, new DbscanPhases(cellGridFrom(grid), d, eps));
      return id;
    },
    async dbscanCores(id: number, minSamples: number, isCore: Uint8Array, from: number, to: number): Promise<void> {
      runSteps(find(dbscanGrids, id, 'DBSCAN grid').markCores(minSamples, isCore, from, to));
    },
    async dbscanUseCores(id: number, coreCount: Uint32Array, boxes: Float32Array): Promise<void> {
      find(dbscanGrids, id, 'DBSCAN grid').useCoreBoxes(coreCount, boxes);
    },
    /** The sets this helper's cells join, as each position's parent. */
    async dbscanJoin(id: number, from: number, to: number): Promise<Int32Array> {
      const phases = find(dbscanGrids, id, 'DBSCAN grid');
      const sets = new DisjointSets(phases.grid.order.length);
      runSteps(phases.join(sets, from, to));
      const parents = sets.parents();
      return transfer(parents, [parents.buffer as ArrayBuffer]);
    },
    async dbscanBorders(id: number, labels: Int32Array, from: number, to: number): Promise<number> {
      return runSteps(find(dbscanGrids, id, 'DBSCAN grid').borders(labels, from, to));
    },
    async dropDbscanGrid(id: number): Promise<void> {
      dbscanGrids.delete(id);
    },
  };
}

export type SliceHost = ReturnType<typeof createSliceHost>;
