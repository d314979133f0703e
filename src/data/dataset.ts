/**
 * A table of customers held column by column in typed arrays: no object per customer.
 * `columns[f][i]` is feature `featureNames[f]` of customer i, in business units.
 */
export interface Dataset {
  readonly n: number;
  readonly featureNames: readonly string[];
  readonly columns: readonly Float32Array[];
  /** Customer ids; absent means ids are 1..n in row order. */
  readonly ids?: Uint32Array;
}

export function customerId(dataset: Dataset, row: number): number {
  return dataset.ids ? (dataset.ids[row] ?? row + 1) : row + 1;
}

/** Interleave the columns row-major (n x d), the layout the engines read. */
export function interleave(columns: readonly Float32Array[], n: number): Float32Array {
  const d = columns.length;
  const out = new Float32Array(n * d);
  for (let f = 0; f < d; f++) {
    const column = columns[f]!;
    for (let i = 0, o = f; i < n; i++, o += d) out[o] = column[i]!;
  }
  return out;
}

/** The rows of each column where `kept[i]` is 1, in order (`count` of them). */
export function compactRows(columns: readonly Float32Array[], kept: Uint8Array, count: number): Float32Array[] {
  return columns.map((column) => {
    const out = new Float32Array(count);
    for (let i = 0, o = 0; i < kept.length; i++) if (kept[i]) out[o++] = column[i]!;
    return out;
  });
}
