import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import { createCpuEngine } from '../kmeans/cpu/engine.ts';
import type { AssignEngine, PointMatrix } from '../kmeans/types.ts';
import { fitMixture, MIXTURE_DEFAULTS, type MixtureInit } from '../mixture/fit.ts';
import { covarianceSize, IllDefinedCovarianceError, type CovarianceType } from '../mixture/gaussian.ts';
import { UNCERTAIN_BELOW } from '../mixture/certainty.ts';
import { MIXTURE_THREADS_FROM, threadedMixtureEngine } from '../mixture/threads.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { checkOutput, isStandardOutput } from '../node/output-file.ts';
import { createThreadPool } from '../node/thread-pool.ts';
import { loadPoints, readGivenRows, splitList } from './fit.ts';
import { describeClusters, writeLabelledRows } from './labelled-output.ts';
import type { AgglomerativeFitArgs } from './fit-agglomerative.ts';

/** The agglomerative command's input and output options, with EM's. */
export interface MixtureFitArgs extends Omit<AgglomerativeFitArgs, 'algorithm'> {
  readonly covariance: CovarianceType;
  /** kmeans, k-means++, or a CSV of k mean rows in the input units. */
  readonly init?: string;
  readonly nInit?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  readonly regCovar?: number;
  readonly seed: number;
  readonly threads?: number;
}

/** `fit --algorithm gmm`: read, scale, fit a Gaussian mixture by EM, report and write the rows with their most likely component and its probability. */
export async function fitMixtureCommand(args: MixtureFitArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  if (args.k === undefined) throw new InputError('--algorithm gmm needs --k (the number of components)');
  const k = args.k;
  const wanted = args.featureList ? [...args.featureList] : args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  if (args.json && isStandardOutput(args.out)) throw new InputError('--json and --out - both want standard output: write the rows to a file, or leave out --json');
  const initName = args.init ?? MIXTURE_DEFAULTS.init;
  const givenMeans = initName !== 'kmeans' && initName !== 'k-means++';
  const outputOptions = { inputs: [args.input, ...(givenMeans ? [initName] : [])], force: args.force, option: '--out' };
  await checkOutput(args.out, outputOptions);
  await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, args.maxMemory ?? defaultMemoryBudget());
  const input = await loadPoints(args, wanted, log);
  const { points, scaler } = input;
  const init: MixtureInit = givenMeans ? { means: await readGivenRows(initName, input.featureNames, k, scaler, 'mean') } : initName;
  const options = { k, covariance: args.covariance, init, nInit: args.nInit, maxIter: args.maxIter, tol: args.tol, regCovar: args.regCovar, seed: args.seed };
  const { result, threads } = await withMixtureEngine(points, input.file, args.threads, async (engine) => ({
    result: await fitMixture(points, options, engine, { onIteration: () => new Promise((done) => setImmediate(done)) }),
    threads: engine.threads,
  }));
  const { d } = points;
  const labels = Int32Array.from(result.labels);
  const { counts, centres, names } = describeClusters(input, points, scaler, labels, k, args.names);
  await writeLabelledRows(args, labels, names, input.kept, outputOptions, log, result.top);
  const uncertain = result.top.reduce((count, p) => count + (p < UNCERTAIN_BELOW ? 1 : 0), 0) / points.n;
  const { params } = result;
  // The components in the input's units: each feature's mean and (co)variances scaled back.
  const means = Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, f) => params.means[j * d + f]! * scaler.scale[f]! + scaler.mean[f]!));
  const size = covarianceSize(params.covariance, d);
  const covariances = Array.from({ length: k }, (_, j) => Array.from({ length: size }, (_, i) => {
    const value = params.covariances[j * size + i]!;
    if (params.covariance === 'full') return value * scaler.scale[Math.floor(i / d)]! * scaler.scale[i % d]!;
    if (params.covariance === 'diag') return value * scaler.scale[i]! ** 2;
    return value;
  }));
  if (args.json) {
    process.stdout.write(JSON.stringify({
      algorithm: 'gmm', n: points.n, d, k, covariance_type: params.covariance, init: givenMeans ? 'given means' : initName,
      n_init: typeof init === 'object' ? 1 : (args.nInit ?? MIXTURE_DEFAULTS.nInit), counts: Array.from(counts),
      weights: Array.from(params.weights), means, covariances, covariances_units: params.covariance === 'spherical' ? 'scaled' : 'input',
      iterations: result.iterations, converged: result.converged, lower_bound: result.lowerBound,
      mean_log_likelihood: result.meanLogLikelihood, bic: result.bic, aic: result.aic,
      uncertain_share: uncertain, uncertain_below: UNCERTAIN_BELOW, segments: names, features: input.featureNames,
      dropped_rows: input.rows - points.n, cpu_threads: threads, ms_total: Math.round(result.msTotal * 1000) / 1000,
    }) + '\n');
    return;
  }
  const report = isStandardOutput(args.out) ? process.stderr : process.stdout;
  const shown = (v: number) => v.toFixed(2);
  report.write(
    `${input.file}: ${points.n} customers, ${d} features, a Gaussian mixture of ${k} (${params.covariance} covariances), ` +
      `${result.iterations} EM iterations${result.converged ? '' : ' (not converged: raise --max-iter or --tol)'}; ${result.msTotal.toFixed(0)} ms on ${threads} thread${threads === 1 ? '' : 's'}\n` +
      `mean log-likelihood ${result.meanLogLikelihood.toFixed(4)} (scaled features), BIC ${result.bic.toFixed(1)}, AIC ${result.aic.toFixed(1)}; ` +
      `${(100 * uncertain).toFixed(1)}% of customers under ${UNCERTAIN_BELOW} for their likeliest component\n\n` +
      [`  #  customers  weight  ${input.featureNames.join('  ')}  segment`,
        ...names.map((name, j) => `${String(j).padStart(3)}  ${String(counts[j]).padStart(9)}  ${params.weights[j]!.toFixed(3)}  ${Array.from(centres.subarray(j * d, j * d + d), shown).join('  ')}  ${name}`)].join('\n') + '\n',
  );
}

/**
 * Run `use` with a mixture engine on the wanted cores (worker threads from MIXTURE_THREADS_FROM
 * customers, stopped afterwards); bad parameters and ill-defined components become one line naming `file`.
 */
export async function withMixtureEngine<T>(
  points: PointMatrix, file: string, wantedThreads: number | undefined, use: (engine: Awaited<ReturnType<typeof threadedMixtureEngine>>) => Promise<T>,
): Promise<T> {
  const wanted = wantedThreads ?? availableParallelism();
  const pool = wanted > 1 && points.n >= MIXTURE_THREADS_FROM ? createThreadPool(wanted - 1) : null;
  const kmeansEngine = (target: PointMatrix, k: number): AssignEngine => pool?.engine(target, k) ?? createCpuEngine(target, k);
  try {
    const engine = await threadedMixtureEngine(points, pool?.helpers(wanted - 1) ?? [], kmeansEngine);
    try {
      return await use(engine);
    } finally {
      await engine.close();
    }
  } catch (error) {
    if (error instanceof RangeError || error instanceof IllDefinedCovarianceError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  } finally {
    await pool?.close();
  }
}
