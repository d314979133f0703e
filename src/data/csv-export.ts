import Papa from 'papaparse';
import { encodeText } from './text-encoding.ts';
import { FORMULA_CELL } from './cells.ts';
import { readCsvBatches } from './csv-stream.ts';
import { customerId, type Dataset } from './dataset.ts';
import { ID_COLUMN } from './features.ts';
import { NO_SEGMENT, NOISE, NOT_CLUSTERED } from './labels.ts';
import { formatFloat32 } from './format.ts';
import { toPlainNumber, type NumberFormat } from './number-format.ts';
import { isParquet, parquetRowsAsText } from './parquet-import.ts';

/** Cluster of a row that was not clustered (dropped for a missing value or as an outlier). */
export const NO_CLUSTER = NOT_CLUSTERED;

/**
 * Spread labels of the kept rows back over all rows: `kept[i]` says whether row i was
 * clustered; rows left out get NO_CLUSTER. Apply once per filter (bad rows, then outliers).
 * Int32: a density clustering's thousands of clusters and its NOISE stay distinct from NO_CLUSTER.
 */
export function expandLabels(labels: ArrayLike<number>, kept: Uint8Array | null): Int32Array {
  if (!kept) return Int32Array.from(labels);
  const out = new Int32Array(kept.length).fill(NO_CLUSTER);
  for (let i = 0, o = 0; i < kept.length; i++) if (kept[i]) out[i] = labels[o++]!;
  return out;
}

/** Values of the kept rows spread back over all rows, NaN where left out (a mixture's probabilities). */
export function expandValues(values: Float32Array, kept: Uint8Array | null): Float32Array {
  if (!kept) return values;
  const out = new Float32Array(kept.length).fill(Number.NaN);
  for (let i = 0, o = 0; i < kept.length; i++) if (kept[i]) out[i] = values[o++]!;
  return out;
}

/** A mask over the rows that were kept, spread over all rows (0 where left out). */
export function expandMask(mask: Uint8Array, kept: Uint8Array | null): Uint8Array {
  if (!kept) return mask;
  const out = new Uint8Array(kept.length);
  for (let i = 0, j = 0; i < kept.length; i++) if (kept[i]) out[i] = mask[j++]!;
  return out;
}

/** Names for the added columns (Cluster, Segment, and a mixture's Probability) that do not clash with the file's own (a re-imported export has them). */
export function addedColumnNames(headers: readonly string[], withProbability = false): string[] {
  const taken = new Set(headers.map((h) => h.trim().toLowerCase()));
  const added = withProbability ? ['Cluster', 'Segment', 'Probability'] : ['Cluster', 'Segment'];
  for (let suffix = 1; ; suffix++) {
    const tag = suffix === 1 ? '' : ` ${suffix}`;
    if (added.every((name) => !taken.has(`${name.toLowerCase()}${tag}`))) return added.map((name) => `${name}${tag}`);
  }
}

/** A mixture's probability of a row's segment as a cell: empty for a row not clustered (NaN). */
export const probabilityCell = (probability: number | undefined): string =>
  probability === undefined || Number.isNaN(probability) ? '' : formatFloat32(probability);

/** How a file's cells are separated and its lines ended, and whether it starts with a BOM. */
interface CsvLayout {
  readonly delimiter: string;
  readonly lineEnd: '\n' | '\r\n';
  readonly bom: boolean;
}

/** The layout spreadsheets and tools read everywhere: comma, LF, no BOM (generated data, "comma, dot"). */
const COMMA_LAYOUT: CsvLayout = { delimiter: ',', lineEnd: '\n', bom: false };

const toCsv = (rows: string[][], layout: CsvLayout = COMMA_LAYOUT) =>
  Papa.unparse(rows, { delimiter: layout.delimiter, newline: layout.lineEnd, escapeFormulae: FORMULA_CELL }) + layout.lineEnd;
export const clusterCells = (label: number | undefined, names: readonly string[]): [string, string] =>
  label === undefined || label === NO_CLUSTER ? ['', ''] : label === NOISE ? [String(NOISE), NO_SEGMENT] : [String(label), names[label] ?? ''];

/**
 * How the segmented export of a file writes its numbers: `as-imported` keeps the file's
 * delimiter, line ends, BOM and every cell's text (a European spreadsheet opens it as it opened
 * the input); `comma-dot` writes comma-separated UTF-8 with decimal points, rewriting the
 * numbers of columns read with a decimal comma or thousands groups (`1.234,5` → `1234.5`).
 */
export type ExportLayout = 'as-imported' | 'comma-dot';

export interface FileExportOptions {
  readonly layout?: ExportLayout;
  /** The number format of each column of the file as imported (null: text): which cells `comma-dot` rewrites. */
  readonly formats?: readonly (NumberFormat | null)[];
  readonly signal?: AbortSignal;
  /** Write only the data rows r with include[r] = 1 (a selection); every row when absent. */
  readonly include?: Uint8Array;
  /** A mixture's probability of each row's segment (NaN where not clustered): a Probability column after Segment. */
  readonly probability?: ArrayLike<number>;
}

/**
 * The row with the numbers of numeric columns written plain (decimal point, no groups); text
 * columns, and cells of numeric columns that are not numbers, stay as they were.
 */
function plainNumbers(cells: readonly string[], formats: readonly (NumberFormat | null)[]): string[] {
  return cells.map((cell, c) => {
    const format = formats[c];
    const plain = format ? toPlainNumber(cell, format.decimal) : null;
    // Only rewrite what changes beyond the spaces around it: `52.5` and ` 81 ` stay as they were.
    return plain === null || plain === cell.trim() ? cell : plain;
  });
}

/**
 * `segmented_customers.csv` from a CSV file (the page's import, the command line's input): the
 * file is read again in batches and every row is written with all its original cells (short rows
 * padded), then Cluster and Segment, in the layout chosen (default: as imported, in the file's
 * own encoding). Cells a spreadsheet would run as formulas are neutralised. Yields encoded chunks.
 */
export async function* segmentedFileCsv(
  file: Blob, clusterOfRow: ArrayLike<number>, names: readonly string[], options: FileExportOptions = {},
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  if (await isParquet(file)) {
    yield* segmentedParquetCsv(file, clusterOfRow, names, options);
    return;
  }
  const asImported = (options.layout ?? 'as-imported') === 'as-imported';
  const formats = options.formats ?? [];
  let width = -1;
  let row = 0;
  let first = true;
  for await (const batch of readCsvBatches(file, { signal: options.signal })) {
    const out: string[][] = [];
    for (const cells of batch.rows) {
      if (width < 0) {
        width = cells.length;
        out.push([...cells, ...addedColumnNames(cells, Boolean(options.probability))]);
        continue;
      }
      const dataRow = row++;
      if (options.include && !options.include[dataRow]) continue;
      const padded = cells.length < width ? [...cells, ...new Array<string>(width - cells.length).fill('')] : cells;
      out.push([...(asImported ? padded : plainNumbers(padded, formats)), ...addedCells(dataRow, clusterOfRow, names, options.probability)]);
    }
    if (out.length === 0) continue;
    const layout = asImported ? batch : COMMA_LAYOUT;
    yield encodeText((layout.bom && first ? '\ufeff' : '') + toCsv(out, layout), asImported ? batch.encoding : 'utf-8');
    first = false;
  }
}

/** segmentedFileCsv for a Parquet file: every column as text, comma-separated UTF-8, then Cluster and Segment. */
async function* segmentedParquetCsv(
  file: Blob, clusterOfRow: ArrayLike<number>, names: readonly string[], options: FileExportOptions,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let row = 0;
  let first = true;
  for await (const { headers, rows } of parquetRowsAsText(file, options.signal)) {
    const out: string[][] = first ? [[...headers, ...addedColumnNames(headers, Boolean(options.probability))]] : [];
    first = false;
    for (const cells of rows) {
      const dataRow = row++;
      if (options.include && !options.include[dataRow]) continue;
      out.push([...cells, ...addedCells(dataRow, clusterOfRow, names, options.probability)]);
    }
    if (out.length > 0) yield encodeText(toCsv(out), 'utf-8');
  }
}

/** A data row's added cells: its cluster and segment, and its probability where the export has one. */
function addedCells(row: number, clusterOfRow: ArrayLike<number>, names: readonly string[], probability: ArrayLike<number> | undefined): string[] {
  const cells = clusterCells(clusterOfRow[row], names);
  return probability ? [...cells, probabilityCell(probability[row])] : cells;
}

/** `segmented_customers.csv` for generated customers: id, features (shortest float32 text), Cluster, Segment (and a mixture's Probability). */
export function* segmentedDatasetCsv(
  dataset: Dataset, clusterOfRow: ArrayLike<number>, names: readonly string[], rows = 1 << 15, include?: Uint8Array, probability?: ArrayLike<number>,
): Generator<string> {
  yield toCsv([[ID_COLUMN, ...dataset.featureNames, ...(probability ? ['Cluster', 'Segment', 'Probability'] : ['Cluster', 'Segment'])]]);
  const { n, columns } = dataset;
  for (let start = 0; start < n; start += rows) {
    const out: string[][] = [];
    for (let i = start; i < Math.min(n, start + rows); i++) {
      if (include && !include[i]) continue;
      out.push([String(customerId(dataset, i)), ...columns.map((c) => formatFloat32(c[i]!)), ...addedCells(i, clusterOfRow, names, probability)]);
    }
    if (out.length > 0) yield toCsv(out);
  }
}
