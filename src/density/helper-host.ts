import { BoruvkaSearch, type RoundEdges } from './boruvka-search.ts';
import { cellGridFrom, type CellGridArrays } from './cell-grid.ts';
import { DbscanPhases } from './dbscan.ts';
import { DisjointSets } from './disjoint-sets.ts';
import { kNearestDistances, type KdTree } from './kd-tree.ts';
import { runSteps } from './steps.ts';

/**
 * What a helper (a page helper worker, a command-line worker thread) does for DBSCAN and HDBSCAN
 * (dbscan-threads.ts, hdbscan-threads.ts), beside the CPU engine's slice host: it holds, by id,
 * a copy of HDBSCAN's kd-tree with the Boruvka search over its range, or DBSCAN's phases over a
 * grid in shared memory.
 */
export function createDensityHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const densityTrees = new Map<number, { tree: KdTree; search: BoruvkaSearch | null }>();
  const dbscanGrids = new Map<number, DbscanPhases>();
  let nextId = 0;
  const find = <T>(map: Map<number, T>, id: number, what: string): T => {
    const found = map.get(id);
    if (found === undefined) throw new Error(`${what} ${id} is gone`);
    return found;
  };
  return {
    /** Keep a copy of HDBSCAN's kd-tree for the calls below. */
    async densityTree(tree: KdTree): Promise<number> {
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

export type DensityHost = ReturnType<typeof createDensityHost>;
