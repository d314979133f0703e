import { runKMeans, type RunControl } from './run.ts';
import type { AssignEngine, IterationSnapshot, KMeansOptions, KMeansResult, PointMatrix } from './types.ts';

/** The winning start's final centroids, shown beside each of its iterations. */
export interface WinningStart {
  /** Its final centroids in the engine's numbering (the snapshots' numbering), k x d. */
  readonly centroids: Float64Array;
  /** How many starts it won against (n_init). */
  readonly starts: number;
}

/**
 * n_init restarts run unseen, then the winner again from its own start with every iteration
 * shown: the same result as one runKMeans over all restarts (the winner's start, iterations,
 * centroids, labels and inertia), but only the iterations that lead to it are played, each told
 * where the run ends, so a view can colour every one of them as the finished run.
 */
export async function runWinningStartShown(
  engine: AssignEngine,
  points: PointMatrix,
  options: KMeansOptions,
  control: Omit<RunControl, 'onIteration'> & { onIteration: (snapshot: IterationSnapshot, winner: WinningStart) => void | Promise<void> },
): Promise<KMeansResult> {
  const started = performance.now();
  const { onIteration, ...quiet } = control;
  const trial = await runKMeans(engine, points, options, { signal: control.signal, seedDuringFirstPass: control.seedDuringFirstPass });
  const { d } = points;
  // The trial's centroids are in canonical order; the replay numbers them as the engine does.
  const centroids = new Float64Array(trial.k * d);
  trial.canonical.forEach((to, from) => centroids.set(trial.centroids.subarray(to * d, to * d + d), from * d));
  const winner: WinningStart = { centroids, starts: options.nInit ?? 1 };
  const shown = await runKMeans(engine, points, { ...options, init: trial.initialCentroids, nInit: 1 }, {
    ...quiet,
    onIteration: (snapshot) => onIteration({ ...snapshot, restart: trial.bestRestart }, winner),
  });
  return { ...shown, bestRestart: trial.bestRestart, msTotal: performance.now() - started };
}
