import type { RunParams } from './run-params.ts';

/**
 * What the analyst can step back through: the analysis as it was before each change that alters
 * it (a clustering setting, a segment isolated, a rename). Data changes (new customers) start a
 * new history: stepping back across customers would refit something else.
 */
export interface AnalysisStep {
  /** What the change did, in a few words ("k 4 → 5"). */
  readonly label: string;
  /** The analysis before the change. */
  readonly run: RunParams;
  readonly only: readonly number[];
  readonly names: readonly string[];
}

/**
 * Settings that change the clustering's result and are put back by fitting again. Backend and
 * threads give the same answer; the data's own settings and Explore's outlier treatment change
 * the customers, which starts a new history.
 */
export const ANALYSIS_KEYS = [
  'algorithm', 'k', 'covariance', 'init', 'nInit', 'maxIter', 'tol', 'initSeed', 'eps', 'minSamples', 'minClusterSize', 'clusterSelection', 'clusterSelectionEpsilon',
] as const satisfies readonly (keyof RunParams)[];

/** Settings that change the customers themselves: a change starts a new history. */
export const CUSTOMER_KEYS = ['n', 'seed', 'separation', 'shape', 'outliers'] as const satisfies readonly (keyof RunParams)[];

const KEY_NAMES: Record<(typeof ANALYSIS_KEYS)[number], string> = {
  algorithm: 'algorithm', k: 'k', covariance: 'covariance', init: 'init', nInit: 'restarts', maxIter: 'max iterations', tol: 'tol', initSeed: 'init seed', eps: 'eps',
  minSamples: 'min_samples', minClusterSize: 'min_cluster_size', clusterSelection: 'cluster selection', clusterSelectionEpsilon: 'cluster_selection_epsilon',
};

/** The analysis settings of a run, to put back over the current ones. */
export function analysisOf(run: RunParams): Partial<RunParams> {
  return Object.fromEntries(ANALYSIS_KEYS.map((key) => [key, run[key]]));
}

/** The settings that changed between two runs, in words ("k 4 → 5, init seed 0 → 3"), or null when none did. */
export function describeRunChange(before: RunParams, after: RunParams): string | null {
  const changed = ANALYSIS_KEYS.filter((key) => before[key] !== after[key]);
  return changed.length === 0 ? null : changed.map((key) => `${KEY_NAMES[key]} ${String(before[key])} → ${String(after[key])}`).join(', ');
}

/** The isolated segments' change in words, or null. */
export function describeIsolation(before: readonly number[], after: readonly number[], names: readonly string[]): string | null {
  if (before.join() === after.join()) return null;
  const named = (only: readonly number[]) => (only.length === 0 ? 'all segments' : only.map((c) => `"${names[c] ?? `cluster ${c}`}"`).join(', '));
  return `showing ${named(after)} (was ${named(before)})`;
}

/** The last steps, newest last; at most `limit` kept. */
export function createHistory(limit = 30) {
  let steps: AnalysisStep[] = [];
  return {
    record(step: AnalysisStep) {
      steps = [...steps, step].slice(-limit);
    },
    /** The newest step, taken off the history; null when there is none. */
    back: (): AnalysisStep | null => steps.pop() ?? null,
    list: (): readonly AnalysisStep[] => steps,
    clear() {
      steps = [];
    },
  };
}

export type AnalysisHistory = ReturnType<typeof createHistory>;
