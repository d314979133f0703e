import { BoruvkaSearch, type RoundEdges } from './boruvka-search.ts';
import { cellGridFrom, type CellGridArrays } from './cell-grid.ts';
import { DbscanPhases } from './dbscan.ts';
import { DisjointSets } from './disjoint-sets.ts';
import { kNearestDistances, type KdTree } from './kd-tree.ts';
import { runSteps } from './steps.ts';
import { Held } from '../kmeans/cpu/threads/held.ts';

/**
 * What a helper (a page helper worker, a command-line worker thread) does for DBSCAN and HDBSCAN
 * (dbscan-threads.ts, hdbscan-threads.ts), beside the CPU engine's slice host: it holds, by id,
 * a copy of HDBSCAN's kd-tree with the Boruvka search over its range, or DBSCAN's phases over a
 * grid in shared memory.
 */
export function createDensityHost(transfer: <T>(value: T, buffers: ArrayBuffer[]) => T) {
  const densityTrees = new Held<{ tree: KdTree; search: BoruvkaSearch | null }>('density tree');
  const dbscanGrids = new Held<DbscanPhases>('DBSCAN grid');
  return {
    /** Keep a copy of HDBSCAN's kd-tree for the calls below. */
    async densityTree(tree: KdTree): Promise<number> {
      return densityTrees.add({ tree, search: null });
    },
    /** The core distances (k-th nearest, the point included) of the points at tree positions [from, to). */
    async coreDistances(id: number, from: number, to: number, k: number): Promise<Float64Array> {
      const { tree } = densityTrees.get(id);
      const distances = kNearestDistances(tree, k, Uint32Array.from(tree.index.subarray(from, to)));
      return transfer(distances, [distances.buffer as ArrayBuffer]);
    },
    /** Start Boruvka's searches over tree positions [from, to). */
    async boruvkaStart(id: number, core: Float64Array, from: number, to: number): Promise<void> {
      const held = densityTrees.get(id);
      held.search = new BoruvkaSearch(held.tree, core, from, to);
    },
    /** One Boruvka round over this helper's range. */
    async boruvkaRound(id: number, comp: Int32Array): Promise<RoundEdges> {
      const { search } = densityTrees.get(id);
      if (!search) throw new Error(`density tree ${id} has no Boruvka search started`);
      const edges = search.round(comp);
      return transfer(edges, [edges.comp.buffer, edges.weight.buffer, edges.a.buffer, edges.b.buffer] as ArrayBuffer[]);
    },
    async dropDensityTree(id: number): Promise<void> {
      densityTrees.drop(id);
    },

    /** Work on DBSCAN's grid (in shared memory) for the calls below. */
    async dbscanGrid(grid: CellGridArrays, d: number, eps: number): Promise<number> {
      return dbscanGrids.add(new DbscanPhases(cellGridFrom(grid), d, eps));
    },
    async dbscanCores(id: number, minSamples: number, isCore: Uint8Array, from: number, to: number): Promise<void> {
      runSteps(dbscanGrids.get(id).markCores(minSamples, isCore, from, to));
    },
    async dbscanUseCores(id: number, coreCount: Uint32Array, boxes: Float32Array): Promise<void> {
      dbscanGrids.get(id).useCoreBoxes(coreCount, boxes);
    },
    /** The sets this helper's cells join, as each position's parent. */
    async dbscanJoin(id: number, from: number, to: number): Promise<Int32Array> {
      const phases = dbscanGrids.get(id);
      const sets = new DisjointSets(phases.grid.order.length);
      runSteps(phases.join(sets, from, to));
      const parents = sets.parents();
      return transfer(parents, [parents.buffer as ArrayBuffer]);
    },
    async dbscanBorders(id: number, labels: Int32Array, from: number, to: number): Promise<number> {
      return runSteps(dbscanGrids.get(id).borders(labels, from, to));
    },
    async dropDbscanGrid(id: number): Promise<void> {
      dbscanGrids.drop(id);
    },
  };
}

export type DensityHost = ReturnType<typeof createDensityHost>;
