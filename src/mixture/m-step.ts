import type { PointMatrix } from '../kmeans/types.ts';
import { clusterMeans } from '../kmeans/cluster-means.ts';
import { componentStatsSize, statsSize } from './pass-layout.ts';
import { covarianceSize, type CovarianceType, type MixtureParams } from './gaussian.ts';

/** scikit-learn adds 10 machine epsilons to each component's responsibility so an empty one divides by something. */
const EMPTY_GUARD = 10 * Number.EPSILON;

/**
 * The M-step from an E-step's summed responsibilities (taken about `shift`, the means they were
 * computed with): scikit-learn's `_estimate_gaussian_parameters` and its weight normalisation.
 * `weightsOver` null normalises the weights to sum to 1 (an M-step); a number divides by it
 * (the start from hard responsibilities, as scikit-learn's `_initialize` does, by n).
 */
export function paramsFromStats(
  stats: Float64Array, shift: Float64Array, k: number, d: number, covariance: CovarianceType, regCovar: number, weightsOver: number | null,
): MixtureParams {
  const per = componentStatsSize(d, covariance);
  const size = covarianceSize(covariance, d);
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * size);
  const delta = new Float64Array(d);
  const full = covariance === 'full';
  for (let j = 0; j < k; j++) {
    const at = 1 + j * per;
    const raw = stats[at]!;
    const nk = raw + EMPTY_GUARD;
    weights[j] = nk;
    // mean = sum r x / nk = shift + (sum r (x - shift) - (nk - raw) shift) / nk.
    for (let i = 0; i < d; i++) {
      const mean = (stats[at + 1 + i]! + shift[j * d + i]! * raw) / nk;
      means[j * d + i] = mean;
      delta[i] = mean - shift[j * d + i]!;
    }
    // sum r (x - mean)(x - mean)^T = S - delta s^T - s delta^T + raw delta delta^T, with s = sum r (x - shift).
    const second = at + 1 + d;
    const central = (r: number, c: number, moment: number) =>
      moment - delta[r]! * stats[at + 1 + c]! - stats[at + 1 + r]! * delta[c]! + raw * delta[r]! * delta[c]!;
    if (full) {
      for (let r = 0; r < d; r++) {
        for (let c = r; c < d; c++) {
          const value = central(r, c, stats[second + r * d + c]!) / nk + (r === c ? regCovar : 0);
          covariances[j * size + r * d + c] = value;
          covariances[j * size + c * d + r] = value;
        }
      }
    } else {
      let total = 0;
      for (let i = 0; i < d; i++) {
        const value = central(i, i, stats[second + i]!) / nk + regCovar;
        if (covariance === 'diag') covariances[j * size + i] = value;
        total += value;
      }
      if (covariance === 'spherical') covariances[j] = total / d;
    }
  }
  const divisor = weightsOver ?? weights.reduce((sum, w) => sum + w, 0);
  for (let j = 0; j < k; j++) weights[j]! /= divisor;
  return { k, d, covariance, weights, means, covariances };
}

/**
 * The parameters hard responsibilities give (scikit-learn's start from KMeans labels, or from one
 * customer per component for k-means++): label -1 belongs to no component. Two passes: the
 * means, then the spread about them.
 */
export function paramsFromLabels(points: PointMatrix, labels: ArrayLike<number>, k: number, covariance: CovarianceType, regCovar: number): MixtureParams {
  const { data, n, d } = points;
  // The means first, then the spread about them (no cancellation).
  const shift = clusterMeans(points, labels, k).means;
  const per = componentStatsSize(d, covariance);
  const stats = new Float64Array(statsSize(k, d, covariance));
  const full = covariance === 'full';
  for (let row = 0; row < n; row++) {
    const j = labels[row]!;
    if (j < 0) continue;
    const at = 1 + j * per;
    stats[at]!++;
    for (let i = 0; i < d; i++) {
      const a = data[row * d + i]! - shift[j * d + i]!;
      stats[at + 1 + i]! += a;
      if (full) for (let c = i; c < d; c++) stats[at + 1 + d + i * d + c]! += a * (data[row * d + c]! - shift[j * d + c]!);
      else stats[at + 1 + d + i]! += a * a;
    }
  }
  return paramsFromStats(stats, shift, k, d, covariance, regCovar, n);
}
