import { createRandom, deriveSeed } from '../data/random.ts';
import { canonicalOrder, permuteRows, relabel } from './canonical.ts';
import { randomInit } from './init.ts';
import { plusPlusStart } from './kept-seedings.ts';
import { seedingSample } from './seeding-sample.ts';
import { DEFAULT_INIT_SAMPLE, type AssignEngine, type IterationSnapshot, type KMeansOptions, type KMeansResult, type PointMatrix } from './types.ts';
import { scaledTolerance, updateCentroids } from './update.ts';
import { validateOptions } from './validate.ts';

export interface RunControl {
  /** Called after every iteration; may await (the animation paces itself here). */
  readonly onIteration?: (snapshot: IterationSnapshot) => void | Promise<void>;
  /** Read labels back at the end (the GPU engine otherwise keeps them on the device). */
  readonly withLabels?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Seed the later restarts while the first pass runs, for an engine whose passes run on other
   * threads or a GPU (the sweep's). Off, each restart is seeded before its first iteration,
   * outside the iterations' timing (the HUD's ms per iteration).
   */
  readonly seedDuringFirstPass?: boolean;
  /**
   * A fresh engine on the same points and k for each restart after the first: the restarts then
   * run side by side (the sweep's, on CPU threads: a thread with one restart's pass done takes
   * another's instead of waiting for the slowest). Snapshots of different restarts interleave.
   */
  readonly restartEngine?: () => AssignEngine | Promise<AssignEngine>;
}

/** The initial centroids of restart r: computed once, on the CPU, so every backend starts alike. */
export function initialCentroids(points: PointMatrix, options: KMeansOptions, restart: number): Float64Array {
  const init = options.init ?? 'k-means++';
  if (init instanceof Float64Array) return Float64Array.from(init);
  const seed = deriveSeed(options.seed ?? 0, restart);
  const sampleSize = Math.max(options.initSample ?? DEFAULT_INIT_SAMPLE, options.k);
  const from = sampleSize < points.n ? seedingSample(points, sampleSize, deriveSeed(seed, 0x5a3)) : points;
  return init === 'random' ? randomInit(from, options.k, createRandom(seed)) : plusPlusStart(from, options.k, seed);
}

/**
 * Lloyd's algorithm as scikit-learn's KMeans(algorithm="lloyd") runs it, over any engine:
 * stop when the labels repeat, or when the summed squared centroid shift is at most
 * tol x mean feature variance; then one more assignment so the labels and inertia belong
 * to the returned centroids. n_init restarts keep the lowest inertia (the first on a tie).
 */
export async function runKMeans(
  engine: AssignEngine,
  points: PointMatrix,
  options: KMeansOptions,
  control: RunControl = {},
): Promise<KMeansResult> {
  validateOptions(points, options);
  const { k } = options;
  const { d } = points;
  const nInit = options.init instanceof Float64Array ? 1 : (options.nInit ?? 1);
  const started = performance.now();
  const run: RestartRun = {
    points, options, control,
    maxIter: options.maxIter ?? 300,
    tolerance: scaledTolerance(points, options.tol ?? 1e-4),
    frozen: new Set(options.frozen),
  };

  const starts: Float64Array[] = [];
  const startOf = (restart: number) => (starts[restart] ??= initialCentroids(points, options, restart));
  const outcomes: RestartOutcome[] = [];
  const engines = [engine];
  try {
    if (control.restartEngine && nInit > 1) {
      // Side by side: every restart's pass is out before any reply is waited for.
      for (let restart = 1; restart < nInit; restart++) engines.push(await control.restartEngine());
      outcomes.push(...await Promise.all(engines.map((own, restart) => runRestart(own, run, restart, startOf(restart)))));
    } else {
      for (let restart = 0; restart < nInit; restart++) {
        const seedLater = control.seedDuringFirstPass && restart === 0 ? () => { for (let later = 1; later < nInit; later++) startOf(later); } : undefined;
        outcomes.push(await runRestart(engine, run, restart, startOf(restart), seedLater));
      }
    }

    let bestRestart = 0;
    for (let restart = 1; restart < outcomes.length; restart++) if (outcomes[restart]!.inertia < outcomes[bestRestart]!.inertia) bestRestart = restart;
    const winner = outcomes[bestRestart]!;
    const canonical = canonicalOrder(winner.centroids, k, d);
    let labels: Uint8Array | undefined;
    if (control.withLabels) {
      // Side by side, the winner's engine holds its labels. In turn, a later restart left its labels
      // in the engine: one more assignment to the winner's centroids brings back the winner's (a
      // pass on the trees costs less than reading every restart's labels).
      const sideBySide = engines.length > 1;
      if (!sideBySide && bestRestart !== outcomes.length - 1) await engine.assign(winner.centroids);
      labels = relabel(await engines[sideBySide ? bestRestart : 0]!.labels(), canonical);
    }
    const totalIterations = outcomes.reduce((sum, outcome) => sum + outcome.iterations, 0);
    const iterationMs = outcomes.reduce((sum, outcome) => sum + outcome.iterationMs, 0);
    const gpuPasses = outcomes.reduce((sum, outcome) => sum + outcome.gpuPasses, 0);
    const gpuMs = outcomes.reduce((sum, outcome) => sum + outcome.gpuMs, 0);
    const gpuTimed = outcomes.every((outcome) => outcome.gpuTimed);
    const msTotal = performance.now() - started;
    return {
      k, n: points.n, d,
      inertia: winner.inertia, iterations: winner.iterations, converged: winner.stop !== 'max-iter', stop: winner.stop,
      initialCentroids: startOf(bestRestart), bestRestart, emptyClusterEvents: winner.emptyEvents,
      backend: engine.backend,
      centroids: permuteRows(winner.centroids, canonical, d),
      counts: permuteRows(winner.counts, canonical, 1),
      labels,
      canonical,
      ...(options.frozen ? { frozen: frozenInResult(options.frozen, canonical) } : {}),
      msTotal,
      msPerIteration: iterationMs / Math.max(1, totalIterations),
      gpuMsPerIteration: gpuTimed && gpuPasses > 0 ? gpuMs / gpuPasses : null,
    };
  } finally {
    for (const extra of engines.slice(1)) extra.destroy();
  }
}

/** What every restart of a run shares. */
interface RestartRun {
  readonly points: PointMatrix;
  readonly options: KMeansOptions;
  readonly control: RunControl;
  readonly maxIter: number;
  readonly tolerance: number;
  readonly frozen: ReadonlySet<number>;
}

/** One restart's result: its final centroids and what their last assignment gave. */
interface RestartOutcome {
  readonly centroids: Float64Array;
  readonly counts: Float64Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly stop: KMeansResult['stop'];
  readonly emptyEvents: number;
  readonly iterationMs: number;
  readonly gpuMs: number;
  readonly gpuPasses: number;
  /** Whether every pass reported its GPU time (timestamp queries). */
  readonly gpuTimed: boolean;
}

/** Lloyd from `start` to its stop, then the final E-step; `whileFirstPass` runs while the first pass is out. */
async function runRestart(engine: AssignEngine, run: RestartRun, restart: number, start: Float64Array, whileFirstPass?: () => void): Promise<RestartOutcome> {
  const { points, control, maxIter, tolerance, frozen } = run;
  let centroids = start;
  let iterations = 0;
  let stop: KMeansResult['stop'] = 'max-iter';
  let emptyEvents = 0;
  let iterationMs = 0;
  let gpuMs = 0;
  let gpuPasses = 0;
  let gpuTimed = true;

  for (let iteration = 1; iteration <= maxIter; iteration++) {
    control.signal?.throwIfAborted();
    const t0 = performance.now();
    const pass = engine.assign(centroids);
    if (iteration === 1) whileFirstPass?.();
    const stats = await pass;
    if (stats.gpuMs === undefined) gpuTimed = false;
    else {
      gpuMs += stats.gpuMs;
      gpuPasses++;
    }
    const update = await updateCentroids(points, centroids, stats, () => engine.labels(), frozen);
    // The first pass has no earlier labels to match (scikit-learn starts from -1).
    const changed = iteration === 1 ? points.n : stats.changed;
    emptyEvents += update.emptyClusters;
    centroids = update.centroids;
    iterations = iteration;
    const ms = performance.now() - t0;
    iterationMs += ms;
    await control.onIteration?.({
      restart,
      iteration,
      centroids,
      counts: update.counts,
      inertia: stats.inertia,
      shift: update.shift,
      changed,
      emptyClusters: update.emptyClusters,
      ms,
      gpuMs: stats.gpuMs ?? null,
    });
    if (changed === 0) {
      stop = 'labels-stable';
      break;
    }
    if (update.shift <= tolerance) {
      stop = 'tol';
      break;
    }
  }

  // Final E-step: labels, counts and inertia of the centroids we return.
  const final = await engine.assign(centroids);
  return { centroids, counts: final.counts, inertia: final.inertia, iterations, stop, emptyEvents, iterationMs, gpuMs, gpuPasses, gpuTimed };
}

/** Frozen clusters renamed to the result's canonical numbers, ascending, so a caller can mark them. */
function frozenInResult(frozen: readonly number[], canonical: Uint8Array): number[] {
  return frozen.map((j) => canonical[j]!).sort((a, b) => a - b);
}
