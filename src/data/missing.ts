import { compactRows } from './dataset.ts';

/**
 * What to do with customers whose feature values are missing or not finite:
 * - `error`: refuse, naming the first bad row and column (the default: nothing is guessed);
 * - `drop`: leave those customers out of the clustering (they get no cluster in exports);
 * - `mean`: fill each gap with the mean of the column's present values.
 */
export type MissingPolicy = 'error' | 'drop' | 'mean';
export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop', 'mean'];

export interface MissingReport {
  /** Rows with at least one missing value. */
  readonly rows: number;
  /** Missing values per column. */
  readonly perColumn: readonly number[];
  /** First offending row (0-based data row) and column index, or -1. */
  readonly firstRow: number;
  readonly firstColumn: number;
}

export function reportMissing(columns: readonly Float32Array[], n: number): MissingReport {
  const perColumn = columns.map(() => 0);
  let rows = 0;
  let firstRow = -1;
  let firstColumn = -1;
  for (let i = 0; i < n; i++) {
    let bad = false;
    columns.forEach((column, f) => {
      if (!Number.isFinite(column[i]!)) {
        perColumn[f]!++;
        if (!bad && firstRow < 0) {
          firstRow = i;
          firstColumn = f;
        }
        bad = true;
      }
    });
    if (bad) rows++;
  }
  return { rows, perColumn, firstRow, firstColumn };
}

/** Rows kept after dropping (a mask, so exports can still write every input row). */
export function dropMissing(columns: readonly Float32Array[], n: number): { columns: Float32Array[]; kept: Uint8Array; n: number } {
  const kept = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const ok = columns.every((column) => Number.isFinite(column[i]!));
    kept[i] = ok ? 1 : 0;
    if (ok) count++;
  }
  return { columns: compactRows(columns, kept, count), kept, n: count };
}

/** Fill gaps with the column mean of present values, in place. */
export function imputeMean(columns: readonly Float32Array[], n: number): void {
  for (const column of columns) {
    let sum = 0;
    let present = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(column[i]!)) {
        sum += column[i]!;
        present++;
      }
    }
    const mean = present > 0 ? sum / present : 0;
    for (let i = 0; i < n; i++) if (!Number.isFinite(column[i]!)) column[i] = mean;
  }
}
