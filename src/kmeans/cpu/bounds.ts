/** Centroid geometry Hamerly's bounds need, computed once per pass (k x k, tiny). */

// Bounds are stored as float32 to save 4 bytes a customer; shrink before rounding so the
// stored lower bound never exceeds the true one (float32 rounds by at most 2^-24).
export const LOWER_BOUND_SHRINK = 1 - 2 ** -20;
// Skip a point only with a margin: floating-point triangle inequalities are not exact.
export const SKIP_MARGIN = 1 - 1e-9;

/** Half the distance from each centroid to its nearest other centroid (Infinity when k = 1). */
export function halfGapToNearestCentroid(centroids: Float64Array, k: number, d: number): Float64Array {
  const gap = new Float64Array(k).fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const half = 0.5 * Math.sqrt(distance64(centroids, a * d, centroids, b * d, d));
      if (half < gap[a]!) gap[a] = half;
      if (half < gap[b]!) gap[b] = half;
    }
  }
  return gap;
}

/** The largest and second largest centroid move since the last pass, and who moved most. */
export function centroidDrift(previous: Float64Array | null, centroids: Float64Array, k: number, d: number) {
  let maxDrift = 0;
  let secondDrift = 0;
  let maxDriftCluster = -1;
  if (previous) {
    for (let j = 0; j < k; j++) {
      const move = Math.sqrt(distance64(previous, j * d, centroids, j * d, d));
      if (move > maxDrift) {
        secondDrift = maxDrift;
        maxDrift = move;
        maxDriftCluster = j;
      } else if (move > secondDrift) secondDrift = move;
    }
  }
  return { maxDrift, maxDriftCluster, secondDrift };
}

function distance64(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let f = 0; f < d; f++) sum += (a[aOffset + f]! - b[bOffset + f]!) ** 2;
  return sum;
}
