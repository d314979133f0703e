import { basename, resolve } from 'node:path';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import { NO_SEGMENT } from '../data/labels.ts';
import type { MissingPolicy } from '../data/missing.ts';
import { checkDbscanOptions } from '../density/dbscan.ts';
import { buildDbscanModel, buildHdbscanModel, type DensityModel, type DensityModelInputs } from '../density/density-model.ts';
import { HDBSCAN_THREADS_FROM, hdbscanOnCores, type DensityHelper } from '../density/hdbscan-threads.ts';
import { DBSCAN_THREADS_FROM, dbscanOnCores, type DbscanHelper } from '../density/dbscan-threads.ts';
import { createThreadPool, type ThreadPool } from '../node/thread-pool.ts';
import { runSteps, type StepRunner } from '../density/steps.ts';
import { availableParallelism } from 'node:os';
import type { PointMatrix } from '../kmeans/types.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { checkOutput, isStandardOutput, writeOutput, type OutputOptions } from '../node/output-file.ts';
import { loadPoints, splitList } from './fit.ts';
import { describeClusters, writeLabelledRows } from './labelled-output.ts';

export interface DensityFitArgs {
  readonly input: string;
  readonly inputName?: string;
  readonly algorithm: 'dbscan' | 'hdbscan';
  /** DBSCAN. */
  readonly eps?: number;
  /** Both (HDBSCAN: default min_cluster_size, as scikit-learn's). */
  readonly minSamples?: number;
  /** HDBSCAN. */
  readonly minClusterSize?: number;
  readonly clusterSelection?: 'eom' | 'leaf';
  readonly clusterSelectionEpsilon?: number;
  readonly features?: string;
  /** The feature columns as a list (a workspace's), in place of `features`. */
  readonly featureList?: readonly string[];
  /** Segment names by cluster (a workspace's), in place of the automatic ones where there is one for each. */
  readonly names?: readonly string[];
  readonly scale: boolean;
  readonly missing: MissingPolicy;
  readonly decimal?: ',' | '.';
  readonly out?: string;
  /** Where the model JSON goes ("-": standard output). */
  readonly model?: string;
  readonly json: boolean;
  readonly force?: boolean;
  readonly maxMemory?: number;
  /** Threads for DBSCAN and HDBSCAN (default: every core). */
  readonly threads?: number;
}

/** The command line runs the steps to the end at once (nothing to hear between them). */
const atOnce: StepRunner = async (steps) => runSteps(steps);

/** Clusters the table prints; the rest are counted in one line (DBSCAN can find thousands). */
const TABLE_ROWS = 40;

/** `fit --algorithm dbscan`: read, scale, cluster by density, report and write the rows with their clusters. */
export async function fitDensityCommand(args: DensityFitArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const wanted = args.featureList ? [...args.featureList] : args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  if (args.json && (isStandardOutput(args.out) || isStandardOutput(args.model))) {
    throw new InputError('--json and an output on standard output ("-") both want it: write that output to a file, or leave out --json');
  }
  if (args.out === '-' && args.model === '-') throw new InputError('--out - and --model - cannot both go to standard output');
  if (args.out && args.model && resolve(args.out) === resolve(args.model)) throw new InputError(`${args.out}: --out and --model name the same file`);
  const inputs = [args.input];
  const outputOptions = { inputs, force: args.force, option: '--out' };
  await checkOutput(args.out, outputOptions);
  await checkOutput(args.model, { ...outputOptions, option: '--model' });
  // Bad parameters cost nothing: refused before the file is read.
  const algorithm = densityAlgorithm(args);
  const rows = await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, args.maxMemory ?? defaultMemoryBudget());
  const threads = new DensityThreads(args.threads ?? availableParallelism(), args.algorithm === 'dbscan' ? DBSCAN_THREADS_FROM : HDBSCAN_THREADS_FROM);
  // Threads load their code in about 0.4 s: for a file big enough to use them, while it is read.
  if (rows !== null) threads.expect(rows);
  try {
    await clusterAndReport(args, algorithm, wanted, threads, outputOptions, log);
  } finally {
    await threads.close();
  }
}

async function clusterAndReport(
  args: DensityFitArgs, algorithm: DensityAlgorithm, wanted: string[], threads: DensityThreads, outputOptions: OutputOptions, log: (line: string) => void,
): Promise<void> {
  const input = await loadPoints(args, wanted, log);
  const { points, scaler } = input;
  let result: DensityRun;
  try {
    result = await algorithm.run(points, threads);
  } catch (error) {
    // A parameter that only the data can refuse (min_cluster_size above the customers) names the file.
    if (error instanceof RangeError || (error instanceof Error && /min_cluster_size|min_samples/.test(error.message))) throw new InputError(`${input.file}: ${error.message}`);
    throw error;
  }
  const { counts, centres, names } = describeClusters(input, points, scaler, result.labels, result.clusters, args.names);
  await writeLabelledRows(args, result.labels, names, input.kept, outputOptions, log);

  if (args.model) {
    let model: DensityModel;
    try {
      model = result.model({ features: input.featureNames, scaled: args.scale, scaler, data: points.data, segmentNames: names, counts });
    } catch (error) {
      if (error instanceof RangeError) throw new InputError(`${args.model}: ${error.message}`);
      throw error;
    }
    await writeOutput(args.model, (write) => write(JSON.stringify(model) + '\n'), { ...outputOptions, option: '--model' });
    if (args.model !== '-') log(`wrote ${args.model}`);
  }

  const d = points.d;
  const noiseShare = result.noise / points.n;
  if (result.clusters === 0) log(`warning: every customer is noise at ${algorithm.settings}: ${algorithm.allNoiseHint}`);
  if (args.json) {
    process.stdout.write(JSON.stringify({
      algorithm: args.algorithm,
      n: points.n,
      d,
      ...algorithm.json,
      n_clusters: result.clusters,
      noise: result.noise,
      noise_share: noiseShare,
      ...result.json,
      counts: Array.from(counts),
      means: Array.from({ length: result.clusters }, (_, j) => Array.from(centres.subarray(j * d, j * d + d))),
      segments: names,
      features: input.featureNames,
      dropped_rows: input.rows - points.n,
      ms_total: Math.round(result.ms * 1000) / 1000,
    }) + '\n');
    return;
  }
  const report = isStandardOutput(args.out) || isStandardOutput(args.model) ? process.stderr : process.stdout;
  report.write(
    `${input.file}: ${points.n} customers, ${d} features, ${algorithm.name} ${algorithm.settings} (CPU, ${result.threads > 1 ? `${result.threads} threads` : 'one thread'})\n` +
      `${result.clusters} clusters, ${result.noise} customers in none (${(100 * noiseShare).toFixed(1)} % noise)${result.note}; ${result.ms.toFixed(0)} ms\n\n` +
      densityTable(input.featureNames, counts, centres, names, points.n, result.noise) + '\n',
  );
}

/** What a density algorithm found, with its own facts for the report and --json. */
interface DensityRun {
  readonly labels: Int32Array;
  readonly clusters: number;
  readonly noise: number;
  readonly ms: number;
  readonly note: string;
  readonly threads: number;
  readonly json: Record<string, unknown>;
  /** The model file that scores new customers as this run would. */
  readonly model: (inputs: DensityModelInputs) => DensityModel;
}

type DensityAlgorithm = ReturnType<typeof densityAlgorithm>;

/** The algorithm the arguments name, its parameters checked (before any file is read). */
function densityAlgorithm(args: DensityFitArgs) {
  if (args.algorithm === 'dbscan') {
    if (args.eps === undefined) throw new InputError('--algorithm dbscan needs --eps (the neighbourhood radius in standard deviations, e.g. 0.3; the page\'s k-distance curve suggests one)');
    const eps = args.eps;
    const minSamples = args.minSamples ?? 5;
    checkDbscanOptions(eps, minSamples, 1);
    return {
      name: 'DBSCAN', settings: `eps ${eps}, min_samples ${minSamples}`, allNoiseHint: 'raise eps or lower min_samples', json: { eps, min_samples: minSamples },
      async run(points: PointMatrix, onThreads: DensityThreads): Promise<DensityRun> {
        const { result, threads } = await dbscanOnCores(points, { eps, minSamples }, onThreads.helpers(points.n), atOnce);
        return {
          ...result, threads, note: `, ${result.corePoints} core points`, json: { core_points: result.corePoints, threads },
          model: (inputs) => buildDbscanModel(inputs, result, { eps, minSamples }),
        };
      },
    };
  }
  if (args.minClusterSize === undefined) throw new InputError('--algorithm hdbscan needs --min-cluster-size (the smallest group that counts as a segment, e.g. 100)');
  const options = {
    minClusterSize: args.minClusterSize, minSamples: args.minSamples ?? args.minClusterSize,
    clusterSelectionMethod: args.clusterSelection ?? 'eom', clusterSelectionEpsilon: args.clusterSelectionEpsilon ?? 0,
  };
  return {
    name: 'HDBSCAN',
    settings: `min_cluster_size ${options.minClusterSize}, min_samples ${options.minSamples}, ${options.clusterSelectionMethod} selection` +
      (options.clusterSelectionEpsilon > 0 ? `, cluster_selection_epsilon ${options.clusterSelectionEpsilon}` : ''),
    allNoiseHint: 'lower min_cluster_size or min_samples',
    json: {
      min_cluster_size: options.minClusterSize, min_samples: options.minSamples, cluster_selection_method: options.clusterSelectionMethod,
      cluster_selection_epsilon: options.clusterSelectionEpsilon,
    },
    async run(points: PointMatrix, onThreads: DensityThreads): Promise<DensityRun> {
      const started = performance.now();
      const { result, threads } = await hdbscanOnCores(points, options, onThreads.helpers(points.n), atOnce, new AbortController().signal);
      const ms = performance.now() - started;
      return {
        ...result, ms, threads, note: '', json: { threads },
        model: (inputs) => buildHdbscanModel(inputs, result, {
          minClusterSize: options.minClusterSize, minSamples: options.minSamples,
          clusterSelectionMethod: options.clusterSelectionMethod, clusterSelectionEpsilon: options.clusterSelectionEpsilon,
        }),
      };
    },
  };
}

/**
 * Worker threads beside this one for a density run of enough customers (below `from`, their
 * start and messages cost more than they save): started early where the file's rows are
 * estimated, else on first use; stopped at the end.
 */
class DensityThreads {
  private pool: ThreadPool | null = null;
  constructor(private readonly wanted: number, private readonly from: number) {}

  expect(rows: number): void {
    if (rows >= this.from) void this.start()?.warm().catch(() => undefined);
  }

  /** The helpers for n customers: none below the size, or with one thread wanted. */
  helpers(n: number): (DensityHelper & DbscanHelper)[] {
    return n >= this.from ? this.start()?.helpers(this.wanted - 1) ?? [] : [];
  }

  private start(): ThreadPool | null {
    if (!this.pool && this.wanted > 1) this.pool = createThreadPool(this.wanted - 1);
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
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
