import Papa from 'papaparse';
import { FORMULA_CELL } from '../data/cells.ts';
import { deriveSeed, sampleRows } from '../data/random.ts';
import type { KMeansResult, PointMatrix } from '../kmeans/types.ts';
import { GAP_REFERENCES, gapStatistic, type GapResult } from './gap.ts';
import { calinskiHarabasz, daviesBouldin } from './indices.ts';
import { columnBest, recommend, type ColumnBest, type KRow, type Recommendation } from './recommend.ts';
import { gatherRows } from './sample-fit.ts';
import { stability, type StabilityResult } from './stability.ts';
import { sweepK, type SweepOptions, type SweepResult } from './sweep.ts';

/**
 * The table of k, as the command line prints it and the page shows it: the sweep over every
 * customer (WCSS, silhouettes, and the indices from each k's best fit), then the gap statistic
 * and stability on one seeded sample, each row's criteria, the column marks and the
 * recommendation. One function, so both read the same numbers the same way.
 */

/** The stages the table of k goes through, for progress. */
export type TableOfKStage = 'sweep' | 'gap' | 'stability';

export interface TableOfKOptions extends Omit<SweepOptions, 'onProgress'> {
  /** Customers the gap statistic and stability cluster over and over (all of them when fewer). */
  readonly resamplingSample: number;
  /** Resampled subsets for the stability column; 0 leaves it out. */
  readonly stabilityResamples: number;
  /** Done and total within a stage: the sweep counts k, the gap and stability their fits. */
  readonly onProgress?: (done: number, total: number, stage: TableOfKStage) => void;
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
}

/** Each k's Calinski-Harabasz, Davies-Bouldin and smallest share, from its best fit's labels. */
interface FitMeasures {
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
  readonly smallestShare: number;
}

export async function tableOfK(points: PointMatrix, options: TableOfKOptions): Promise<TableOfK> {
  const { n } = points;
  const measured = new Map<number, FitMeasures>();
  const onFit = async (result: KMeansResult) => {
    const labels = result.labels!;
    measured.set(result.k, {
      calinskiHarabasz: calinskiHarabasz(points, labels, result.k),
      daviesBouldin: daviesBouldin(points, labels, result.k),
      smallestShare: Math.min(...result.counts) / n,
    });
    // The caller's own use of each k's best fit (the page's clustering tree).
    await options.onFit?.(result);
  };
  const { onProgress } = options;
  const sweep = await sweepK(points, { ...options, onFit, onProgress: onProgress && ((done, total) => onProgress(done, total, 'sweep')) });

  // One seeded sample for both resampling criteria: each clusters it many times over.
  const kMax = Math.min(options.kMax, n);
  const nInit = options.nInit ?? 3;
  const sampled = sampleRows(n, options.resamplingSample, deriveSeed(options.seed, 0x5e5));
  const sample = sampled.length === n ? points : gatherRows(points, sampled);
  const counter = (stage: TableOfKStage, total: number) => {
    let done = 0;
    return async () => {
      onProgress?.(++done, total, stage);
      await options.betweenIterations?.();
    };
  };
  const gap = await gapStatistic(sample, {
    kMax, seed: options.seed, nInit, signal: options.signal, afterFit: counter('gap', (GAP_REFERENCES + 1) * kMax),
  });
  const stable = options.stabilityResamples > 0
    ? await stability(sample, {
      kMax, resamples: options.stabilityResamples, seed: options.seed, nInit, signal: options.signal,
      afterFit: counter('stability', options.stabilityResamples * Math.max(0, kMax - 1)),
    })
    : null;

  const rows: KRow[] = sweep.points.map((point, i) => ({
    k: point.k,
    wcss: point.wcss,
    silhouette: point.silhouette,
    simplifiedSilhouette: point.simplified,
    calinskiHarabasz: measured.get(point.k)!.calinskiHarabasz,
    daviesBouldin: measured.get(point.k)!.daviesBouldin,
    gap: gap.gap[i] ?? Number.NaN,
    gapSe: gap.standardError[i] ?? Number.NaN,
    stability: stable?.mean[i] ?? Number.NaN,
    stabilitySd: stable?.sd[i] ?? Number.NaN,
    smallestShare: measured.get(point.k)!.smallestShare,
  }));
  const best = columnBest(rows);
  return { sweep, n, rows, best, recommendation: recommend(rows, best), resamplingSampleSize: sample.n, gap, stability: stable };
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
