import { compactRows } from '../data/dataset.ts';

/**
 * What to do with outliers (by Tukey's fences) before clustering:
 * - `keep`: cluster every customer as is;
 * - `clip`: pull values outside the fences onto the fence (winsorise), keeping every customer;
 * - `drop`: leave out customers with any value outside its fences.
 */
export type OutlierPolicy = 'keep' | 'clip' | 'drop';

export function applyOutlierPolicy(
  columns: readonly Float32Array[],
  n: number,
  fences: readonly { readonly lowFence: number; readonly highFence: number }[],
  policy: OutlierPolicy,
): { columns: Float32Array[]; n: number; kept: Uint8Array | null } {
  if (policy === 'keep') return { columns: columns.map((c) => c), n, kept: null };
  if (policy === 'clip') {
    return {
      columns: columns.map((c, f) => {
        const { lowFence, highFence } = fences[f]!;
        return c.map((v) => (v < lowFence ? lowFence : v > highFence ? highFence : v));
      }),
      n,
      kept: null,
    };
  }
  const kept = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const inside = columns.every((c, f) => c[i]! >= fences[f]!.lowFence && c[i]! <= fences[f]!.highFence);
    kept[i] = inside ? 1 : 0;
    if (inside) count++;
  }
  return { columns: compactRows(columns, kept, count), n: count, kept };
}
