import { passModelStride, type PassModel } from './pass-layout.ts';

/**
 * Each component's weighted log-density of one customer, the E-step's inner loop: into `logs` (k),
 * with the customer's difference from each mean into `diffs` (k x d, kept for the M-step's sums);
 * returns the largest. `densitiesFor` picks the loop over d or the unrolled one for three features
 * (about twice as fast on this machine); both give the same bits.
 */
export type LogDensities = (data: Float32Array, row: number, model: PassModel, logs: Float64Array, diffs: Float64Array) => number;

export const densitiesFor = (d: number): LogDensities => (d === 3 ? logDensities3 : logDensitiesAnyD);

function logDensitiesAnyD(data: Float32Array, row: number, model: PassModel, logs: Float64Array, diffs: Float64Array): number {
  const { k, d, covariance, packed } = model;
  const stride = passModelStride(covariance, d);
  const x = row * d;
  let largest = -Infinity;
  for (let j = 0; j < k; j++) {
    const base = j * stride;
    const factor = base + 1 + d;
    for (let i = 0; i < d; i++) diffs[j * d + i] = data[x + i]! - packed[base + 1 + i]!;
    let quadratic = 0;
    if (covariance === 'full') {
      // y = (x - mean) U with U upper triangular: y_c sums rows i <= c.
      for (let c = 0; c < d; c++) {
        let y = 0;
        for (let i = 0; i <= c; i++) y += diffs[j * d + i]! * packed[factor + i * d + c]!;
        quadratic += y * y;
      }
    } else if (covariance === 'diag') {
      for (let i = 0; i < d; i++) {
        const y = diffs[j * d + i]! * packed[factor + i]!;
        quadratic += y * y;
      }
    } else {
      for (let i = 0; i < d; i++) quadratic += diffs[j * d + i]! * diffs[j * d + i]!;
      quadratic *= packed[factor]! * packed[factor]!;
    }
    const value = packed[base]! - 0.5 * quadratic;
    logs[j] = value;
    if (value > largest) largest = value;
  }
  return largest;
}

function logDensities3(data: Float32Array, row: number, model: PassModel, logs: Float64Array, diffs: Float64Array): number {
  const { k, covariance, packed } = model;
  const stride = passModelStride(covariance, 3);
  const full = covariance === 'full';
  const diagonal = covariance === 'diag';
  const x0 = data[row * 3]!;
  const x1 = data[row * 3 + 1]!;
  const x2 = data[row * 3 + 2]!;
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

/**
 * Replace each log-density by its exponential shifted by the largest (scipy's log-sum-exp); returns
 * their sum, so the customer's log-likelihood is largest + log(sum) and each responsibility e_j / sum.
 */
export function shiftedExponentials(logs: Float64Array, k: number, largest: number): number {
  let total = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(logs[j]! - largest);
    logs[j] = e;
    total += e;
  }
  return total;
}
