import type { AssignEngine, PointMatrix } from '../types.ts';
import { createHamerlySlices } from './hamerly.ts';
import { chunkRanges, createFilterEngine, localForest } from './kdtree/forest.ts';

/** The exact algorithms the CPU engine has, by the name the HUD, the run summary and `--json` give. */
export type CpuAlgorithm = 'kd-tree filtering' | 'Hamerly';

/**
 * Where the kd-tree stops paying: with more features than this a box is near every centre and
 * pruning fails; with fewer points than the minimum, building the tree costs more than the
 * passes it saves. Measured on k = 1..10 with 3 restarts each (the sweep's and the gap's and
 * stability's fits on their samples): Hamerly's engine was 2 to 3x faster at 3 000 to 12 000
 * customers, level at 16 000 and slower from 24 000; on uniform data (the gap's references) it
 * stays ahead up to about 32 000. The page's 5 000-customer gap and stability took 40 % less.
 */
export const FILTERING_MAX_FEATURES = 8;
export const FILTERING_MIN_POINTS = 16_384;
/**
 * Past this many points the tree's index (a sorted copy, the row order and the nodes: about 22
 * bytes a customer beside the points) costs more memory than its speed is worth: Hamerly's
 * bounds and labels take 5 bytes a customer, so 100 M customers fit in about 20 bytes each.
 */
export const FILTERING_MAX_POINTS = 1 << 25;

/**
 * What the engine will be asked for. The index costs about 0.3 µs a customer to build (1 M: 0.3 s
 * here) and then makes each pass 2 to 3x cheaper than Hamerly's (`npm run bench`), so it pays
 * back over several starts, a sweep, or the page's runs on the same customers (up to
 * FILTERING_MAX_POINTS); for one pass
 * (scoring with a saved model) or one start (`fit --n-init 1`) Hamerly's engine is faster
 * (1 M, k = 8: 188 ms against 300 ms with the build).
 */
export type CpuWorkload = 'one pass' | 'one start' | 'many';

export interface CpuEngineOptions {
  readonly workload?: CpuWorkload;
}

/** Which algorithm serves n points of d features for that workload (default: many). */
export function cpuAlgorithmFor(n: number, d: number, options: CpuEngineOptions = {}): CpuAlgorithm {
  if (options.workload === 'one pass' || options.workload === 'one start') return 'Hamerly';
  return d <= FILTERING_MAX_FEATURES && n >= FILTERING_MIN_POINTS && n <= FILTERING_MAX_POINTS ? 'kd-tree filtering' : 'Hamerly';
}

/**
 * The CPU engine on this thread: the kd-tree filtering engine where it is the faster (its trees
 * built on first use and kept for every later run on the same points), Hamerly's otherwise.
 */
export function createCpuEngine(points: PointMatrix, k: number, options: CpuEngineOptions = {}): AssignEngine {
  return cpuAlgorithmFor(points.n, points.d, options) === 'kd-tree filtering'
    ? createFilterEngine(() => localForest(points), k)
    : createHamerlySlices(points, k);
}

/**
 * Threads the CPU engine can keep busy on n customers, at most `wanted`: one per run of
 * customers it cuts them into (a cut by n alone, so any thread count gives the same bits).
 */
export const usefulThreads = (n: number, wanted: number): number => Math.min(wanted, chunkRanges(n).length);
