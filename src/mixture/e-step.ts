import { densitiesFor, shiftedExponentials } from './densities.ts';
import { passBlocks3 } from './e-step3.ts';
import { covarianceSize, logDetCholesky, precisionCholesky, type MixtureParams } from './gaussian.ts';
import { componentStatsSize, MIXTURE_BLOCK, passModelStride, statsSize, type PassModel } from './pass-layout.ts';

/**
 * The E-step over customers: each customer's log-density under each component (weighted), its
 * responsibilities, and the sums the M-step needs, accumulated in blocks of a fixed size so the
 * totals are the same bits on one thread or many (blocks are summed in order).
 */

const LOG_2PI = Math.log(2 * Math.PI);

/** Pack the parameters for E-steps; throws IllDefinedCovarianceError when a covariance is not positive definite. */
export function passModel(params: MixtureParams): PassModel {
  const { k, d, covariance } = params;
  const chol = precisionCholesky(params);
  const logDet = logDetCholesky(chol, covariance, k, d);
  const size = covarianceSize(covariance, d);
  const stride = passModelStride(covariance, d);
  const packed = new Float64Array(k * stride);
  for (let j = 0; j < k; j++) {
    const base = j * stride;
    packed[base] = Math.log(params.weights[j]!) + logDet[j]! - 0.5 * d * LOG_2PI;
    packed.set(params.means.subarray(j * d, j * d + d), base + 1);
    packed.set(chol.subarray(j * size, j * size + size), base + 1 + d);
  }
  return { k, d, covariance, packed };
}

/**
 * The E-step's sums over blocks [fromBlock, toBlock) of n customers: one row of statsSize per
 * block. Differences are taken from each component's current mean, so the covariances come
 * out without the cancellation of raw second moments.
 */
export function passBlocksAnyD(data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number): Float64Array {
  const { k, d, covariance } = model;
  const size = statsSize(k, d, covariance);
  const per = componentStatsSize(d, covariance);
  const full = covariance === 'full';
  const logDensities = densitiesFor(d);
  const out = new Float64Array((toBlock - fromBlock) * size);
  const logs = new Float64Array(k);
  // Each component's x - mean, kept from the densities for the sums.
  const diffs = new Float64Array(k * d);
  for (let block = fromBlock; block < toBlock; block++) {
    const sums = (block - fromBlock) * size;
    const end = Math.min(n, (block + 1) * MIXTURE_BLOCK);
    let logLikelihood = 0;
    for (let row = block * MIXTURE_BLOCK; row < end; row++) {
      const largest = logDensities(data, row, model, logs, diffs);
      // log-sum-exp shifted by the largest (scipy's); the shifted exponentials are kept for the responsibilities.
      const total = shiftedExponentials(logs, k, largest);
      logLikelihood += largest + Math.log(total);
      for (let j = 0; j < k; j++) {
        const r = logs[j]! / total;
        // Adding zero changes no sum: a customer far from a component costs it nothing.
        if (r === 0) continue;
        const at = sums + 1 + j * per;
        const second = at + 1 + d;
        out[at]! += r;
        for (let i = 0; i < d; i++) {
          const ra = r * diffs[j * d + i]!;
          out[at + 1 + i]! += ra;
          if (full) for (let c = i; c < d; c++) out[second + i * d + c]! += ra * diffs[j * d + c]!;
          else out[second + i]! += ra * diffs[j * d + i]!;
        }
      }
    }
    out[sums] = logLikelihood;
  }
  return out;
}

/** The E-step's sums over blocks [fromBlock, toBlock): statsSize numbers per block (see passBlocksAnyD). */
export function passBlocks(data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number): Float64Array {
  return (model.d === 3 ? passBlocks3 : passBlocksAnyD)(data, n, model, fromBlock, toBlock);
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

/**
 * Each customer's most likely component and its probability over blocks [fromBlock, toBlock) of n
 * customers, written from the first block's first row at index 0; each block's summed log-likelihood.
 */
export function labelBlocks(
  data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number, labels: Uint8Array, top: Float32Array,
): Float64Array {
  const { k, d } = model;
  const logDensities = densitiesFor(d);
  const logs = new Float64Array(k);
  const diffs = new Float64Array(k * d);
  const sums = new Float64Array(toBlock - fromBlock);
  const first = fromBlock * MIXTURE_BLOCK;
  for (let block = fromBlock; block < toBlock; block++) {
    let logLikelihood = 0;
    for (let row = block * MIXTURE_BLOCK, end = Math.min(n, (block + 1) * MIXTURE_BLOCK); row < end; row++) {
      const largest = logDensities(data, row, model, logs, diffs);
      let total = 0;
      let best = 0;
      for (let j = 0; j < k; j++) {
        // The likeliest is the first largest, as argmax takes it.
        if (logs[j]! > logs[best]!) best = j;
        total += Math.exp(logs[j]! - largest);
      }
      const norm = largest + Math.log(total);
      logLikelihood += norm;
      labels[row - first] = best;
      top[row - first] = Math.exp(logs[best]! - norm);
    }
    sums[block - fromBlock] = logLikelihood;
  }
  return sums;
}

/** One customer's probability of each component (the hover card's memberships). */
export function memberships(data: Float32Array, row: number, model: PassModel): Float64Array {
  const logs = new Float64Array(model.k);
  const largest = densitiesFor(model.d)(data, row, model, logs, new Float64Array(model.k * model.d));
  let total = 0;
  for (let j = 0; j < model.k; j++) total += Math.exp(logs[j]! - largest);
  const norm = largest + Math.log(total);
  for (let j = 0; j < model.k; j++) logs[j] = Math.exp(logs[j]! - norm);
  return logs;
}
