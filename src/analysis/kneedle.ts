/**
 * The elbow of a decreasing, convex curve such as WCSS against k, by the Kneedle method
 * (Satopää et al., 2011): normalise both axes to [0, 1], and take the point farthest below
 * the straight line from the first point to the last. Returns the index, or -1 when the
 * curve has fewer than three points or no bend.
 */
export function kneedle(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return -1;
  const x0 = xs[0]!;
  const x1 = xs[n - 1]!;
  const yMax = Math.max(...ys);
  const yMin = Math.min(...ys);
  if (!(x1 > x0) || !(yMax > yMin)) return -1;
  let best = -1;
  let bestGap = 0;
  for (let i = 0; i < n; i++) {
    const x = (xs[i]! - x0) / (x1 - x0);
    // Flip the decreasing curve so the knee is a maximum of (y - x).
    const y = (yMax - ys[i]!) / (yMax - yMin);
    const gap = y - x;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}
