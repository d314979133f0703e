import { runKMeans } from '../kmeans/run.ts';
import type { AssignEngine, InitMethod, KMeansResult, PointMatrix } from '../kmeans/types.ts';
import { gatherRows } from '../kmeans/gather-rows.ts';
import { kneedle } from './kneedle.ts';
import { sampleRows } from '../data/random.ts';
import { measureFit, type FitMeasures } from './fit-measures.ts';
import { silhouetteInSlices, type Silhouette } from './silhouette.ts';
import { JobQueue } from './job-queue.ts';
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
  /** Another thread that shares the CPU fits' measures with this one. */
  readonly aside?: MeasuresAside;
}

/**
 * Another thread for the sweep's measures (the page's resampling worker): the CPU fits' measures
 * are queued in k order and each is taken by whichever thread is free first. There they are the
 * same numbers, the sampled silhouette on the CPU.
 */
export interface MeasuresAside {
  /** Resolves when the other thread is free for measures (its own work is done). */
  readonly ready: Promise<unknown>;
  readonly measure: (job: MeasureJob) => Promise<AsideMeasures>;
  /**
   * This thread runs the fits' passes itself (no helper threads): its measures wait until the
   * fits are done instead of slowing them, and the other thread takes what it can meanwhile.
   */
  readonly fitsHere: boolean;
}

/** What a k's measures need besides the points. */
export interface MeasureJob {
  readonly labels: Uint8Array;
  readonly centroids: Float64Array;
  readonly k: number;
  /** The sampled silhouette's rows. */
  readonly rows: Uint32Array;
}

/** A k's measures taken on another thread: the indices and centre-based silhouette, and the sampled silhouette's mean (NaN for k = 1). */
export interface AsideMeasures {
  readonly fit: FitMeasures;
  readonly silhouette: number;
}

/** measureJob's measures on this thread, the sampled silhouette on the CPU: what another thread computes for measureAside. */
export async function measureJob(points: PointMatrix, job: MeasureJob, between: () => Promise<void>): Promise<AsideMeasures> {
  const fit = await measureFit(points, job.labels, job.centroids, job.k, between);
  const silhouette = job.k > 1 ? (await silhouetteInSlices(points, job.labels, job.k, job.rows, between)).mean : Number.NaN;
  return { fit, silhouette };
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

/** Customers in a sweep's sampled silhouette by default (it is O(m^2)): the page's and the command line's. */
export const DEFAULT_SILHOUETTE_SAMPLE = 2_000;

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
  const cpuSilhouette = async (labels: Uint8Array, k: number, sample: Uint32Array, between: () => Promise<void>) =>
    ({ silhouette: await silhouetteInSlices(points, labels, k, sample, between), backend: 'cpu' });
  const silhouetteOf = options.silhouetteOf ?? cpuSilhouette;
  let silhouetteBackend = 'cpu';
  const measure = options.measures !== false;
  const slice = timeSlicer(MEASURE_SLICE_MS);
  // The slicer's yield is a task boundary: a cancel message gets in there as well.
  const between = slice;
  const measuring: Promise<void>[] = [];
  // A failed fit stops the measures still running, and a failed measure stops the fits.
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;

  const record = (result: KMeansResult, fitMs: number, measured: AsideMeasures) => {
    const { k } = result;
    results[k - 1] = {
      k, wcss: result.inertia, iterations: result.iterations, ms: fitMs,
      silhouette: measured.silhouette, simplified: measured.fit.centreSilhouette,
      calinskiHarabasz: measured.fit.calinskiHarabasz, daviesBouldin: measured.fit.daviesBouldin,
      smallestShare: Math.min(...result.counts) / points.n,
    };
  };
  const measureHere = async (result: KMeansResult, fitMs: number, sampledBy: typeof silhouetteOf) => {
    // Let the next k's first pass go out before this k's measures take the thread.
    await yieldToEventLoop();
    signal.throwIfAborted();
    const checkedBetween = async () => {
      signal.throwIfAborted();
      await between();
    };
    const { k, centroids } = result;
    const labels = result.labels!;
    const fit = await measureFit(points, labels, centroids, k, checkedBetween);
    let silhouette = Number.NaN;
    if (k > 1) {
      const outcome = await sampledBy(labels, k, rows, checkedBetween);
      silhouette = outcome.silhouette.mean;
      silhouetteBackend = outcome.backend;
    }
    record(result, fitMs, { fit, silhouette });
  };
  // With another thread sharing them, the CPU fits' measures take the CPU's sampled silhouette
  // here too: a k's numbers do not depend on which thread took it.
  const queuedSilhouette = options.aside ? cpuSilhouette : silhouetteOf;

  // The CPU fits' measures, taken in k order by this thread and the other one (when there is one).
  type Fitted = { readonly result: KMeansResult; readonly ms: number };
  const queue = new JobQueue<Fitted>();
  let fitsEnded!: () => void;
  const fitsOver = new Promise<void>((resolve) => (fitsEnded = resolve));
  const takeHere = async () => {
    if (options.aside?.fitsHere) await fitsOver;
    for (let job = await queue.next(); job; job = await queue.next()) await measureHere(job.result, job.ms, queuedSilhouette);
  };
  const takeAside = async (aside: MeasuresAside) => {
    await Promise.race([aside.ready, fitsOver]);
    for (let job = await queue.next(); job; job = await queue.next()) {
      signal.throwIfAborted();
      const { result, ms } = job;
      record(result, ms, await aside.measure({ labels: result.labels!, centroids: result.centroids, k: result.k, rows }));
    }
  };
  const takers = measure ? [takeHere(), ...(options.aside ? [takeAside(options.aside)] : [])] : [];
  // Kept until awaited below; a failure there stops the fits at their next check.
  for (const taker of takers) taker.catch((error: unknown) => failed.abort(error));
  measuring.push(...takers);

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
        if (measure && engine.backend === 'cpu') queue.push({ result, ms });
        else if (measure) {
          // A GPU fit's measures use the GPU here (its sampled silhouette), beside the next fit.
          const job = measureHere(result, ms, silhouetteOf);
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
    queue.close();
    fitsEnded();
    await Promise.allSettled(measuring);
    throw error;
  }
  queue.close();
  fitsEnded();
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
  const sweep = await sweepK(sample, { kMax: 10, seed: 0, sampleSize: DEFAULT_SILHOUETTE_SAMPLE, engineFor: (k) => engineFor(sample, k) });
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
