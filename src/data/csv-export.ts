import Papa from 'papaparse';
import { FORMULA_CELL } from './cells.ts';
import { readCsvBatches } from './csv-stream.ts';
import { customerId, type Dataset } from './dataset.ts';
import { ID_COLUMN } from './features.ts';
import { formatFloat32 } from './format.ts';

/** Cluster of a row that was not clustered (dropped for a missing value or as an outlier). */
export const NO_CLUSTER = -1;

/**
 * Spread labels of the kept rows back over all rows: `kept[i]` says whether row i was
 * clustered; rows left out get NO_CLUSTER. Apply once per filter (bad rows, then outliers).
 * Int16: every label of k up to 256 stays distinct from NO_CLUSTER.
 */
export function expandLabels(labels: ArrayLike<number>, kept: Uint8Array | null): Int16Array {
  if (!kept) return Int16Array.from(labels);
  const out = new Int16Array(kept.length).fill(NO_CLUSTER);
  for (let i = 0, o = 0; i < kept.length; i++) if (kept[i]) out[i] = labels[o++]!;
  return out;
}

/** Names for the two added columns that do not clash with the file's own (a re-imported export has both). */
export function addedColumnNames(headers: readonly string[]): [string, string] {
  const taken = new Set(headers.map((h) => h.trim().toLowerCase()));
  for (let suffix = 1; ; suffix++) {
    const tag = suffix === 1 ? '' : ` ${suffix}`;
    if (!taken.has(`cluster${tag}`) && !taken.has(`segment${tag}`)) return [`Cluster${tag}`, `Segment${tag}`];
  }
}

const toCsv = (rows: string[][]) => Papa.unparse(rows, { newline: '\n', escapeFormulae: FORMULA_CELL }) + '\n';
const clusterCells = (label: number | undefined, names: readonly string[]): [string, string] =>
  label === undefined || label === NO_CLUSTER ? ['', ''] : [String(label), names[label] ?? ''];

/**
 * `segmented_customers.csv` from a CSV file (the page's import, the command line's input): the
 * file is read again in batches and every row is written with all its original cells (short rows
 * padded), then Cluster and Segment. Cells a spreadsheet would run as formulas are neutralised.
 * Yields CSV text chunks.
 */
export async function* segmentedFileCsv(
  file: Blob, clusterOfRow: ArrayLike<number>, names: readonly string[], signal?: AbortSignal,
): AsyncGenerator<string> {
  let width = -1;
  let row = 0;
  for await (const batch of readCsvBatches(file, { signal })) {
    const out: string[][] = [];
    for (const cells of batch.rows) {
      if (width < 0) {
        width = cells.length;
        out.push([...cells, ...addedColumnNames(cells)]);
        continue;
      }
      const padded = cells.length < width ? [...cells, ...new Array<string>(width - cells.length).fill('')] : cells;
      out.push([...padded, ...clusterCells(clusterOfRow[row++], names)]);
    }
    if (out.length > 0) yield toCsv(out);
  }
}

/** `segmented_customers.csv` for generated customers: id, features (shortest float32 text), Cluster, Segment. */
export function* segmentedDatasetCsv(dataset: Dataset, clusterOfRow: ArrayLike<number>, names: readonly string[], rows = 1 << 15): Generator<string> {
  yield toCsv([[ID_COLUMN, ...dataset.featureNames, 'Cluster', 'Segment']]);
  const { n, columns } = dataset;
  for (let start = 0; start < n; start += rows) {
    const out: string[][] = [];
    for (let i = start; i < Math.min(n, start + rows); i++) {
      out.push([String(customerId(dataset, i)), ...columns.map((c) => formatFloat32(c[i]!)), ...clusterCells(clusterOfRow[i], names)]);
    }
    yield toCsv(out);
  }
}
