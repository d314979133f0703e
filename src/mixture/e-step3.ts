import { componentStatsSize, MIXTURE_BLOCK, passModelStride, statsSize, type PassModel } from './pass-layout.ts';

/**
 * passBlocks (e-step.ts) for three features, the workbench's usual case: the same sums in the
 * same order, with the customer, the differences and the precision factor in locals (about
 * twice as fast as the loops over d on this machine).
 */
export function passBlocks3(data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number): Float64Array {
  const { k, covariance } = model;
  const d = 3;
  const size = statsSize(k, d, covariance);
  const per = componentStatsSize(d, covariance);
  const full = covariance === 'full';
  const out = new Float64Array((toBlock - fromBlock) * size);
  const logs = new Float64Array(k);
  const diffs = new Float64Array(k * 3);
  for (let block = fromBlock; block < toBlock; block++) {
    const sums = (block - fromBlock) * size;
    const end = Math.min(n, (block + 1) * MIXTURE_BLOCK);
    let logLikelihood = 0;
    for (let row = block * MIXTURE_BLOCK; row < end; row++) {
      const x0 = data[row * 3]!;
      const x1 = data[row * 3 + 1]!;
      const x2 = data[row * 3 + 2]!;
      const largest = logDensities3(x0, x1, x2, model, logs, diffs);
      let total = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp(logs[j]! - largest);
        logs[j] = e;
        total += e;
      }
      logLikelihood += largest + Math.log(total);
      for (let j = 0; j < k; j++) {
        const r = logs[j]! / total;
        if (r === 0) continue;
        const at = sums + 1 + j * per;
        const a0 = diffs[j * 3]!;
        const a1 = diffs[j * 3 + 1]!;
        const a2 = diffs[j * 3 + 2]!;
        const r0 = r * a0;
        const r1 = r * a1;
        const r2 = r * a2;
        out[at]! += r;
        out[at + 1]! += r0;
        out[at + 2]! += r1;
        out[at + 3]! += r2;
        if (full) {
          out[at + 4]! += r0 * a0;
          out[at + 5]! += r0 * a1;
          out[at + 6]! += r0 * a2;
          out[at + 8]! += r1 * a1;
          out[at + 9]! += r1 * a2;
          out[at + 12]! += r2 * a2;
        } else {
          out[at + 4]! += r0 * a0;
          out[at + 5]! += r1 * a1;
          out[at + 6]! += r2 * a2;
        }
      }
    }
    out[sums] = logLikelihood;
  }
  return out;
}

/**
 * Each component's weighted log-density of the customer (x0, x1, x2) into `logs`, its
 * differences from each mean into `diffs` (k x 3); returns the largest log-density.
 */
function logDensities3(x0: number, x1: number, x2: number, model: PassModel, logs: Float64Array, diffs: Float64Array): number {
  const { k, covariance, packed } = model;
  const stride = passModelStride(covariance, 3);
  const full = covariance === 'full';
  const diagonal = covariance === 'diag';
  let largest = -Infinity;
  for (let j = 0; j < k; j++) {
    const base = j * stride;
    const a0 = x0 - packed[base + 1]!;
    const a1 = x1 - packed[base + 2]!;
    const a2 = x2 - packed[base + 3]!;
    diffs[j * 3] = a0;
    diffs[j * 3 + 1] = a1;
    diffs[j * 3 + 2] = a2;
    let quadratic;
    if (full) {
      // (x - mean) U, U upper triangular and row-major from base + 4.
      const y0 = a0 * packed[base + 4]!;
      const y1 = a0 * packed[base + 5]! + a1 * packed[base + 8]!;
      const y2 = a0 * packed[base + 6]! + a1 * packed[base + 9]! + a2 * packed[base + 12]!;
      quadratic = y0 * y0 + y1 * y1 + y2 * y2;
    } else if (diagonal) {
      const y0 = a0 * packed[base + 4]!;
      const y1 = a1 * packed[base + 5]!;
      const y2 = a2 * packed[base + 6]!;
      quadratic = y0 * y0 + y1 * y1 + y2 * y2;
    } else {
      const p = packed[base + 4]!;
      quadratic = (a0 * a0 + a1 * a1 + a2 * a2) * (p * p);
    }
    const value = packed[base]! - 0.5 * quadratic;
    logs[j] = value;
    if (value > largest) largest = value;
  }
  return largest;
}

/** labelBlocks (e-step.ts) for three features. */
export function labelBlocks3(
  data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number, labels: Uint8Array, top: Float32Array,
): Float64Array {
  const { k } = model;
  const logs = new Float64Array(k);
  const diffs = new Float64Array(k * 3);
  const sums = new Float64Array(toBlock - fromBlock);
  const first = fromBlock * MIXTURE_BLOCK;
  for (let block = fromBlock; block < toBlock; block++) {
    let logLikelihood = 0;
    for (let row = block * MIXTURE_BLOCK, end = Math.min(n, (block + 1) * MIXTURE_BLOCK); row < end; row++) {
      const largest = logDensities3(data[row * 3]!, data[row * 3 + 1]!, data[row * 3 + 2]!, model, logs, diffs);
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
