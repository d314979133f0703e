import { basename, resolve } from 'node:path';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import { NO_SEGMENT } from '../data/labels.ts';
import type { MissingPolicy } from '../data/missing.ts';
import { inverseTransformRows } from '../data/scaler.ts';
import { clusterMeans } from '../density/cluster-means.ts';
import { checkDbscanOptions, dbscan } from '../density/dbscan.ts';
import { segmentNames } from '../kmeans/segment-names.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { checkOutput, isStandardOutput, writeOutput } from '../node/output-file.ts';
import { writeSegmentedRows } from '../node/csv-write.ts';
import { wantsParquet, writeSegmentedParquet } from '../node/parquet-write.ts';
import { loadPoints, splitList } from './fit.ts';

export interface DensityFitArgs {
  readonly input: string;
  readonly inputName?: string;
  readonly algorithm: 'dbscan';
  readonly eps: number;
  readonly minSamples: number;
  readonly features?: string;
  readonly scale: boolean;
  readonly missing: MissingPolicy;
  readonly decimal?: ',' | '.';
  readonly out?: string;
  readonly json: boolean;
  readonly force?: boolean;
  readonly maxMemory?: number;
}

/** Clusters the table prints; the rest are counted in one line (DBSCAN can find thousands). */
const TABLE_ROWS = 40;

/** `fit --algorithm dbscan`: read, scale, cluster by density, report and write the rows with their clusters. */
export async function fitDensityCommand(args: DensityFitArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const wanted = args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  if (args.json && isStandardOutput(args.out)) throw new InputError('--json and --out - both want standard output: write the rows to a file, or leave out --json');
  const inputs = [args.input];
  const outputOptions = { inputs, force: args.force, option: '--out' };
  await checkOutput(args.out, outputOptions);
  await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, args.maxMemory ?? defaultMemoryBudget());
  // Bad parameters cost nothing: refused before the file is read.
  checkDbscanOptions(args.eps, args.minSamples, 1);
  const input = await loadPoints(args, wanted, log);
  const { points, scaler, stats } = input;
  const result = dbscan(points, { eps: args.eps, minSamples: args.minSamples });
  const { counts, means } = clusterMeans(points, result.labels, result.clusters);
  const centres = inverseTransformRows(means, scaler);
  const names = segmentNames(input.featureNames, centres, stats.mean, stats.scale);

  if (args.out) {
    if (resolve(args.out) === resolve(args.input) && !args.force) throw new InputError(`${args.out}: --out names the input file (add --force to replace it)`);
    const writeRows = wantsParquet(args.out) ? writeSegmentedParquet : writeSegmentedRows;
    await writeOutput(args.out, (write) => writeRows(args.input, write, result.labels, names, input.kept), outputOptions);
    if (args.out !== '-') log(`wrote ${args.out}`);
  }

  const d = points.d;
  const noiseShare = result.noise / points.n;
  if (result.clusters === 0) log(`warning: every customer is noise at eps ${args.eps} and min_samples ${args.minSamples}: raise eps or lower min_samples`);
  if (args.json) {
    process.stdout.write(JSON.stringify({
      algorithm: 'dbscan',
      n: points.n,
      d,
      eps: args.eps,
      min_samples: args.minSamples,
      n_clusters: result.clusters,
      noise: result.noise,
      noise_share: noiseShare,
      core_points: result.corePoints,
      counts: Array.from(counts),
      means: Array.from({ length: result.clusters }, (_, j) => Array.from(centres.subarray(j * d, j * d + d))),
      segments: names,
      features: input.featureNames,
      dropped_rows: input.rows - points.n,
      ms_total: Math.round(result.ms * 1000) / 1000,
    }) + '\n');
    return;
  }
  const report = isStandardOutput(args.out) ? process.stderr : process.stdout;
  report.write(
    `${input.file}: ${points.n} customers, ${d} features, DBSCAN eps ${args.eps}, min_samples ${args.minSamples} (CPU, one thread)\n` +
      `${result.clusters} clusters, ${result.noise} customers in none (${(100 * noiseShare).toFixed(1)} % noise), ` +
      `${result.corePoints} core points; ${result.ms.toFixed(0)} ms\n\n` +
      densityTable(input.featureNames, counts, centres, names, points.n, result.noise) + '\n',
  );
}

/** The clusters (largest first would hide scikit-learn's numbering: in its order), then noise. */
function densityTable(features: readonly string[], counts: Float64Array, centres: Float64Array, names: readonly string[], n: number, noise: number): string {
  const d = features.length;
  const header = ['Cluster', 'Customers', 'Share', ...features, 'Segment'];
  const share = (count: number) => `${((100 * count) / n).toFixed(1)}%`;
  const shown = Math.min(counts.length, TABLE_ROWS);
  const rows = Array.from({ length: shown }, (_, j) => [
    String(j), String(counts[j]), share(counts[j]!), ...Array.from(centres.subarray(j * d, j * d + d), (v) => v.toFixed(2)), names[j] ?? '',
  ]);
  rows.push(['-1', String(noise), share(noise), ...features.map(() => ''), NO_SEGMENT]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padStart(widths[c]!))).join('  ');
  const more = counts.length > shown ? `\n(${counts.length - shown} more clusters: --json or --out lists them all)` : '';
  return [line(header), ...rows.map(line)].join('\n') + more;
}
