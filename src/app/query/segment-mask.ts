/**
 * The customers of the given segments (mask[i] = 1), from each customer's cluster; null when none
 * is given or one is not a cluster of this run (nothing to isolate).
 */
export function segmentMask(labels: Uint8Array, k: number, segments: readonly number[]): Uint8Array | null {
  if (segments.length === 0 || segments.some((c) => c >= k)) return null;
  const wanted = new Uint8Array(256);
  for (const c of segments) wanted[c] = 1;
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) mask[i] = wanted[labels[i]!]!;
  return mask;
}

/**
 * The isolated segments after a legend click: alone (a second click on the only one shows all
 * again), or with `add` toggled among the others, in cluster order.
 */
export function nextIsolation(current: readonly number[], segment: number, add: boolean): number[] {
  if (add) return current.includes(segment) ? current.filter((c) => c !== segment) : [...current, segment].sort((a, b) => a - b);
  return current.length === 1 && current[0] === segment ? [] : [segment];
}
