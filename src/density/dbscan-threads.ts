/**
 * DBSCAN on several threads (the command line's worker threads): the grid is built here in
 * shared memory, and the cells are split between this thread and the helpers by customers. Each
 * marks its cells' core points, joins them into sets of its own, and labels its border points;
 * between those steps this thread moves the core points to the front of their cells, merges the
 * sets and numbers the clusters. Labels equal the one-thread run's, which equal scikit-learn's.
 */
import type { PointMatrix } from '../kmeans/types.ts';
import { buildCellGridSteps, type CellGrid, type CellGridArrays } from './cell-grid.ts';
import { checkDbscanOptions, coreBoxes, DbscanPhases, dbscanResult, dbscanSteps, labelCores, moveAllCoresFirst, type DbscanOptions, type DbscanResult } from './dbscan.ts';
import { DisjointSets } from './disjoint-sets.ts';
import { runSteps, type StepRunner } from './steps.ts';

/** What a helper does for DBSCAN (slice-host.ts), as seen from here. */
export interface DbscanHelper {
  dbscanGrid(grid: CellGridArrays, d: number, eps: number): Promise<number>;
  dbscanCores(id: number, minSamples: number, isCore: Uint8Array, from: number, to: number): Promise<void>;
  dbscanUseCores(id: number, coreCount: Uint32Array, boxes: Float32Array): Promise<void>;
  dbscanJoin(id: number, from: number, to: number): Promise<Int32Array>;
  dbscanBorders(id: number, labels: Int32Array, from: number, to: number): Promise<number>;
  dropDbscanGrid(id: number): Promise<void>;
}

/** Below this many customers the threads' start and messages cost more than they save. */
export const DBSCAN_THREADS_FROM = 100_000;

/** Whether this runtime can share memory between threads (Node; a cross-origin isolated page). */
export const canShareMemory = (): boolean =>
  typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/** Cells split into `parts` runs of about equal customers: part p is cells [bounds[p], bounds[p + 1]). */
function splitCells(grid: CellGrid, parts: number): number[] {
  const n = grid.order.length;
  const bounds = [0];
  let cell = 0;
  for (let part = 1; part < parts; part++) {
    const target = (part * n) / parts;
    while (cell < grid.cells && grid.cellStart[cell]! < target) cell++;
    bounds.push(cell);
  }
  bounds.push(grid.cells);
  return bounds;
}

/**
 * DBSCAN where it runs for real (the command line, the page's worker): split between this thread
 * and the helpers from DBSCAN_THREADS_FROM customers where memory can be shared, else on this
 * thread, its steps paced by `run`. Says how many threads it took.
 */
export async function dbscanOnCores(
  points: PointMatrix, options: DbscanOptions, helpers: readonly DbscanHelper[], run: StepRunner, onProgress?: (share: number) => void,
): Promise<{ result: DbscanResult; threads: number }> {
  if (helpers.length === 0 || points.n < DBSCAN_THREADS_FROM || !canShareMemory()) return { result: await run(dbscanSteps(points, options), onProgress), threads: 1 };
  return { result: await dbscanOnThreads(points, options, helpers), threads: helpers.length + 1 };
}

/** DBSCAN split between this thread and every helper given, whatever the size. */
export async function dbscanOnThreads(points: PointMatrix, options: DbscanOptions, helpers: readonly DbscanHelper[]): Promise<DbscanResult> {
  const started = performance.now();
  const { eps, minSamples } = options;
  checkDbscanOptions(eps, minSamples, points.n);
  const { n, d } = points;
  const grid = runSteps(buildCellGridSteps(points, eps, true));
  const { cellAt: _lookup, ...arrays } = grid;
  const ids = await Promise.all(helpers.map((helper) => helper.dbscanGrid(arrays, d, eps)));
  try {
    const bounds = splitCells(grid, helpers.length + 1);
    const local = new DbscanPhases(grid, d, eps);
    // Each step: the helpers' calls sent first, then this thread's share, then their answers.
    const onAll = async <There, Here>(remote: (helper: DbscanHelper, id: number, from: number, to: number) => Promise<There>, here: (from: number, to: number) => Here) => {
      const there = helpers.map((helper, h) => remote(helper, ids[h]!, bounds[h + 1]!, bounds[h + 2]!));
      const mine = here(bounds[0]!, bounds[1]!);
      return { mine, theirs: await Promise.all(there) };
    };

    const isCore = new Uint8Array(new SharedArrayBuffer(n));
    await onAll((helper, id, from, to) => helper.dbscanCores(id, minSamples, isCore, from, to), (from, to) => runSteps(local.markCores(minSamples, isCore, from, to)));
    const coreCount = moveAllCoresFirst(grid, isCore);
    const boxes = coreBoxes(grid, coreCount);
    local.useCoreBoxes(coreCount, boxes);
    await Promise.all(helpers.map((helper, h) => helper.dbscanUseCores(ids[h]!, coreCount, boxes)));

    const sets = new DisjointSets(n);
    const joined = await onAll((helper, id, from, to) => helper.dbscanJoin(id, from, to), (from, to) => runSteps(local.join(sets, from, to)));
    for (const parents of joined.theirs) sets.adopt(parents);
    const labels = new Int32Array(new SharedArrayBuffer(n * 4));
    const clusters = labelCores(grid, coreCount, sets, labels);

    const noises = await onAll((helper, id, from, to) => helper.dbscanBorders(id, labels, from, to), (from, to) => runSteps(local.borders(labels, from, to)));
    const noise = noises.theirs.reduce((sum, count) => sum + count, noises.mine);
    // The caller's labels in memory of its own (a shared buffer cannot be handed over).
    return dbscanResult(grid, coreCount, labels.slice(), clusters, noise, started);
  } finally {
    helpers.forEach((helper, h) => void helper.dropDbscanGrid(ids[h]!).catch(() => undefined));
  }
}
