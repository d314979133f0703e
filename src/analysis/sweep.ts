import { runKMeans } from '../kmeans/run.ts';
import type { AssignEngine, InitMethod, KMeansResult, PointMatrix } from '../kmeans/types.ts';
import { kneedle } from './kneedle.ts';
import { sampleRows } from '../data/random.ts';
import { silhouette, simplifiedSilhouette, type Silhouette } from './silhouette.ts';

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
  /** Compute the silhouettes (default true); false: WCSS alone (NaN silhouettes), as the benchmark's peer does. */
  readonly silhouettes?: boolean;
  /** Points in the silhouette sample (exact silhouette when n is at most this). */
  readonly sampleSize: number;
  /** A fresh engine for k clusters on the active backend. */
  readonly engineFor: (k: number) => Promise<AssignEngine>;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Awaited after every iteration: a worker yields here so a Cancel message can arrive. */
  readonly betweenIterations?: () => Promise<void>;
  /** The sampled silhouette (the GPU's in the page when WebGPU serves); the CPU's by default. */
  readonly silhouetteOf?: (labels: Uint8Array, k: number, rows: Uint32Array) => Promise<{ silhouette: Silhouette; backend: string }>;
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

/** Full KMeans for k = 1..kMax on one engine type: the elbow curve and the silhouettes. */
export async function sweepK(points: PointMatrix, options: SweepOptions): Promise<SweepResult> {
  const kMax = Math.min(options.kMax, points.n);
  const rows = sampleRows(points.n, options.sampleSize, options.seed);
  const results: SweepPoint[] = [];
  const silhouetteOf = options.silhouetteOf ?? (async (labels: Uint8Array, k: number, sample: Uint32Array) => ({ silhouette: silhouette(points, labels, k, sample), backend: 'cpu' }));
  let silhouetteBackend = 'cpu';
  for (let k = 1; k <= kMax; k++) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    const engine = await options.engineFor(k);
    // Labels only for the silhouettes: reading millions back costs more than a pass on the trees.
    const measure = k > 1 && options.silhouettes !== false;
    try {
      const result = await runKMeans(
        engine,
        points,
        { k, seed: options.seed, init: options.init, nInit: options.nInit ?? 3, tol: options.tol, maxIter: options.maxIter, initSample: options.initSample ?? SWEEP_INIT_SAMPLE },
        { withLabels: measure || options.onFit !== undefined, signal: options.signal, onIteration: options.betweenIterations },
      );
      await options.onFit?.(result);
      let sampled = Number.NaN;
      if (measure) {
        const labels = result.labels!;
        const measured = await silhouetteOf(labels, k, rows);
        sampled = measured.silhouette.mean;
        silhouetteBackend = measured.backend;
      }
      results.push({
        k,
        wcss: result.inertia,
        iterations: result.iterations,
        silhouette: sampled,
        simplified: measure ? simplifiedSilhouette(points, result.labels!, result.centroids, k).mean : Number.NaN,
        ms: performance.now() - started,
      });
    } finally {
      engine.destroy();
    }
    options.onProgress?.(k, kMax);
  }
  const elbow = kneedle(results.map((r) => r.k), results.map((r) => r.wcss));
  return { points: results, elbowK: elbow >= 0 ? results[elbow]!.k : null, sampleSize: rows.length, exact: rows.length === points.n, silhouetteBackend };
}

/**
 * The k that the elbow and the silhouette point at, from a sweep k = 1..10 (3 restarts) on a
 * seeded sample of at most `sampleSize` points: about a second for 20 000 on one core.
 */
export async function suggestKOnSample(points: PointMatrix, sampleSize: number, engineFor: (sample: PointMatrix, k: number) => Promise<AssignEngine>): Promise<KSuggestion> {
  const rows = sampleRows(points.n, sampleSize, 1);
  const { d } = points;
  const data = new Float32Array(rows.length * d);
  rows.forEach((row, i) => data.set(points.data.subarray(row * d, row * d + d), i * d));
  const sample = { data, n: rows.length, d };
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
