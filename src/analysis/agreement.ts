/**
 * How much two partitions of the same customers agree: the contingency table, the adjusted Rand
 * index (as scikit-learn's `adjusted_rand_score`) and, per cluster, the best Jaccard overlap
 * (fpc clusterboot's recovery measure). Labels are cluster numbers, one byte per customer.
 */

export interface Contingency {
  /** kA x kB customer counts, row-major: cell (i, j) = customers in cluster i of a and cluster j of b. */
  readonly table: Float64Array;
  readonly kA: number;
  readonly kB: number;
  /** Customers per cluster of a (row sums) and of b (column sums). */
  readonly rowTotals: Float64Array;
  readonly columnTotals: Float64Array;
  readonly n: number;
}

/** One more than the highest label: clusters 0..k-1 get a row (or column) each, empty ones too. */
function labelCount(labels: Uint8Array): number {
  let highest = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > highest) highest = labels[i]!;
  return highest + 1;
}

/**
 * The contingency table of two labelings of the same customers. `kA` and `kB` default to one
 * more than the highest label on each side; pass k to keep rows for empty clusters above it.
 */
export function contingency(a: Uint8Array, b: Uint8Array, kA = labelCount(a), kB = labelCount(b)): Contingency {
  if (a.length !== b.length) throw new RangeError(`the labelings have ${a.length} and ${b.length} customers`);
  const n = a.length;
  const table = new Float64Array(kA * kB);
  for (let i = 0; i < n; i++) {
    const row = a[i]!;
    const column = b[i]!;
    if (row >= kA || column >= kB) throw new RangeError(`customer ${i} has labels ${row} and ${column}, beyond ${kA} x ${kB} clusters`);
    table[row * kB + column]!++;
  }
  const rowTotals = new Float64Array(kA);
  const columnTotals = new Float64Array(kB);
  for (let r = 0; r < kA; r++) {
    for (let c = 0; c < kB; c++) {
      rowTotals[r]! += table[r * kB + c]!;
      columnTotals[c]! += table[r * kB + c]!;
    }
  }
  return { table, kA, kB, rowTotals, columnTotals, n };
}

const sumOfSquares = (counts: Float64Array): bigint => counts.reduce((sum, count) => sum + BigInt(count) * BigInt(count), 0n);

/**
 * The adjusted Rand index from a contingency table, by scikit-learn's pair counts (ordered pairs
 * of customers: together in both, in a only, in b only, in neither). The counts and their
 * products are exact integers (BigInt: the products pass 2^53 from about 10 000 customers on,
 * and near ARI = 0 the two products nearly cancel), so only the final division rounds.
 * 1.0 when no pair is split differently: identical partitions, including the trivial ones (one
 * cluster on both sides, one customer per cluster on both sides) and no customers at all.
 */
export function adjustedRandFromTable(counts: Contingency): number {
  const n = BigInt(counts.n);
  // Ordered pairs (i, j) in the same cell, the same row, the same column; i = j included.
  const sameCell = sumOfSquares(counts.table);
  const togetherInBoth = sameCell - n;
  const togetherInAOnly = sumOfSquares(counts.rowTotals) - sameCell;
  const togetherInBOnly = sumOfSquares(counts.columnTotals) - sameCell;
  const apartInBoth = n * n - togetherInAOnly - togetherInBOnly - sameCell;
  if (togetherInAOnly === 0n && togetherInBOnly === 0n) return 1;
  const numerator = 2n * (togetherInBoth * apartInBoth - togetherInAOnly * togetherInBOnly);
  const denominator =
    (togetherInBoth + togetherInAOnly) * (togetherInAOnly + apartInBoth) + (togetherInBoth + togetherInBOnly) * (togetherInBOnly + apartInBoth);
  return Number(numerator) / Number(denominator);
}

/** The adjusted Rand index of two labelings of the same customers (scikit-learn's `adjusted_rand_score`). */
export function adjustedRandIndex(a: Uint8Array, b: Uint8Array): number {
  return adjustedRandFromTable(contingency(a, b));
}

/** A cluster of the reference and the cluster of the other labeling that overlaps it best. */
export interface ClusterMatch {
  readonly cluster: number;
  /** The best matching cluster of the other labeling (the lower number on a tie); -1 for an empty reference cluster. */
  readonly match: number;
  /** |A ∩ B| / |A ∪ B| of the two; NaN for an empty reference cluster. */
  readonly jaccard: number;
}

/** For each row cluster of the table, the column cluster with the highest Jaccard overlap. */
export function bestMatches(counts: Contingency): ClusterMatch[] {
  const { table, kA, kB, rowTotals, columnTotals } = counts;
  return Array.from({ length: kA }, (_, cluster) => {
    if (rowTotals[cluster] === 0) return { cluster, match: -1, jaccard: Number.NaN };
    let match = -1;
    let jaccard = -1;
    for (let c = 0; c < kB; c++) {
      const shared = table[cluster * kB + c]!;
      const overlap = shared / (rowTotals[cluster]! + columnTotals[c]! - shared);
      if (overlap > jaccard) {
        jaccard = overlap;
        match = c;
      }
    }
    return { cluster, match, jaccard };
  });
}

/**
 * For each cluster of `reference`, the best Jaccard overlap with any cluster of `other` (the
 * same customers labelled again): how well each segment is recovered. Hennig's clusterboot
 * reads a mean over resamples under 0.5 as a dissolved cluster and above 0.75 as a stable one.
 */
export function jaccardPerCluster(reference: Uint8Array, other: Uint8Array): ClusterMatch[] {
  return bestMatches(contingency(reference, other));
}
