/** A histogram bar's range of one feature, in business units. */
export interface FeatureRange {
  readonly feature: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The drawn customers whose feature lies in the bar's range (mask[i] = 1). Positions are scaled
 * (interleaved n x d), so the range is scaled by the same mean and scale first.
 */
export function customersInRange(positions: Float32Array, d: number, mean: ArrayLike<number>, scale: ArrayLike<number>, range: FeatureRange): Uint8Array {
  const n = positions.length / d;
  const lo = (range.lo - mean[range.feature]!) / scale[range.feature]!;
  const hi = (range.hi - mean[range.feature]!) / scale[range.feature]!;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = positions[i * d + range.feature]!;
    mask[i] = v >= lo && v < hi ? 1 : 0;
  }
  return mask;
}
