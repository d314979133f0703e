import type { AssignEngine, PointMatrix } from '../types.ts';
import { createHamerlySlices } from './hamerly.ts';
import { createFilterEngine, localForest } from './kdtree/forest.ts';

/** The exact algorithms the CPU engine has, by the name the HUD, the run summary and `--json` give. */
export type CpuAlgorithm = 'kd-tree filtering' | 'Hamerly';

/**
 * Where the kd-tree stops paying, measured with `npm run bench -- --crossover`: with more
 * features than this a box is near every centre and pruning fails; with fewer points than the
 * minimum, building the tree costs more than the passes it saves.
 */
export const FILTERING_MAX_FEATURES = 8;
export const FILTERING_MIN_POINTS = 4096;

export interface CpuEngineOptions {
  /** 'one': a single assignment (scoring with a saved model): no tree is worth building for it. */
  readonly passes?: 'many' | 'one';
}

/** Which algorithm serves n points of d features. */
export function cpuAlgorithmFor(n: number, d: number, options: CpuEngineOptions = {}): CpuAlgorithm {
  if (options.passes === 'one') return 'Hamerly';
  return d <= FILTERING_MAX_FEATURES && n >= FILTERING_MIN_POINTS ? 'kd-tree filtering' : 'Hamerly';
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
