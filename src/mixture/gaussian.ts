/**
 * A Gaussian mixture's parameters and what each E-step needs from them, as scikit-learn's
 * GaussianMixture keeps them: weights, means, covariances, and the Cholesky factor of each
 * precision (so a customer's log-density is a triangular product, never an inverse).
 */

export type CovarianceType = 'full' | 'diag' | 'spherical';
export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'diag', 'spherical'];

/** A mixture of k components over d features; covariances are k x (d x d | d | 1) by type. */
export interface MixtureParams {
  readonly k: number;
  readonly d: number;
  readonly covariance: CovarianceType;
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
}

/** Numbers per component's covariance: a full matrix, its diagonal, or one variance. */
export const covarianceSize = (type: CovarianceType, d: number): number => (type === 'full' ? d * d : type === 'diag' ? d : 1);

/** scikit-learn's words when a covariance is not positive definite (`reg_covar` is the cure it names). */
export class IllDefinedCovarianceError extends Error {
  constructor(readonly component: number) {
    super(
      `component ${component} has an ill-defined covariance (for instance a component collapsed on one customer or on identical ones): ` +
        'decrease the number of components, increase reg_covar, or scale the input data',
    );
    this.name = 'IllDefinedCovarianceError';
  }
}

/**
 * The precision's Cholesky factor of one component, as scikit-learn's `precisions_cholesky_`:
 * full: U = (L^-1)^T with covariance = L L^T (upper triangular, d x d row-major); diag: 1/sqrt
 * of each variance; spherical: 1/sqrt of the variance. Throws when not positive definite.
 */
export function precisionCholesky(params: MixtureParams): Float64Array {
  const { k, d, covariance, covariances } = params;
  const size = covarianceSize(covariance, d);
  const out = new Float64Array(k * size);
  if (covariance !== 'full') {
    for (let i = 0; i < k * size; i++) {
      const v = covariances[i]!;
      if (!(v > 0)) throw new IllDefinedCovarianceError(Math.floor(i / size));
      out[i] = 1 / Math.sqrt(v);
    }
    return out;
  }
  const lower = new Float64Array(d * d);
  for (let j = 0; j < k; j++) {
    const base = j * size;
    // Cholesky-Banachiewicz: covariance = L L^T.
    lower.fill(0);
    for (let r = 0; r < d; r++) {
      for (let c = 0; c <= r; c++) {
        let sum = covariances[base + r * d + c]!;
        for (let m = 0; m < c; m++) sum -= lower[r * d + m]! * lower[c * d + m]!;
        if (r === c) {
          if (!(sum > 0)) throw new IllDefinedCovarianceError(j);
          lower[r * d + r] = Math.sqrt(sum);
        } else {
          lower[r * d + c] = sum / lower[c * d + c]!;
        }
      }
    }
    // Solve L X = I by forward substitution, column by column; U = X^T.
    for (let col = 0; col < d; col++) {
      for (let r = 0; r < d; r++) {
        let sum = r === col ? 1 : 0;
        for (let m = 0; m < r; m++) sum -= lower[r * d + m]! * out[base + col * d + m]!;
        // X[r][col] goes to U[col][r].
        out[base + col * d + r] = r < col ? 0 : sum / lower[r * d + r]!;
      }
    }
  }
  return out;
}

/**
 * Without reg_covar, a variance no larger than the rounding error of its mean is no spread at all
 * (customers identical on that feature): scikit-learn can carry such a variance (1e-15) into a
 * log-likelihood of +49; it is refused here, as scikit-learn refuses an exact zero. (With reg_covar
 * the variance is at least that, which is the regularisation scikit-learn applies.)
 */
export function checkSpread(params: MixtureParams): void {
  const { k, d, covariance, covariances, means } = params;
  const size = covarianceSize(covariance, d);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < d; i++) {
      const variance = covariance === 'full' ? covariances[j * size + i * d + i]! : covariance === 'diag' ? covariances[j * size + i]! : covariances[j]!;
      const mean = means[j * d + i]!;
      if (!(variance > ROUNDING_SPREAD * mean * mean)) throw new IllDefinedCovarianceError(j);
    }
  }
}

const ROUNDING_SPREAD = 16 * Number.EPSILON;

/** log det of each precision's Cholesky factor (half the precision's log-determinant). */
export function logDetCholesky(chol: Float64Array, type: CovarianceType, k: number, d: number): Float64Array {
  const size = covarianceSize(type, d);
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let sum = 0;
    if (type === 'full') for (let i = 0; i < d; i++) sum += Math.log(chol[j * size + i * d + i]!);
    else if (type === 'diag') for (let i = 0; i < d; i++) sum += Math.log(chol[j * size + i]!);
    else sum = d * Math.log(chol[j]!);
    out[j] = sum;
  }
  return out;
}

/** The free parameters a BIC or AIC counts (scikit-learn's `_n_parameters`). */
export function parameterCount(type: CovarianceType, k: number, d: number): number {
  const covariance = type === 'full' ? (k * d * (d + 1)) / 2 : type === 'diag' ? k * d : k;
  return covariance + k * d + k - 1;
}

/** BIC and AIC of a mixture whose mean log-likelihood per customer over n customers is `meanLogLikelihood`. */
export function informationCriteria(meanLogLikelihood: number, n: number, type: CovarianceType, k: number, d: number): { bic: number; aic: number } {
  const parameters = parameterCount(type, k, d);
  return { bic: -2 * meanLogLikelihood * n + parameters * Math.log(n), aic: -2 * meanLogLikelihood * n + 2 * parameters };
}
