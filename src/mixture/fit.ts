import { deriveSeed } from '../data/random.ts';
import { canonicalOrder, permuteRows } from '../kmeans/canonical.ts';
import { squaredDistance } from '../kmeans/init.ts';
import type { PointMatrix } from '../kmeans/types.ts';
import { passModel } from './e-step.ts';
import type { PassModel } from './pass-layout.ts';
import { checkSpread, covarianceSize, informationCriteria, type CovarianceType, type MixtureParams } from './gaussian.ts';
import { paramsFromLabels, paramsFromStats } from './m-step.ts';

/** How EM starts each restart (scikit-learn's init_params, or given parameters). */
export type MixtureInit = 'kmeans' | 'k-means++' | { readonly means: Float64Array } | { readonly params: MixtureParams };

export interface MixtureOptions {
  readonly k: number;
  readonly covariance: CovarianceType;
  /** Stop when the mean log-likelihood gains less than this (scikit-learn: 1e-3). */
  readonly tol?: number;
  readonly maxIter?: number;
  /** Added to every variance so no component collapses to a point (scikit-learn: 1e-6). */
  readonly regCovar?: number;
  readonly nInit?: number;
  readonly init?: MixtureInit;
  readonly seed?: number;
}

/** What the fit needs from its surroundings: E-steps over every customer, and KMeans for the 'kmeans' start. */
export interface MixtureEngine {
  /** The summed E-step statistics (e-step.ts) of every customer under `model`. */
  pass(model: PassModel): Promise<Float64Array>;
  /** Each customer's most likely component and its probability; the summed log-likelihood. */
  label(model: PassModel): Promise<{ labels: Uint8Array; top: Float32Array; logLikelihood: number }>;
  /** The labels of a KMeans fit with one k-means++ start from `seed` (the 'kmeans' start); `signal` cancels it. */
  kmeansLabels(k: number, seed: number, signal?: AbortSignal): Promise<ArrayLike<number>>;
  /** The k-means++ centres from `seed` (the 'k-means++' start). */
  plusPlusCentres(k: number, seed: number): Float64Array;
}

export interface MixtureIteration {
  readonly restart: number;
  readonly iteration: number;
  /** The mean log-likelihood of the parameters the E-step used (scikit-learn's lower bound). */
  readonly lowerBound: number;
  /** The parameters after the M-step. */
  readonly params: MixtureParams;
  /** The E-step's parameters, packed: the responsibilities (and labels) this iteration drew from. */
  readonly eStep: PassModel;
}

export interface MixtureResult {
  readonly params: MixtureParams;
  readonly iterations: number;
  readonly converged: boolean;
  /** The best restart's last lower bound (scikit-learn's `lower_bound_`). */
  readonly lowerBound: number;
  /** Mean log-likelihood per customer under the returned parameters (scikit-learn's `score`). */
  readonly meanLogLikelihood: number;
  readonly bic: number;
  readonly aic: number;
  readonly bestRestart: number;
  /** canonical[j] is the returned number of the winning restart's component j (its snapshots' numbering). */
  readonly canonical: Uint8Array;
  /** Most likely component of each customer, components in canonical order (means sorted by first feature). */
  readonly labels: Uint8Array;
  /** Each customer's probability of its most likely component. */
  readonly top: Float32Array;
  readonly msTotal: number;
}

export const MIXTURE_DEFAULTS = { tol: 1e-3, maxIter: 100, regCovar: 1e-6, nInit: 1, init: 'kmeans', seed: 0 } as const;

/** The options with scikit-learn's defaults where one is absent (or undefined). */
function settled(options: MixtureOptions) {
  return {
    tol: options.tol ?? MIXTURE_DEFAULTS.tol, maxIter: options.maxIter ?? MIXTURE_DEFAULTS.maxIter,
    regCovar: options.regCovar ?? MIXTURE_DEFAULTS.regCovar, nInit: options.nInit ?? MIXTURE_DEFAULTS.nInit,
    init: options.init ?? MIXTURE_DEFAULTS.init, seed: options.seed ?? MIXTURE_DEFAULTS.seed,
  };
}

/** Bad options, as one sentence each (before anything runs). */
export function checkMixtureOptions(points: PointMatrix, options: MixtureOptions): void {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`components must be a whole number >= 1, got ${k}`);
  if (k > 255) throw new RangeError(`${k} components: at most 255`);
  if (points.n < 2) throw new RangeError('a mixture needs at least 2 customers');
  if (k > points.n) throw new RangeError(`${k} components for ${points.n} customers: at most one component per customer`);
  const { tol, maxIter, regCovar, nInit } = settled(options);
  if (!(tol >= 0)) throw new RangeError(`tol must be >= 0, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`max iterations must be a whole number >= 1, got ${maxIter}`);
  if (!(regCovar >= 0)) throw new RangeError(`reg_covar must be >= 0, got ${regCovar}`);
  if (!Number.isInteger(nInit) || nInit < 1) throw new RangeError(`n_init must be a whole number >= 1, got ${nInit}`);
  const init = options.init;
  if (init && typeof init === 'object') {
    const means = 'means' in init ? init.means : init.params.means;
    if (means.length !== k * points.d) throw new RangeError(`the given means hold ${means.length / points.d} rows of ${points.d} features; there are ${k} components`);
    if (!means.every(Number.isFinite)) throw new RangeError('the given means contain a value that is not a finite number');
  }
}

/** The parameters restart r starts from. */
async function startParams(points: PointMatrix, options: MixtureOptions, engine: MixtureEngine, restart: number, signal?: AbortSignal): Promise<MixtureParams> {
  const { k, covariance } = options;
  const { init, regCovar, seed } = settled(options);
  if (typeof init === 'object' && 'params' in init) return init.params;
  const restartSeed = deriveSeed(seed, restart);
  if (init === 'kmeans') return paramsFromLabels(points, await engine.kmeansLabels(k, restartSeed, signal), k, covariance, regCovar);
  if (init === 'k-means++') {
    // scikit-learn's: one customer per component (the k-means++ centres), so each starts as that point with reg_covar.
    const centres = engine.plusPlusCentres(k, restartSeed);
    return paramsOnPoints(centres, k, points.d, points.n, covariance, regCovar);
  }
  // Given means: each customer to its nearest given mean for the first weights and covariances, then the given means.
  const labels = nearestMean(points, init.means, k);
  const params = paramsFromLabels(points, labels, k, covariance, regCovar);
  return { ...params, means: Float64Array.from(init.means) };
}

/** Hard responsibilities of one customer each, at `centres`: what scikit-learn's one-hot start computes. */
function paramsOnPoints(centres: Float64Array, k: number, d: number, n: number, covariance: CovarianceType, regCovar: number): MixtureParams {
  const nk = 1 + 10 * Number.EPSILON;
  const size = covarianceSize(covariance, d);
  const covariances = new Float64Array(k * size);
  const means = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < d; i++) means[j * d + i] = centres[j * d + i]! / nk;
    for (let i = 0; i < d; i++) {
      const a = centres[j * d + i]! - means[j * d + i]!;
      const variance = (a * a) / nk + regCovar;
      if (covariance === 'full') covariances[j * size + i * d + i] = variance;
      else if (covariance === 'diag') covariances[j * size + i] = variance;
      else covariances[j]! += variance / d;
    }
  }
  return { k, d, covariance, weights: new Float64Array(k).fill(nk / n), means, covariances };
}

function nearestMean(points: PointMatrix, means: Float64Array, k: number): Int32Array {
  const { data, n, d } = points;
  const labels = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    let bestDistance = Infinity;
    for (let j = 0; j < k; j++) {
      const distance = squaredDistance(data, row, means, j * d, d);
      if (distance < bestDistance) [labels[row], bestDistance] = [j, distance];
    }
  }
  return labels;
}

/**
 * EM for a Gaussian mixture as scikit-learn's GaussianMixture runs it: each iteration an E-step
 * (the lower bound is its mean log-likelihood) and an M-step; stop when the bound moves less than
 * tol; the restart with the highest bound wins (the first on a tie); one more E-step labels the
 * customers. Components are returned in canonical order (means sorted by first feature).
 */
export async function fitMixture(
  points: PointMatrix, options: MixtureOptions, engine: MixtureEngine,
  control: { onIteration?: (step: MixtureIteration) => void | Promise<void>; signal?: AbortSignal } = {},
): Promise<MixtureResult> {
  checkMixtureOptions(points, options);
  const started = performance.now();
  const { k, covariance } = options;
  const { tol, maxIter, regCovar, init } = settled(options);
  const nInit = typeof init === 'object' ? 1 : settled(options).nInit;
  let best: { params: MixtureParams; lowerBound: number; iterations: number; converged: boolean; restart: number } | null = null;
  for (let restart = 0; restart < nInit; restart++) {
    let params = await startParams(points, options, engine, restart, control.signal);
    if (regCovar === 0) checkSpread(params);
    let model = passModel(params);
    let lowerBound = -Infinity;
    let converged = false;
    let iteration = 0;
    while (iteration < maxIter) {
      control.signal?.throwIfAborted();
      iteration++;
      const previous = lowerBound;
      const eStep = model;
      const stats = await engine.pass(eStep);
      lowerBound = stats[0]! / points.n;
      params = paramsFromStats(stats, params.means, k, points.d, covariance, regCovar, null);
      if (regCovar === 0) checkSpread(params);
      model = passModel(params);
      await control.onIteration?.({ restart, iteration, lowerBound, params, eStep });
      if (Math.abs(lowerBound - previous) < tol) {
        converged = true;
        break;
      }
    }
    if (!best || lowerBound > best.lowerBound) best = { params, lowerBound, iterations: iteration, converged, restart };
  }
  const winner = best!;
  const canonical = canonicalOrder(winner.params.means, k, points.d);
  const params = canonicalParams(winner.params, canonical);
  const { labels, top, logLikelihood } = await engine.label(passModel(params));
  const meanLogLikelihood = logLikelihood / points.n;
  return {
    params, iterations: winner.iterations, converged: winner.converged, lowerBound: winner.lowerBound, bestRestart: winner.restart, canonical,
    meanLogLikelihood, ...informationCriteria(meanLogLikelihood, points.n, covariance, k, points.d),
    labels, top, msTotal: performance.now() - started,
  };
}

/** Components reordered by their means (first feature, then the next): the same mixture gets the same numbers. */
function canonicalParams(params: MixtureParams, canonical: Uint8Array): MixtureParams {
  const { d, covariance } = params;
  return {
    ...params,
    weights: permuteRows(params.weights, canonical, 1),
    means: permuteRows(params.means, canonical, d),
    covariances: permuteRows(params.covariances, canonical, covarianceSize(covariance, d)),
  };
}
