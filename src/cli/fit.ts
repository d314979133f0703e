import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import { dropMissing, imputeMean, reportMissing, type MissingPolicy } from '../data/missing.ts';
import { fitScaler, identityScaler, inverseTransformRows, transformInterleaved, transformRows, type Scaler } from '../data/scaler.ts';
import { buildModel } from '../kmeans/model.ts';
import { runKMeans } from '../kmeans/run.ts';
import { fitOnSample, type SampledFit } from '../kmeans/sample-fit.ts';
import { segmentNames } from '../kmeans/segment-names.ts';
import { selectEngine } from '../kmeans/select.ts';
import { validateOptions } from '../kmeans/validate.ts';
import { describeAdapter } from '../kmeans/gpu/device.ts';
import { runWarnings, warningText } from '../kmeans/warnings.ts';
import type { BackendChoice, InitMethod, PointMatrix } from '../kmeans/types.ts';
import { checkOutput, isStandardOutput, writeOutput } from '../node/output-file.ts';
import { readCsvFeatures } from '../node/csv-read.ts';
import { writeSegmentedRows } from '../node/csv-write.ts';
import { wantsParquet, writeSegmentedParquet } from '../node/parquet-write.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { nodeGpu, readShaderSources } from '../node/webgpu-node.ts';
import { CpuThreads } from './cpu-threads.ts';
import { jsonSummary, segmentTable } from './report.ts';

export interface FitArgs {
  readonly input: string;
  readonly k: number;
  readonly features?: string;
  /** The feature columns as a list (a workspace's), in place of `features`. */
  readonly featureList?: readonly string[];
  /** Segment names by cluster (a workspace's), in place of the automatic ones where there is one for each. */
  readonly names?: readonly string[];
  readonly init: string;
  /** Centroids that never move: 0-based rows of the --init CSV, comma-separated (e.g. "0,2"). */
  readonly freeze?: string;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly seed: number;
  readonly backend: BackendChoice;
  readonly scale: boolean;
  readonly missing: MissingPolicy;
  readonly out?: string;
  readonly model?: string;
  readonly json: boolean;
  /** The input's decimal mark; detected per column when absent. */
  readonly decimal?: ',' | '.';
  /** Warn when a segment holds less than this share of the customers (0.01 = 1 %). */
  readonly minShare: number;
  /** Allow an output to replace an input file. */
  readonly force?: boolean;
  /** Bytes the run may hold; a file that would need more is refused before it is read. */
  readonly maxMemory?: number;
  /** The input as messages name it ("stdin" when read from standard input). */
  readonly inputName?: string;
  /** CPU threads (default: every core). */
  readonly threads?: number;
  /** Fit on this many customers drawn uniformly (seeded by --seed), then assign every customer. */
  readonly sample?: number;
}

/** `fit`: read a CSV, scale, cluster on the chosen backend, report and write the outputs. */
export async function fitCommand(args: FitArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const wanted = args.featureList ? [...args.featureList] : args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  if (args.json && (isStandardOutput(args.out) || isStandardOutput(args.model))) {
    throw new InputError('--json and an output of "-" both want standard output: write that output to a file, or leave out --json');
  }
  if (args.out === '-' && args.model === '-') throw new InputError('--out - and --model - cannot both go to standard output');
  if (args.out && args.model && resolve(args.out) === resolve(args.model)) throw new InputError(`${args.out}: --out and --model name the same file`);
  const frozen = args.freeze === undefined ? undefined : parseFreeze(args.freeze, args.k, args.init);
  if (args.sample !== undefined && args.sample < args.k) throw new InputError(`--sample ${args.sample} draws fewer customers than k = ${args.k} clusters`);
  const inputs = [args.input, ...(args.init === 'k-means++' || args.init === 'random' ? [] : [args.init])];
  const outputOptions = (option: string) => ({ inputs, force: args.force, option });
  // Output problems are found before the work, not after it.
  await checkOutput(args.out, outputOptions('--out'));
  await checkOutput(args.model, outputOptions('--model'));
  const rows = await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, args.maxMemory ?? defaultMemoryBudget());
  const threads = new CpuThreads(args.threads ?? availableParallelism(), args.backend);
  // Threads load their code in about 0.4 s: for a file big enough to use them, while it is read.
  if (rows !== null) threads.expect(rows);
  try {
    await fitWith(args, frozen, wanted, threads, outputOptions, log);
  } finally {
    await threads.close();
  }
}

/** Points shared with the worker threads, not copied to them, from this size on (about 22 M customers of 3 features). */
const SHARED_POINTS_BYTES = 256 * 1024 * 1024;

/**
 * Read, check and scale the input into the engines' points. The feature columns stay behind in
 * this function (a variable of the fit would keep them): at 100 M customers they weigh what the
 * points weigh. Large points go in shared memory, which the worker threads use without a copy.
 */
export async function loadPoints(args: Pick<FitArgs, 'input' | 'decimal' | 'inputName' | 'missing' | 'scale'>, wanted: string[], log: (line: string) => void) {
  const table = await readCsvFeatures(args.input, wanted, args.decimal, args.inputName);
  for (const note of table.notes) log(`note: ${note}`);
  const prepared = applyMissing(table.file, table.columns, table.n, table.featureNames, args.missing);
  const { columns, n } = prepared;
  const stats = fitScaler(columns, n);
  const scaler = args.scale ? stats : identityScaler(columns.length);
  const shared = n * columns.length * 4 >= SHARED_POINTS_BYTES;
  const points: PointMatrix = { data: transformInterleaved(columns, n, scaler, shared), n, d: columns.length };
  return { file: table.file, featureNames: table.featureNames, rows: table.n, kept: prepared.kept, stats, scaler, points };
}

async function fitWith(
  args: FitArgs, frozen: number[] | undefined, wanted: string[], threads: CpuThreads,
  outputOptions: (option: string) => { inputs: string[]; force?: boolean; option: string }, log: (line: string) => void,
): Promise<void> {
  const input = await loadPoints(args, wanted, log);
  const { stats, scaler, points } = input;
  const { n } = points;

  const init: InitMethod | Float64Array =
    args.init === 'k-means++' || args.init === 'random' ? args.init : await readGivenRows(args.init, input.featureNames, args.k, scaler, 'centroid');

  const options = { k: args.k, init, nInit: args.nInit, maxIter: args.maxIter, tol: args.tol, seed: args.seed, frozen };
  let fallbackReason: string | null = null;
  /** Cluster `target` on the chosen backend: the result, the adapter and the CPU algorithm that ran. */
  const fitOn = async (target: PointMatrix, withLabels: boolean) => {
    // Bad options are the one line said, before an engine is chosen (and a note on it printed).
    try {
      validateOptions(target, options);
    } catch (error) {
      if (error instanceof RangeError) throw new InputError(`${input.file}: ${error.message}`);
      throw error;
    }
    let selected;
    try {
      selected = await selectEngine({
        backend: args.backend,
        points: target,
        k: args.k,
        gpu: nodeGpu,
        shaders: readShaderSources(),
        avoidSoftwareGpu: { useAnyway: '--backend webgpu uses it anyway' },
        // One start builds no index: it would cost more than it saves (see CpuWorkload).
        cpu: threads.engineFor(target.n, { workload: init instanceof Float64Array || args.nInit === 1 ? 'one start' : 'many' }),
        onFallback: (reason) => {
          fallbackReason = reason;
          log(`note: ${reason}`);
        },
      });
    } catch (error) {
      throw new InputError(error instanceof Error ? error.message : String(error));
    }
    const { engine } = selected;
    if (engine.backend === 'cpu') await threads.ready();
    try {
      // A turn of the event loop per iteration: Ctrl-C is handled (temporary files removed) even during a long CPU fit.
      const fitted = await runKMeans(engine, target, options, { withLabels, onIteration: () => new Promise((done) => setImmediate(done)) });
      return { result: fitted, adapter: fitted.backend === 'webgpu' ? selected.adapter : null, cpuAlgorithm: fitted.backend === 'cpu' ? (engine.cpuAlgorithm ?? null) : null };
    } catch (error) {
      if (error instanceof RangeError) throw new InputError(`${input.file}: ${error.message}`);
      throw error;
    } finally {
      engine.destroy();
    }
  };
  let fitted;
  let sampled: SampledFit['sample'] | null = null;
  if (args.sample !== undefined && args.sample < n) {
    // Fit on a seeded uniform sample, then assign every customer to its centroids (one pass on the CPU).
    let onSample!: Awaited<ReturnType<typeof fitOn>>;
    const outcome = await fitOnSample(points, args.sample, args.seed, async (sample) => (onSample = await fitOn(sample, false)).result,
      threads.engineFor(n, { workload: 'one pass' }));
    fitted = { ...onSample, result: outcome.result };
    sampled = outcome.sample;
  } else fitted = await fitOn(points, Boolean(args.out));
  const { result, adapter, cpuAlgorithm } = fitted;
  // How many threads the CPU ran on (null on the GPU).
  const cpuThreads = result.backend === 'cpu' ? threads.count(sampled ? sampled.n : points.n) : null;

  const centroids = inverseTransformRows(result.centroids, scaler);
  const automatic = segmentNames(input.featureNames, centroids, stats.mean, stats.scale);
  const names = args.names?.length === automatic.length ? [...args.names] : automatic;

  if (args.out) {
    const labels = result.labels!;
    const writeRows = wantsParquet(args.out) ? writeSegmentedParquet : writeSegmentedRows;
    await writeOutput(args.out, (write) => writeRows(args.input, write, labels, names, input.kept), outputOptions('--out'));
    if (args.out !== '-') log(`wrote ${args.out}`);
  }
  if (args.model) {
    const model = buildModel({
      features: input.featureNames,
      scaled: args.scale,
      scaler,
      result,
      centroidsInUnits: centroids,
      segmentNames: names,
      params: {
        init: typeof init === 'string' ? init : args.init, nInit: args.nInit, maxIter: args.maxIter, tol: args.tol, seed: args.seed,
        ...(result.frozen ? { frozen: result.frozen } : {}),
      },
    });
    await writeOutput(args.model, (write) => write(JSON.stringify(model, null, 2) + '\n'), outputOptions('--model'));
    if (args.model !== '-') log(`wrote ${args.model}`);
  }

  const warnings = runWarnings(result.counts, args.minShare).map((w) => warningText(w, names));
  for (const warning of warnings) log(`warning: ${warning}`);
  const extra = {
    features: input.featureNames, segments: names, adapter, cpu_algorithm: cpuAlgorithm, cpu_threads: cpuThreads,
    fallback_reason: fallbackReason, dropped_rows: input.rows - n, warnings,
    ...(result.frozen ? { frozen: result.frozen } : {}),
    ...(sampled ? { sample: { n: sampled.n, seed: sampled.seed, inertia: sampled.inertia } } : {}),
  };
  if (args.json) {
    process.stdout.write(jsonSummary(result, extra, centroids) + '\n');
  } else {
    // With an output on standard output, the report goes to standard error and keeps the CSV clean.
    const report = isStandardOutput(args.out) || isStandardOutput(args.model) ? process.stderr : process.stdout;
    report.write(
      `${input.file}: ${n} customers, ${points.d} features, k = ${args.k} on ${result.backend}` +
        `${adapter ? ` (${describeAdapter(adapter)})` : cpuAlgorithm ? ` (${cpuAlgorithm}, ${cpuThreads === 1 ? 'one thread' : `${cpuThreads} threads`})` : ''}\n` +
        `${result.converged ? 'converged' : 'stopped at max_iter'} after ${result.iterations} iterations (${result.stop}); ` +
        `inertia ${result.inertia.toPrecision(8)}; ${result.msTotal.toFixed(0)} ms total, ${result.msPerIteration.toFixed(1)} ms per iteration\n` +
        (result.frozen ? `frozen (did not move): cluster ${result.frozen.join(', ')}\n` : '') +
        (sampled ? `fitted on a seeded sample of ${sampled.n} customers (seed ${sampled.seed}, inertia ${sampled.inertia.toPrecision(8)}); ` +
          `every one of the ${n} assigned to its centroids: the inertia above\n` : '') +
        '\n' +
        segmentTable(result, input.featureNames, centroids, names) +
        '\n',
    );
  }
}

/** k rows of given centres (centroids, a mixture's means) from a CSV in the input's units, scaled as the customers are. */
export async function readGivenRows(path: string, featureNames: readonly string[], k: number, scaler: Scaler, what: string): Promise<Float64Array> {
  const given = await readCsvFeatures(path, featureNames);
  if (given.n !== k) throw new InputError(`${given.file}: has ${given.n} ${what} rows, k is ${k}`);
  const missing = reportMissing(given.columns, given.n);
  if (missing.firstRow >= 0) {
    throw new InputError(`${given.file}: row ${missing.firstRow + 2}, column "${given.featureNames[missing.firstColumn]}": a ${what} value is missing`);
  }
  const d = featureNames.length;
  const rows = new Float64Array(k * d);
  for (let j = 0; j < k; j++) for (let f = 0; f < d; f++) rows[j * d + f] = given.columns[f]![j]!;
  return transformRows(rows, scaler);
}

export function applyMissing(file: string, columns: Float32Array[], n: number, names: readonly string[], policy: MissingPolicy) {
  const report = reportMissing(columns, n);
  if (report.rows === 0) return { columns, n, kept: null };
  if (policy === 'error') {
    throw new InputError(
      `${file}: row ${report.firstRow + 2}, column "${names[report.firstColumn]}": value is missing ` +
        `(${report.rows === 1 ? '1 row has a missing value' : `${report.rows} rows have missing values`}; use --missing drop or --missing mean)`,
    );
  }
  if (policy === 'mean') {
    imputeMean(columns, n);
    return { columns, n, kept: null };
  }
  const dropped = dropMissing(columns, n);
  if (dropped.n === 0) throw new InputError(`${file}: every row has a missing value; nothing is left to cluster`);
  return { columns: dropped.columns, n: dropped.n, kept: dropped.kept };
}

/**
 * `--freeze 0,2`: rows of the --init CSV, checked before any work so a typo costs nothing.
 * A seeded init has no rows to name: its centroids change with the seed.
 */
export function parseFreeze(text: string, k: number, init: string): number[] {
  if (init === 'k-means++' || init === 'random') {
    throw new InputError('--freeze needs --init FILE.csv: it names rows of given centroids, and k-means++ or random draw new ones');
  }
  const items = splitList(text);
  if (items.length === 0) throw new InputError(`--freeze: give the 0-based rows of the --init file to freeze, e.g. 0,2; got "${text}"`);
  const rows: number[] = [];
  for (const item of items) {
    const row = /^\d+$/.test(item) ? Number(item) : NaN;
    if (!Number.isInteger(row)) throw new InputError(`--freeze: "${item}" is not a row number (0-based rows of the --init file, e.g. 0,2)`);
    if (row >= k) throw new InputError(`--freeze: ${row} is not a cluster of k = ${k} (rows 0 to ${k - 1})`);
    if (rows.includes(row)) throw new InputError(`--freeze: ${row} is listed twice`);
    rows.push(row);
  }
  return rows;
}

export function splitList(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean);
}
