import { densitiesFor, shiftedExponentials } from './densities.ts';
import { componentStatsSize, MIXTURE_BLOCK, statsSize, type PassModel } from './pass-layout.ts';

/**
 * passBlocks (e-step.ts) for three features, the workbench's usual case: the same sums in the
 * same order, accumulated unrolled (with densities.ts's three-feature loop, about twice as fast as
 * the loops over d on this machine).
 */
export function passBlocks3(data: Float32Array, n: number, model: PassModel, fromBlock: number, toBlock: number): Float64Array {
  const { k, covariance } = model;
  const d = 3;
  const size = statsSize(k, d, covariance);
  const per = componentStatsSize(d, covariance);
  const full = covariance === 'full';
  const logDensities = densitiesFor(d);
  const out = new Float64Array((toBlock - fromBlock) * size);
  const logs = new Float64Array(k);
  const diffs = new Float64Array(k * 3);
  for (let block = fromBlock; block < toBlock; block++) {
    const sums = (block - fromBlock) * size;
    const end = Math.min(n, (block + 1) * MIXTURE_BLOCK);
    let logLikelihood = 0;
    for (let row = block * MIXTURE_BLOCK; row < end; row++) {
      const largest = logDensities(data, row, model, logs, diffs);
      const total = shiftedExponentials(logs, k, largest);
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

