import { basename } from 'node:path';
import { CUSTOMER_FEATURES } from '../data/features.ts';
import { fitMixture, type MixtureResult } from '../mixture/fit.ts';
import { IllDefinedCovarianceError, type CovarianceType } from '../mixture/gaussian.ts';
import { InputError } from '../node/input-error.ts';
import { checkMemoryBudget, defaultMemoryBudget } from '../node/memory-budget.ts';
import { loadPoints, splitList } from './fit.ts';
import { withMixtureEngine } from './fit-mixture.ts';
import type { SweepArgs } from './sweep.ts';

/** The table of k's input and output options, with the mixtures' covariance and restarts. */
export interface MixtureSweepArgs extends Pick<SweepArgs, 'input' | 'inputName' | 'kMax' | 'seed' | 'features' | 'decimal' | 'missing' | 'threads' | 'json'> {
  readonly covariance: CovarianceType;
  /** Restarts per k (scikit-learn's n_init: 1 unless given). */
  readonly nInit?: number;
}

/**
 * `sweep --algorithm gmm`: a Gaussian mixture for each k = 1..k_max (scikit-learn's defaults, KMeans
 * starts), its log-likelihood, BIC and AIC; the k of the lowest BIC is the recommendation, as
 * scikit-learn's own model-selection example reads it.
 */
export async function sweepMixtureCommand(args: MixtureSweepArgs): Promise<void> {
  const log = (line: string) => process.stderr.write(line + '\n');
  const wanted = args.features ? splitList(args.features) : CUSTOMER_FEATURES.slice();
  await checkMemoryBudget(args.input, args.inputName ?? basename(args.input), wanted.length, defaultMemoryBudget());
  const input = await loadPoints({ ...args, scale: true }, wanted, log);
  const { points } = input;
  const kMax = Math.min(args.kMax, points.n);
  const rows: { k: number; result: MixtureResult | null; problem: string | null }[] = [];
  const started = performance.now();
  await withMixtureEngine(points, input.file, args.threads, async (engine) => {
    for (let k = 1; k <= kMax; k++) {
      try {
        rows.push({ k, result: await fitMixture(points, { k, covariance: args.covariance, nInit: args.nInit, seed: args.seed }, engine), problem: null });
      } catch (error) {
        // A k that cannot be fitted (a component collapsing) is a row that says so, not the end of the table.
        if (!(error instanceof IllDefinedCovarianceError)) throw error;
        rows.push({ k, result: null, problem: error.message });
      }
    }
  });
  const fitted = rows.filter((row) => row.result !== null);
  if (fitted.length === 0) throw new InputError(`${input.file}: no k from 1 to ${kMax} could be fitted (${rows[0]!.problem})`);
  const best = fitted.reduce((a, b) => (b.result!.bic < a.result!.bic ? b : a));
  if (args.json) {
    process.stdout.write(JSON.stringify({
      algorithm: 'gmm', n: points.n, d: points.d, covariance_type: args.covariance, features: input.featureNames, recommended_k: best.k,
      rows: rows.map(({ k, result, problem }) => result
        ? { k, mean_log_likelihood: result.meanLogLikelihood, bic: result.bic, aic: result.aic, iterations: result.iterations, converged: result.converged }
        : { k, problem }),
      ms_total: Math.round((performance.now() - started) * 1000) / 1000,
    }) + '\n');
    return;
  }
  const header = ['k', 'log-likelihood', 'BIC', 'AIC', 'EM iterations'];
  const cells = rows.map(({ k, result, problem }) => result
    ? [String(k), result.meanLogLikelihood.toFixed(4), result.bic.toFixed(1), result.aic.toFixed(1), `${result.iterations}${result.converged ? '' : ' (limit)'}`]
    : [String(k), problem!, '', '', '']);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.filter((row) => row[2] !== '').map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (row[2] === '' && c === 1 ? cell : cell.padStart(widths[c]!))).join('  ').trimEnd();
  process.stdout.write(
    `${input.file}: ${points.n} customers, ${points.d} features, Gaussian mixtures (${args.covariance} covariances), k = 1 to ${kMax}\n` +
      [line(header), ...cells.map(line)].join('\n') + '\n' +
      `lowest BIC at k = ${best.k} (log-likelihood per customer of the scaled features; BIC and AIC as scikit-learn computes them)\n`,
  );
}
