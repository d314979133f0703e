import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { GAP_REFERENCES } from '../analysis/gap.ts';
import type { ColumnBest, KRow } from '../analysis/recommend.ts';
import { STABILITY_FRACTION, type StabilityResult } from '../analysis/stability.ts';
import { DEFAULT_SILHOUETTE_SAMPLE } from '../analysis/sweep.ts';
import { tableOfK } from '../analysis/table-of-k.ts';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import type { MissingPolicy } from '../data/missing.ts';
import { fitScaler, transformInterleaved } from '../data/scaler.ts';
import { cpuAlgorithmFor } from '../kmeans/cpu/engine.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { readCsvFeatures } from '../node/csv-read.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { CpuThreads } from './cpu-threads.ts';
import { applyMissing, splitList } from './fit.ts';

export interface SweepArgs {
  readonly input: string;
  /** The input as messages name it ("stdin" when read from standard input). */
  readonly inputName?: string;
  readonly kMax: number;
  readonly nInit: number;
  /** Resampled subsets for the stability column; 0 turns it off. */
  readonly stability: number;
  readonly seed: number;
  readonly features?: string;
  readonly decimal?: ',' | '.';
  readonly missing: MissingPolicy;
  readonly threads?: number;
  readonly json: boolean;
}

/** Customers the gap statistic and stability cluster over and over: (B + 1) x k_max and resamples x k_max fits. */
export const RESAMPLING_SAMPLE = 20_000;

/** `sweep`: the table of k (k = 1..k_max) with every criterion, and one recommendation. */
export async function sweepCommand(args: SweepArgs): Promise<void> {
  const started = performance.now();
  const wanted = args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  const rows = await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, defaultMemoryBudget());
  const threads = new CpuThreads(args.threads ?? availableParallelism(), 'cpu');
  // Threads load their code while a file big enough to use them is read.
  if (rows !== null) threads.expect(rows);
  try {
    await sweepWith(args, wanted, threads, started);
  } finally {
    await threads.close();
  }
}

async function sweepWith(args: SweepArgs, wanted: string[], threads: CpuThreads, started: number): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const file = await readCsvFeatures(args.input, wanted, args.decimal, args.inputName);
  for (const note of file.notes) log(`note: ${note}`);
  const { columns, n } = applyMissing(file.file, file.columns, file.n, file.featureNames, args.missing);
  const points: PointMatrix = { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: columns.length };
  const kMax = Math.min(args.kMax, n);
  if (kMax < args.kMax) log(`note: ${file.file} has ${customers(n)}: k goes up to ${kMax}`);

  // Every k and restart runs on the same customers: the index pays back.
  const engineOf = threads.engineFor(n, { workload: 'many' });
  await threads.ready();
  let table;
  try {
    table = await tableOfK(points, {
      kMax, seed: args.seed, nInit: args.nInit, sampleSize: DEFAULT_SILHOUETTE_SAMPLE,
      resamplingSample: RESAMPLING_SAMPLE, stabilityResamples: args.stability,
      engineFor: async (k) => engineOf(points, k),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${file.file}: ${error.message}`);
    throw error;
  }
  const { sweep, rows: rowsOfK, best, recommendation, gap, stability: stable } = table;
  const threadCount = threads.count(n);
  const samples = { silhouette: sweep.sampleSize, gap: table.resamplingSampleSize, stability: stable ? table.resamplingSampleSize : null };

  if (args.json) {
    process.stdout.write(
      JSON.stringify({
        n, d: points.d, k_max: kMax, features: file.featureNames,
        rows: rowsOfK.map(jsonRow),
        best: {
          wcss: best.elbow, silhouette: best.silhouette, simplified_silhouette: best.simplifiedSilhouette,
          calinski_harabasz: best.calinskiHarabasz, davies_bouldin: best.daviesBouldin, gap: best.gap, stability: best.stability,
        },
        recommended_k: recommendation.k,
        recommendation: recommendation.sentence,
        samples,
        gap_references: gap.references,
        stability_resamples: stable?.resamples ?? null,
        stability_subset: stable?.subsetSize ?? null,
        n_init: args.nInit,
        cpu_algorithm: cpuAlgorithmFor(n, points.d),
        cpu_threads: threadCount,
        dropped_rows: file.n - n,
        ms_total: Math.round(performance.now() - started),
      }) + '\n',
    );
    return;
  }
  const where = `${cpuAlgorithmFor(n, points.d)}, ${threadCount === 1 ? 'one thread' : `${threadCount} threads`}`;
  process.stdout.write(
    `${file.file}: ${customers(n)}, ${points.d} features; k = 1..${kMax}, ${args.nInit} restarts each, on cpu (${where})\n` +
      `${sampleLine(samples, n, stable)}\n\n` +
      `${kTable(rowsOfK, best, stable !== null)}\n` +
      `* the best of its column: the elbow of WCSS (Kneedle), the highest silhouette, Calinski-Harabasz and stability, ` +
      `the lowest Davies-Bouldin, and gap's rule (the smallest k with gap(k) >= gap(k+1) - se(k+1))\n\n` +
      `${recommendation.sentence}\n` +
      `${Math.round(performance.now() - started)} ms\n`,
  );
}

const customers = (count: number) => `${count} customer${count === 1 ? '' : 's'}`;

/** NaN (undefined, or not computed) is null in JSON. */
const orNull = (value: number) => (Number.isFinite(value) ? value : null);

function jsonRow(row: KRow) {
  return {
    k: row.k,
    wcss: row.wcss,
    silhouette: orNull(row.silhouette),
    simplified_silhouette: orNull(row.simplifiedSilhouette),
    calinski_harabasz: orNull(row.calinskiHarabasz),
    davies_bouldin: orNull(row.daviesBouldin),
    gap: orNull(row.gap),
    gap_se: orNull(row.gapSe),
    stability: orNull(row.stability),
    stability_sd: orNull(row.stabilitySd),
    smallest_share: row.smallestShare,
  };
}

function sampleLine(samples: { silhouette: number; gap: number }, n: number, stable: StabilityResult | null): string {
  const of = (m: number) => (m === n ? `all ${customers(n)}` : `a seeded sample of ${customers(m)}`);
  const resampled = stable
    ? ` and stability (mean adjusted Rand index of every pair of ${stable.resamples} subsets of ${Math.round(STABILITY_FRACTION * 100)} %, ` +
      `${customers(stable.subsetSize)} each, on the customers both hold)`
    : '';
  return (
    `silhouette on ${of(samples.silhouette)}, the simplified silhouette and the indices on all; ` +
    `gap (${GAP_REFERENCES} uniform reference sets over the data's box)${resampled} on ${of(samples.gap)}`
  );
}

/** The table of k for a reader: one row per k, '*' after each column's best. */
function kTable(rows: readonly KRow[], best: ColumnBest, withStability: boolean): string {
  const mark = (k: number, bestK: number | null) => (k === bestK ? '*' : ' ');
  const cell = (value: number, text: (v: number) => string, marked: string) => (Number.isFinite(value) ? text(value) + marked : '- ');
  const header = ['k', 'WCSS', 'silhouette', 'simplified', 'Calinski-H.', 'Davies-B.', 'gap ± se', ...(withStability ? ['stability ± sd'] : []), 'smallest'];
  const body = rows.map((r) => [
    String(r.k),
    cell(r.wcss, magnitude, mark(r.k, best.elbow)),
    cell(r.silhouette, (v) => v.toFixed(3), mark(r.k, best.silhouette)),
    cell(r.simplifiedSilhouette, (v) => v.toFixed(3), mark(r.k, best.simplifiedSilhouette)),
    cell(r.calinskiHarabasz, magnitude, mark(r.k, best.calinskiHarabasz)),
    cell(r.daviesBouldin, (v) => v.toFixed(3), mark(r.k, best.daviesBouldin)),
    cell(r.gap, (v) => `${v.toFixed(3)} ± ${r.gapSe.toFixed(3)}`, mark(r.k, best.gap)),
    ...(withStability ? [cell(r.stability, (v) => `${v.toFixed(3)} ± ${r.stabilitySd.toFixed(3)}`, mark(r.k, best.stability))] : []),
    `${(100 * r.smallestShare).toFixed(1)} % `,
  ]);
  const lines = [header.map((h, c) => (c === 0 ? h : h + ' ')), ...body];
  const widths = header.map((_, c) => Math.max(...lines.map((line) => line[c]!.length)));
  return lines.map((line) => line.map((text, c) => text.padStart(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** Large sums without an exponent, small ones with six significant digits. */
const magnitude = (v: number) => (Math.abs(v) >= 1e5 ? v.toFixed(0) : v.toPrecision(6));
