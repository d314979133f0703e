import { covarianceSize, logDetCholesky, precisionCholesky, type CovarianceType, type MixtureParams } from './gaussian.ts';

/**
 * The E-step over customers: each customer's log-density under each component (weighted), its
 * responsibilities, and the sums the M-step needs, accumulated in blocks of a fixed size so the
 * totals are the same bits on one thread or many (blocks are summed in order).
 */

/** Customers per block of sums: small enough that threads share the work evenly. */
export const MIXTURE_BLOCK = 16_384;

const LOG_2PI = Math.log(2 * Math.PI);

/** What an E-step needs of the parameters, packed for a thread: per component its constant, mean and precision factor. */
export interface PassModel {
  readonly k: number;
  readonly d: number;
  readonly covariance: CovarianceType;
  /** Per component: log weight + log det(precision factor) - d/2 log 2 pi, the mean (d), the factor (d x d | d | 1). */
  readonly packed: Float64Array;
}

export const passModelStride = (type: CovarianceType, d: number): number => 1 + d + covarianceSize(type, d);

/** Pack the parameters for E-steps; throws IllDefinedCovarianceError when a covariance is not positive definite. */
export function passModel(params: MixtureParams, logWeights?: Float64Array): PassModel {
  const { k, d, covariance } = params;
  const chol = precisionCholesky(params);
  const logDet = logDetCholesky(chol, covariance, k, d);
  const size = covarianceSize(covariance, d);
  const stride = passModelStride(covariance, d);
  const packed = new Float64Array(k * stride);
  for (let j = 0; j < k; j++) {
    const base = j * stride;
    packed[base] = (logWeights ? logWeights[j]! : Math.log(params.weights[j]!)) + logDet[j]! - 0.5 * d * LOG_2PI;
    packed.set(params.means.subarray(j * d, j * d + d), base + 1);
    packed.set(chol.subarray(j * size, j * size + size), base + 1 + d);
  }
  return { k, d, covariance, packed };
}

/** Sums per block: the summed log-likelihood, then per component its responsibility, sum of r(x - mean), sum of r(x - mean)(x - mean)^T. */
export const statsSize = (k: number, d: number, type: CovarianceType): number => 1 + k * componentStatsSize(d, type);
export const componentStatsSize = (d: number, type: CovarianceType): number => 1 + d + (type === 'full' ? d * d : d);

/**
 * Each component's weighted log-density of customer `row` into `out` (k); returns their
 * log-sum-exp (the customer's log-likelihood), shifted by the largest as scipy's logsumexp is.
 */
export function weightedLogDensities(data: Float32Array, row: number, model: PassModel, out: Float64Array): number {
  const { k, d, covariance, packed } = model;
  const stride = passModelStride(covariance, d);
  const x = row * d;
  let largest = -Infinity;
  for (let j = 0; j < k; j++) {
    const base = j * stride;
    const mean = base + 1;
    const factor = mean + d;
    let quadratic = 0;
    if (covariance === 'full') {
      // y = (x - mean) U with U upper triangular: y_c sums rows i <= c.
      for (let c = 0; c < d; c++) {
        let y = 0;
        for (let i = 0; i <= c; i++) y += (data[x + i]! - packed[mean + i]!) * packed[factor + i * d + c]!;
        quadratic += y * y;
      }
    } else if (covariance === 'diag') {
      for (let i = 0; i < d; i++) {
        const y = (data[x + i]! - packed[mean + i]!) * packed[factor + i]!;
        quadratic += y * y;
      }
    } else {
      const precision = packed[factor]! * packed[factor]!;
      for (let i = 0; i < d; i++) {
        const a = data[x + i]! - packed[mean + i]!;
        quadratic += a * a;
      }
      quadratic *= precision;
    }
    const value = packed[base]! - 0.5 * quadratic;
    out[j] = value;
    if (value > largest) largest = value;
  }
  if (largest === -Infinity) return -Infinity;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp(out[j]! - largest);
  return largest + Math.log(sum);
}

/**
 * The E-step's sums over blocks [fromBlock, toBlock) of n customers: one row of statsSize per
 * block. Differences are taken from each component's current mean, so the covariances come
 * out without the cancellation of raw second moments.
 */
export function passBlocks(data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number): Float64Array {
  const { k, d, covariance, packed } = model;
  const stride = passModelStride(covariance, d);
  const size = statsSize(k, d, covariance);
  const per = componentStatsSize(d, covariance);
  const full = covariance === 'full';
  const out = new Float64Array((toBlock - fromBlock) * size);
  const logs = new Float64Array(k);
  const diff = new Float64Array(d);
  for (let block = fromBlock; block < toBlock; block++) {
    const sums = (block - fromBlock) * size;
    const end = Math.min(n, (block + 1) * MIXTURE_BLOCK);
    let logLikelihood = 0;
    for (let row = block * MIXTURE_BLOCK; row < end; row++) {
      const norm = weightedLogDensities(data, row, model, logs);
      logLikelihood += norm;
      for (let j = 0; j < k; j++) {
        const r = Math.exp(logs[j]! - norm);
        // Adding zero changes no sum: a customer far from a component costs it nothing.
        if (r === 0) continue;
        const at = sums + 1 + j * per;
        const mean = j * stride + 1;
        out[at]! += r;
        for (let i = 0; i < d; i++) {
          const a = data[row * d + i]! - packed[mean + i]!;
          diff[i] = a;
          out[at + 1 + i]! += r * a;
        }
        const second = at + 1 + d;
        if (full) {
          for (let i = 0; i < d; i++) {
            const ra = r * diff[i]!;
            for (let c = i; c < d; c++) out[second + i * d + c]! += ra * diff[c]!;
          }
        } else {
          for (let i = 0; i < d; i++) out[second + i]! += r * diff[i]! * diff[i]!;
        }
      }
    }
    out[sums] = logLikelihood;
  }
  return out;
}

/** Blocks of n customers. */
export const blockCount = (n: number): number => Math.ceil(n / MIXTURE_BLOCK);

/** The blocks' sums added in block order (the same bits whichever threads computed which blocks). */
export function sumBlocks(parts: readonly Float64Array[], size: number): Float64Array {
  const total = new Float64Array(size);
  for (const part of parts) {
    for (let offset = 0; offset < part.length; offset += size) for (let i = 0; i < size; i++) total[i]! += part[offset + i]!;
  }
  return total;
}

/** Each customer's most likely component and its probability over rows [from, to); returns the summed log-likelihood. */
export function labelRows(
  data: Float32Array, model: PassModel, from: number, to: number, labels: Uint8Array | Int32Array, top: Float32Array,
): number {
  const { k } = model;
  const logs = new Float64Array(k);
  let logLikelihood = 0;
  for (let row = from; row < to; row++) {
    const norm = weightedLogDensities(data, row, model, logs);
    logLikelihood += norm;
    let best = 0;
    for (let j = 1; j < k; j++) if (logs[j]! > logs[best]!) best = j;
    labels[row - from] = best;
    top[row - from] = Math.exp(logs[best]! - norm);
  }
  return logLikelihood;
}

/** One customer's probability of each component (the hover card's memberships). */
export function memberships(data: Float32Array, row: number, model: PassModel): Float64Array {
  const logs = new Float64Array(model.k);
  const norm = weightedLogDensities(data, row, model, logs);
  for (let j = 0; j < model.k; j++) logs[j] = Math.exp(logs[j]! - norm);
  return logs;
}
