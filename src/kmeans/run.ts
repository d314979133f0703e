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
 * to the returned centroids. n_init restarts keep the lowest inertia.
 */
export async function runKMeans(
  engine: AssignEngine,
  points: PointMatrix,
  options: KMeansOptions,
  control: RunControl = {},
): Promise<KMeansResult> {
  validateOptions(points, options);
  const { k } = options;
  const { n, d } = points;
  const maxIter = options.maxIter ?? 300;
  const nInit = options.init instanceof Float64Array ? 1 : (options.nInit ?? 1);
  const tolerance = scaledTolerance(points, options.tol ?? 1e-4);
  const frozen = new Set(options.frozen);
  const started = performance.now();

  let best: Omit<KMeansResult, 'msTotal' | 'msPerIteration' | 'gpuMsPerIteration' | 'labels' | 'canonical' | 'backend'> | null = null;
  // GPU time per pass, when every pass reported one (timestamp queries).
  let gpuMs = 0;
  let gpuPasses = 0;
  let gpuTimed = true;
  let totalIterations = 0;
  let iterationMs = 0;

  const starts: Float64Array[] = [];
  const startOf = (restart: number) => (starts[restart] ??= initialCentroids(points, options, restart));

  for (let restart = 0; restart < nInit; restart++) {
    const start = startOf(restart);
    let centroids = start;
    let iterations = 0;
    let stop: KMeansResult['stop'] = 'max-iter';
    let emptyEvents = 0;

    for (let iteration = 1; iteration <= maxIter; iteration++) {
      control.signal?.throwIfAborted();
      const t0 = performance.now();
      const pass = engine.assign(centroids);
      if (control.seedDuringFirstPass && restart === 0 && iteration === 1) for (let later = 1; later < nInit; later++) startOf(later);
      const stats = await pass;
      if (stats.gpuMs === undefined) gpuTimed = false;
      else {
        gpuMs += stats.gpuMs;
        gpuPasses++;
      }
      const update = await updateCentroids(points, centroids, stats, () => engine.labels(), frozen);
      // The first pass has no earlier labels to match (scikit-learn starts from -1).
      const changed = iteration === 1 ? n : stats.changed;
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
    totalIterations += iterations;

    // Final E-step: labels, counts and inertia of the centroids we return.
    const final = await engine.assign(centroids);
    if (best === null || final.inertia < best.inertia) {
      best = {
        k, n, d, centroids, counts: final.counts, inertia: final.inertia, iterations,
        converged: stop !== 'max-iter', stop, initialCentroids: start, bestRestart: restart,
        emptyClusterEvents: emptyEvents,
      };
    }
  }

  const winner = best!;
  const canonical = canonicalOrder(winner.centroids, k, d);
  let labels: Uint8Array | undefined;
  if (control.withLabels) {
    // A later restart left its labels in the engine: one more assignment to the winner's centroids
    // brings back the winner's (a pass on the trees costs less than reading every restart's labels).
    if (winner.bestRestart !== nInit - 1) await engine.assign(winner.centroids);
    labels = relabel(await engine.labels(), canonical);
  }
  const msTotal = performance.now() - started;
  return {
    ...winner,
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
}

/** Frozen clusters renamed to the result's canonical numbers, ascending, so a caller can mark them. */
function frozenInResult(frozen: readonly number[], canonical: Uint8Array): number[] {
  return frozen.map((j) => canonical[j]!).sort((a, b) => a - b);
}
