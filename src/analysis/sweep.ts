import { runKMeans } from '../kmeans/run.ts';
import type { AssignEngine, InitMethod, KMeansResult, PointMatrix } from '../kmeans/types.ts';
import { gatherRows } from '../kmeans/gather-rows.ts';
import { kneedle } from './kneedle.ts';
import { sampleRows } from '../data/random.ts';
import { measureFit } from './fit-measures.ts';
import { silhouetteInSlices, type Silhouette } from './silhouette.ts';
import { timeSlicer, yieldToEventLoop } from './time-slice.ts';

export interface SweepOptions {
  readonly kMax: number;
  readonly seed: number;
  readonly init?: InitMethod;
  /** Seed each restart from a sample of at most this many customers (default SWEEP_INIT_SAMPLE). */
  readonly initSample?: number;
  /** Restarts per k (default 3): one unlucky start would bend the WCSS curve. */
  readonly nInit?: number;
  readonly tol?: number;
  readonly maxIter?: number;
  /** Measure each k's fit (default true); false: WCSS alone (NaN silhouettes and indices), as the benchmark's peer does. */
  readonly measures?: boolean;
  /** Points in the silhouette sample (exact silhouette when n is at most this). */
  readonly sampleSize: number;
  /** A fresh engine for k clusters on the active backend. */
  readonly engineFor: (k: number) => Promise<AssignEngine>;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Awaited after every iteration: a worker yields here so a Cancel message can arrive. */
  readonly betweenIterations?: () => Promise<void>;
  /** The sampled silhouette (the GPU's in the page when WebGPU serves); the CPU's by default. */
  readonly silhouetteOf?: (labels: Uint8Array, k: number, rows: Uint32Array, between: () => Promise<void>) => Promise<{ silhouette: Silhouette; backend: string }>;
  /** Each k's best fit, labels included (read back for every k when given), for measures of its own. */
  readonly onFit?: (result: KMeansResult) => void | Promise<void>;
}

export interface SweepPoint {
  readonly k: number;
  readonly wcss: number;
  readonly iterations: number;
  /** Mean silhouette of the seeded sample (exact when the sample is every point); NaN for k = 1. */
  readonly silhouette: number;
  /** Centre-based silhouette over all points; NaN for k = 1. */
  readonly simplified: number;
  /** scikit-learn's indices over all points (NaN where undefined, as for k = 1). */
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
  /** The smallest cluster's share of the points. */
  readonly smallestShare: number;
  /** The fit's time (its measures run beside the next fit). */
  readonly ms: number;
}

export interface SweepResult {
  readonly points: readonly SweepPoint[];
  /** The k the Kneedle method marks on the WCSS curve, or null. */
  readonly elbowK: number | null;
  readonly sampleSize: number;
  readonly exact: boolean;
  /** Where the sampled silhouette's distances were computed. */
  readonly silhouetteBackend: string;
}

/**
 * Customers k-means++ seeds each of the sweep's restarts from. Over every customer it would cost
 * more than the fits (1 M customers, k = 10: 0.6 s a start, 30 starts a sweep); a seeded sample
 * of 20 000 places the starts as well, and Lloyd then runs on everyone.
 */
export const SWEEP_INIT_SAMPLE = 20_000;

/** How long a slice of measuring may hold the thread before a helper's reply gets a turn. */
const MEASURE_SLICE_MS = 4;

/**
 * Full KMeans for k = 1..kMax on one engine type: the elbow curve, the silhouettes and the
 * indices. Each k's fit is measured while the next k fits: the measures run on this thread in
 * slices, in the time it would otherwise spend waiting for the engine's helper threads or GPU.
 */
export async function sweepK(points: PointMatrix, options: SweepOptions): Promise<SweepResult> {
  const kMax = Math.min(options.kMax, points.n);
  const rows = sampleRows(points.n, options.sampleSize, options.seed);
  const results: SweepPoint[] = [];
  const silhouetteOf = options.silhouetteOf ??
    (async (labels: Uint8Array, k: number, sample: Uint32Array, between: () => Promise<void>) =>
      ({ silhouette: await silhouetteInSlices(points, labels, k, sample, between), backend: 'cpu' }));
  let silhouetteBackend = 'cpu';
  const measure = options.measures !== false;
  const slice = timeSlicer(MEASURE_SLICE_MS);
  // The slicer's yield is a task boundary: a cancel message gets in there as well.
  const between = slice;
  const measuring: Promise<void>[] = [];
  // A failed fit stops the measures still running, and a failed measure stops the fits.
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;

  const measureLater = async (result: KMeansResult, fitMs: number) => {
    const { k } = result;
    // Let the next k's first pass go out before this k's measures take the thread.
    await yieldToEventLoop();
    signal.throwIfAborted();
    const labels = result.labels!;
    const checkedBetween = async () => {
      signal.throwIfAborted();
      await between();
    };
    const measured = await measureFit(points, labels, result.centroids, k, checkedBetween);
    let sampled = Number.NaN;
    if (k > 1) {
      const outcome = await silhouetteOf(labels, k, rows, checkedBetween);
      sampled = outcome.silhouette.mean;
      silhouetteBackend = outcome.backend;
    }
    results[k - 1] = {
      k, wcss: result.inertia, iterations: result.iterations, ms: fitMs,
      silhouette: sampled, simplified: measured.centreSilhouette,
      calinskiHarabasz: measured.calinskiHarabasz, daviesBouldin: measured.daviesBouldin,
      smallestShare: Math.min(...result.counts) / points.n,
    };
  };

  const fitting = (async () => {
    for (let k = 1; k <= kMax; k++) {
      signal.throwIfAborted();
      const started = performance.now();
      const engine = await options.engineFor(k);
      try {
        const result = await runKMeans(
          engine,
          points,
          { k, seed: options.seed, init: options.init, nInit: options.nInit ?? 3, tol: options.tol, maxIter: options.maxIter, initSample: options.initSample ?? SWEEP_INIT_SAMPLE },
          // Labels only to measure: reading millions back costs more than a pass on the trees.
          {
            withLabels: measure || options.onFit !== undefined, signal, onIteration: options.betweenIterations, seedDuringFirstPass: true,
            // CPU engines are cheap to add (they share the trees): the three restarts run side by side.
            restartEngine: engine.backend === 'cpu' ? () => options.engineFor(k) : undefined,
          },
        );
        await options.onFit?.(result);
        const ms = performance.now() - started;
        if (measure) {
          const job = measureLater(result, ms);
          // Kept until awaited below; a failure there stops the fits at their next check.
          job.catch((error: unknown) => failed.abort(error));
          measuring.push(job);
        } else {
          results[k - 1] = {
            k, wcss: result.inertia, iterations: result.iterations, ms, silhouette: Number.NaN, simplified: Number.NaN,
            calinskiHarabasz: Number.NaN, daviesBouldin: Number.NaN, smallestShare: Math.min(...result.counts) / points.n,
          };
        }
      } finally {
        engine.destroy();
      }
      options.onProgress?.(k, kMax);
    }
  })();

  try {
    await fitting;
  } catch (error) {
    failed.abort(error);
    await Promise.allSettled(measuring);
    throw error;
  }
  await Promise.all(measuring);
  const elbow = kneedle(results.map((r) => r.k), results.map((r) => r.wcss));
  return { points: results, elbowK: elbow >= 0 ? results[elbow]!.k : null, sampleSize: rows.length, exact: rows.length === points.n, silhouetteBackend };
}

/**
 * The k that the elbow and the silhouette point at, from a sweep k = 1..10 (3 restarts) on a
 * seeded sample of at most `sampleSize` points: about a second for 20 000 on one core.
 */
export async function suggestKOnSample(points: PointMatrix, sampleSize: number, engineFor: (sample: PointMatrix, k: number) => Promise<AssignEngine>): Promise<KSuggestion> {
  const rows = sampleRows(points.n, sampleSize, 1);
  const sample = gatherRows(points, rows);
  const sweep = await sweepK(sample, { kMax: 10, seed: 0, sampleSize: 2000, engineFor: (k) => engineFor(sample, k) });
  return suggestK(sweep, rows.length, points.n);
}

/** What the elbow and the silhouette say about k, for an offer to the analyst. */
export interface KSuggestion {
  /** The k both agree on, or the silhouette's when they differ; null when there is no structure to speak of. */
  readonly k: number | null;
  readonly elbowK: number | null;
  /** The k with the highest mean silhouette (k >= 2). */
  readonly silhouetteK: number | null;
  /** Customers the sweep ran on (a seeded sample) and in all. */
  readonly sampled: number;
  readonly n: number;
}

/**
 * Read a sweep as a suggestion: where the elbow and the best silhouette agree, that k; where
 * they differ, the silhouette's (the elbow of a smooth curve is the weaker signal), and both are
 * reported so the offer can say so. A best silhouette under 0.5 is weak structure at most (Kaufman and Rousseeuw), uniform noise reaches 0.4: no offer.
 */
export function suggestK(sweep: SweepResult, sampled: number, n: number): KSuggestion {
  let silhouetteK: number | null = null;
  let best = -Infinity;
  for (const point of sweep.points) {
    if (point.k >= 2 && point.silhouette > best) {
      best = point.silhouette;
      silhouetteK = point.k;
    }
  }
  const structured = best >= 0.5;
  return { k: structured ? silhouetteK : null, elbowK: sweep.elbowK, silhouetteK, sampled, n };
}
