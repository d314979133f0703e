/**
 * Canonical cluster numbering: clusters sorted by centroid, first feature ascending, ties by
 * the next feature. The same partition gets the same numbers on every backend and restart.
 * Returns canonical[j] = new number of cluster j.
 */
export function canonicalOrder(centroids: Float64Array, k: number, d: number): Uint8Array {
  const order = Array.from({ length: k }, (_, j) => j);
  order.sort((a, b) => {
    for (let f = 0; f < d; f++) {
      const diff = centroids[a * d + f]! - centroids[b * d + f]!;
      if (diff !== 0) return diff;
    }
    return a - b;
  });
  const canonical = new Uint8Array(k);
  order.forEach((cluster, rank) => (canonical[cluster] = rank));
  return canonical;
}

/** Renumber rows of a k x width matrix: row j moves to canonical[j]. */
export function permuteRows<T extends Float64Array>(rows: T, canonical: Uint8Array, width: number): T {
  const out = new (rows.constructor as new (n: number) => T)(rows.length);
  canonical.forEach((to, from) => out.set(rows.subarray(from * width, from * width + width), to * width));
  return out;
}

export function relabel(labels: Uint8Array, canonical: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = canonical[labels[i]!]!;
  return out;
}
