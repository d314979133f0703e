import { covarianceSize, type CovarianceType } from './gaussian.ts';

/** How an E-step's input and sums are laid out (e-step.ts, e-step3.ts, the threads). */

/** Customers per block of sums: small enough that threads share the work evenly. */
export const MIXTURE_BLOCK = 16_384;

/** What an E-step needs of the parameters, packed for a thread: per component its constant, mean and precision factor. */
export interface PassModel {
  readonly k: number;
  readonly d: number;
  readonly covariance: CovarianceType;
  /** Per component: log weight + log det(precision factor) - d/2 log 2 pi, the mean (d), the factor (d x d | d | 1). */
  readonly packed: Float64Array;
}

export const passModelStride = (type: CovarianceType, d: number): number => 1 + d + covarianceSize(type, d);

/** Sums per block: the summed log-likelihood, then per component its responsibility, sum of r(x - mean), sum of r(x - mean)(x - mean)^T. */
export const statsSize = (k: number, d: number, type: CovarianceType): number => 1 + k * componentStatsSize(d, type);
export const componentStatsSize = (d: number, type: CovarianceType): number => 1 + d + (type === 'full' ? d * d : d);

