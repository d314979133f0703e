import Papa from 'papaparse';
import { FORMULA_CELL } from '../data/cells.ts';
import { adjustedRandFromTable, bestMatches, contingency, type ClusterMatch, type Contingency } from './agreement.ts';

/** A run's labels spread over the source rows: NOT_CLUSTERED where its outlier policy left a row out. */
export const NOT_CLUSTERED = 255;

/** One clustering's labels per source row (canonical numbers), as a comparison sees it. */
export interface RunLabels {
  readonly k: number;
  /** One per source row; NOT_CLUSTERED where the run left the row out. */
  readonly labels: Uint8Array;
}

export interface RunComparison {
  /** Adjusted Rand index of the two partitions over the customers both clustered. */
  readonly ari: number;
  /** pinned x current customer counts, with row and column totals (they add up to `n`). */
  readonly migration: Contingency;
  /** For each pinned segment, the current segment that overlaps it best (Jaccard). */
  readonly matches: ClusterMatch[];
  /** Customers both runs clustered, and those one of them left out. */
  readonly n: number;
  readonly leftOut: number;
}

/** Spread labels over the source rows, given which rows the run kept (null: all, in order). */
export function labelsBySourceRow(labels: Uint8Array, kept: Uint8Array | null): Uint8Array {
  if (!kept) return labels.slice();
  const spread = new Uint8Array(kept.length).fill(NOT_CLUSTERED);
  let next = 0;
  for (let row = 0; row < kept.length; row++) if (kept[row]) spread[row] = labels[next++]!;
  return spread;
}

/** Compare two clusterings of the same customers (source rows), on the rows both clustered. */
export function compareRuns(pinned: RunLabels, current: RunLabels): RunComparison {
  if (pinned.labels.length !== current.labels.length) {
    throw new RangeError(`the runs cover ${pinned.labels.length} and ${current.labels.length} customers`);
  }
  const both = new Uint8Array(pinned.labels.length);
  let n = 0;
  for (let row = 0; row < both.length; row++) {
    if (pinned.labels[row] === NOT_CLUSTERED || current.labels[row] === NOT_CLUSTERED) continue;
    both[row] = 1;
    n++;
  }
  const a = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let row = 0, i = 0; row < both.length; row++) {
    if (!both[row]) continue;
    a[i] = pinned.labels[row]!;
    b[i++] = current.labels[row]!;
  }
  const migration = contingency(a, b, pinned.k, current.k);
  return { ari: adjustedRandFromTable(migration), migration, matches: bestMatches(migration), n, leftOut: both.length - n };
}

/**
 * The migration table as CSV: a header of the current segments, a row per pinned segment, then
 * the totals. Names that a spreadsheet would run as formulas are escaped, as in every export.
 */
export function migrationCsv(comparison: RunComparison, pinnedNames: readonly string[], currentNames: readonly string[]): string {
  const { table, kA, kB, rowTotals, columnTotals, n } = comparison.migration;
  const rows: (string | number)[][] = [['pinned \\ current', ...Array.from({ length: kB }, (_, j) => currentNames[j] ?? `Segment ${j}`), 'total']];
  for (let i = 0; i < kA; i++) {
    rows.push([pinnedNames[i] ?? `Segment ${i}`, ...Array.from({ length: kB }, (_, j) => table[i * kB + j]!), rowTotals[i]!]);
  }
  rows.push(['total', ...Array.from(columnTotals), n]);
  return Papa.unparse(rows, { escapeFormulae: FORMULA_CELL, newline: '\r\n' }) + '\r\n';
}
