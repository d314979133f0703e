import Papa from 'papaparse';
import { FORMULA_CELL } from '../data/cells.ts';
import { deriveSeed, sampleRows } from '../data/random.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import type { GapResult } from './gap.ts';
import { columnBest, recommend, type ColumnBest, type KRow, type Recommendation } from './recommend.ts';
import { gatherRows } from '../kmeans/gather-rows.ts';
import { resampleHere, resamplingFits, type ResamplingRequest, type ResamplingResult, type ResamplingRunner } from './resampling.ts';
import type { StabilityResult } from './stability.ts';
import { sweepK, type AsideMeasures, type MeasureJob, type SweepOptions, type SweepResult } from './sweep.ts';

/**
 * The table of k, as the command line prints it and the page shows it: the sweep over every
 * customer (WCSS, silhouettes, and the indices from each k's best fit), then the gap statistic
 * and stability on one seeded sample, each row's criteria, the column marks and the
 * recommendation. One function, so both read the same numbers the same way.
 */

/**
 * How far the table of k has come. The sweep over every customer and the resampling criteria on
 * the sample run side by side (the sample's fits fill the time this thread would spend waiting
 * on helper threads), so both counts move at once.
 */
export interface TableOfKProgress {
  /** Values of k swept, of kMax. */
  readonly swept: number;
  readonly kMax: number;
  /** Gap statistic and stability fits done on the sample, of resamplingFits. */
  readonly resampled: number;
  readonly resamplingFits: number;
}

/** The share of the table's work done, 0..1, for a progress bar (the sweep weighs most). */
export function tableOfKDone(progress: TableOfKProgress): number {
  const swept = progress.kMax > 0 ? progress.swept / progress.kMax : 1;
  const resampled = progress.resamplingFits > 0 ? progress.resampled / progress.resamplingFits : 1;
  return 0.75 * swept + 0.25 * resampled;
}

export interface TableOfKOptions extends Omit<SweepOptions, 'onProgress' | 'aside'> {
  /** Customers the gap statistic and stability cluster over and over (all of them when fewer). */
  readonly resamplingSample: number;
  /** Resampled subsets for the stability column; 0 leaves it out. */
  readonly stabilityResamples: number;
  readonly onProgress?: (progress: TableOfKProgress) => void;
  /** Where the gap and stability run (default: on this thread, in slices beside the sweep). */
  readonly resample?: ResamplingRunner;
  /**
   * The thread the gap and stability run on, which then shares the sweep's measures (see
   * MeasuresAside): `fitsHere`, this thread runs the fits' passes itself.
   */
  readonly measureAside?: {
    readonly measure: (points: PointMatrix, job: MeasureJob, signal: AbortSignal) => Promise<AsideMeasures>;
    readonly fitsHere: boolean;
  };
}

export interface TableOfK {
  readonly sweep: SweepResult;
  readonly rows: readonly KRow[];
  readonly best: ColumnBest;
  readonly recommendation: Recommendation;
  /** Customers swept. */
  readonly n: number;
  /** Customers in the seeded sample of the gap and stability. */
  readonly resamplingSampleSize: number;
  readonly gap: GapResult;
  /** Null when stability was left out. */
  readonly stability: StabilityResult | null;
  /** Milliseconds until the sweep's fits and measures were done (the gap and stability run beside it, on the same cores). */
  readonly sweepMs: number;
}

export async function tableOfK(points: PointMatrix, options: TableOfKOptions): Promise<TableOfK> {
  const { n } = points;
  const kMax = Math.min(options.kMax, n);
  const nInit = options.nInit ?? 3;
  const request: ResamplingRequest = { kMax, seed: options.seed, nInit, stabilityResamples: Math.max(0, options.stabilityResamples) };
  let progress: TableOfKProgress = { swept: 0, kMax, resampled: 0, resamplingFits: resamplingFits(request) };
  const report = (change: Partial<TableOfKProgress>) => {
    progress = { ...progress, ...change };
    options.onProgress?.(progress);
  };

  // Either half failing stops the other: nothing keeps computing for a table that will not come.
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  const started = performance.now();
  let sweepMs = Number.NaN;
  // The resampling thread, once its criteria are done, shares the sweep's measures.
  let resamplingOver!: () => void;
  const resamplingDone = new Promise<void>((resolve) => (resamplingOver = resolve));
  const asideThread = options.measureAside;
  const sweeping = sweepK(points, {
    ...options, signal, onProgress: (done) => report({ swept: done }),
    aside: asideThread && {
      ready: resamplingDone,
      measure: (job) => asideThread.measure(points, job, signal),
      fitsHere: asideThread.fitsHere,
    },
  }).then((result) => {
    sweepMs = performance.now() - started;
    return result;
  });
  // One seeded sample for both resampling criteria: each clusters it many times over.
  const sampled = sampleRows(n, options.resamplingSample, deriveSeed(options.seed, 0x5e5));
  const sample = sampled.length === n ? points : gatherRows(points, sampled);
  const resampling = (options.resample ?? resampleHere)(sample, request, () => report({ resampled: progress.resampled + 1 }), signal);
  void resampling.then(resamplingOver, () => undefined);

  let sweep: SweepResult;
  let resampled: ResamplingResult;
  try {
    [sweep, resampled] = await Promise.all([sweeping, resampling]);
  } catch (error) {
    failed.abort(error);
    await Promise.allSettled([sweeping, resampling]);
    throw error;
  }
  const { gap, stability: stable } = resampled;

  const rows: KRow[] = sweep.points.map((point, i) => ({
    k: point.k,
    wcss: point.wcss,
    silhouette: point.silhouette,
    simplifiedSilhouette: point.simplified,
    calinskiHarabasz: point.calinskiHarabasz,
    daviesBouldin: point.daviesBouldin,
    gap: gap.gap[i] ?? Number.NaN,
    gapSe: gap.standardError[i] ?? Number.NaN,
    stability: stable?.mean[i] ?? Number.NaN,
    stabilitySd: stable?.sd[i] ?? Number.NaN,
    smallestShare: point.smallestShare,
  }));
  const best = columnBest(rows);
  return { sweep, n, rows, best, recommendation: recommend(rows, best), resamplingSampleSize: sample.n, gap, stability: stable, sweepMs };
}

/** The table of k as CSV (a row per k, empty where a column has no value), then the recommendation. */
export function tableOfKCsv(table: TableOfK): string {
  const value = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '');
  const rows: string[][] = [['k', 'wcss', 'silhouette', 'centre_based_silhouette', 'calinski_harabasz', 'davies_bouldin', 'gap', 'gap_se', 'stability', 'stability_sd', 'smallest_share']];
  for (const row of table.rows) {
    rows.push([
      String(row.k), value(row.wcss, 4), value(row.silhouette, 6), value(row.simplifiedSilhouette, 6), value(row.calinskiHarabasz, 4),
      value(row.daviesBouldin, 6), value(row.gap, 6), value(row.gapSe, 6), value(row.stability, 6), value(row.stabilitySd, 6), value(row.smallestShare, 6),
    ]);
  }
  rows.push([]);
  rows.push(['recommendation', table.recommendation.sentence]);
  return Papa.unparse(rows, { escapeFormulae: FORMULA_CELL, newline: '\r\n' }) + '\r\n';
}
