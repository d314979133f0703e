import { findColumn, headerKey, parseNumberCell } from './cells.ts';
import { readCsvBatches } from './csv-stream.ts';
import { compactRows } from './dataset.ts';
import { CREDIT, INCOME, SPENDING } from './features.ts';

/** Features an import may cluster on: at least two (a plane), at most eight. */
export const MIN_FEATURES = 2;
export const MAX_FEATURES = 8;
/** How many first offending rows a report lists per kind of problem. */
const FIRST_ROWS = 5;
const PREVIEW_ROWS = 200;

/** A bad input file: one sentence naming the file (and row or column when there is one). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** What the column-mapping step shows: headers, a few rows, and which columns hold numbers. */
export interface CsvPreview {
  readonly file: string;
  readonly bytes: number;
  readonly delimiter: string;
  readonly headers: readonly string[];
  /** The first rows, as text, for the user to recognise the file. */
  readonly rows: readonly (readonly string[])[];
  /** Per column: true when the previewed cells that are present read as numbers. */
  readonly numeric: readonly boolean[];
  /** Column indices proposed as features. */
  readonly suggested: readonly number[];
}

/** Known customer features and the loose header spellings that mean them. */
const KNOWN: readonly { readonly name: string; readonly test: (key: string) => boolean }[] = [
  { name: INCOME, test: (key) => key.includes('income') },
  { name: SPENDING, test: (key) => key.includes('spending') || key.includes('spend') },
  { name: CREDIT, test: (key) => key.includes('credit') },
];

/** Which known customer feature a header means ("annual_income" is income), or null. */
export function recogniseFeature(header: string): string | null {
  const key = headerKey(header);
  return KNOWN.find((known) => known.test(key))?.name ?? null;
}

const looksLikeId = (header: string) => /(^|[^a-z])id$|^id|number$/i.test(header.replace(/\s+/g, ' ').trim()) || headerKey(header).endsWith('id');

/**
 * Features to propose: the model's features when one is loaded and the file has them all;
 * otherwise the recognised customer features; otherwise every numeric column that is not an id.
 */
export function suggestFeatures(headers: readonly string[], numeric: readonly boolean[], wanted?: readonly string[]): number[] {
  if (wanted) {
    const found = wanted.map((name) => findColumn(headers, name));
    if (found.every((i) => i >= 0)) return found;
  }
  const known = KNOWN.map((k) => headers.findIndex((h, i) => numeric[i] && recogniseFeature(h) === k.name)).filter((i) => i >= 0);
  if (known.length >= MIN_FEATURES) return known;
  return headers.map((h, i) => i).filter((i) => numeric[i] && !looksLikeId(headers[i]!)).slice(0, MAX_FEATURES);
}

/** Read the header and the first rows; refuse files that cannot be imported at all. */
export async function previewCsv(file: Blob, name: string, wanted?: readonly string[]): Promise<CsvPreview> {
  let headers: string[] | null = null;
  const rows: string[][] = [];
  let delimiter = ',';
  for await (const batch of readCsvBatches(file, { batchBytes: 256 * 1024 })) {
    delimiter = batch.delimiter;
    for (const row of batch.rows) {
      if (headers === null) headers = row.map((h) => h.trim());
      else rows.push(row);
      if (rows.length >= PREVIEW_ROWS) break;
    }
    if (headers !== null) break;
  }
  if (headers === null || headers.every((h) => h === '')) throw new ImportError(`${name}: the file is empty`);
  if (rows.length === 0) throw new ImportError(`${name}: the file has a header but no data rows`);
  const numeric = headers.map((_, c) => {
    let numbers = 0;
    let text = 0;
    for (const row of rows) {
      const value = parseNumberCell(row[c]);
      if (typeof value === 'number') numbers++;
      else if (value === 'invalid') text++;
    }
    // A column of numbers with the odd typo still counts; the bad-rows report shows the typos.
    return numbers > 0 && numbers >= 4 * text;
  });
  if (numeric.filter(Boolean).length < MIN_FEATURES) {
    const found = numeric.filter(Boolean).length;
    throw new ImportError(`${name}: ${found === 0 ? 'no column holds' : 'only one column holds'} numbers; clustering needs at least ${MIN_FEATURES} (columns: ${headers.join(', ')})`);
  }
  return { file: name, bytes: file.size, delimiter, headers, rows: rows.slice(0, 8), numeric, suggested: suggestFeatures(headers, numeric, wanted) };
}

/** What the import found wrong, by kind, with the first spreadsheet row numbers of each. */
export interface ImportReport {
  readonly file: string;
  /** Data rows read (the header not counted, blank lines skipped). */
  readonly rows: number;
  readonly featureNames: readonly string[];
  /** Per feature: cells that are empty or a missing marker (NA, null, …), ragged rows' absent cells included. */
  readonly missing: readonly number[];
  /** Per feature: cells that are present but not numbers. */
  readonly nonNumeric: readonly number[];
  /** Rows whose number of fields differs from the header's. */
  readonly ragged: number;
  /** Rows with any problem (what "drop" removes). */
  readonly badRows: number;
  readonly firstMissing: readonly { readonly row: number; readonly column: string }[];
  readonly firstNonNumeric: readonly { readonly row: number; readonly column: string; readonly value: string }[];
  readonly firstRagged: readonly { readonly row: number; readonly fields: number }[];
  readonly bytes: number;
  readonly ms: number;
}

/** The parsed feature columns of a file, before the user decides about bad rows. */
export interface StagedImport {
  readonly report: ImportReport;
  /** Feature values in file order; NaN where a cell is missing or not a number. */
  readonly columns: Float32Array[];
  /** 1 for every row with a problem. */
  readonly bad: Uint8Array;
  readonly n: number;
  readonly headers: readonly string[];
  readonly features: readonly number[];
}

export interface ReadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void | Promise<void>;
}

/** Stream a whole file into float32 columns for the chosen feature columns, noting every problem. */
export async function readFeatureColumns(file: Blob, name: string, features: readonly number[], options: ReadOptions = {}): Promise<StagedImport> {
  const started = performance.now();
  if (features.length < MIN_FEATURES || features.length > MAX_FEATURES) {
    throw new ImportError(`${name}: choose ${MIN_FEATURES} to ${MAX_FEATURES} feature columns (${features.length} chosen)`);
  }
  let headers: string[] | null = null;
  let capacity = 1 << 16;
  let columns = features.map(() => new Float32Array(capacity));
  let bad = new Uint8Array(capacity);
  let n = 0;
  const missing = features.map(() => 0);
  const nonNumeric = features.map(() => 0);
  let ragged = 0;
  let badRows = 0;
  const firstMissing: { row: number; column: string }[] = [];
  const firstNonNumeric: { row: number; column: string; value: string }[] = [];
  const firstRagged: { row: number; fields: number }[] = [];

  for await (const batch of readCsvBatches(file, { signal: options.signal })) {
    const { rows, rowNumbers } = batch;
    let r = 0;
    if (headers === null && rows.length > 0) {
      headers = rows[0]!.map((h) => h.trim());
      const outside = features.find((f) => f < 0 || f >= headers!.length);
      if (outside !== undefined) throw new ImportError(`${name}: there is no column ${outside + 1}; the file has ${headers.length}`);
      r = 1;
    }
    if (n + rows.length > capacity) {
      while (n + rows.length > capacity) capacity *= 2;
      columns = columns.map((c) => grow(c, capacity));
      bad = grow(bad, capacity);
    }
    const width = headers?.length ?? 0;
    for (; r < rows.length; r++) {
      const row = rows[r]!;
      const rowNumber = rowNumbers[r]!;
      let problem = false;
      if (row.length !== width) {
        ragged++;
        problem = true;
        if (firstRagged.length < FIRST_ROWS) firstRagged.push({ row: rowNumber, fields: row.length });
      }
      for (let f = 0; f < features.length; f++) {
        const cell = row[features[f]!];
        const value = parseNumberCell(cell);
        if (typeof value === 'number') {
          columns[f]![n] = value;
          continue;
        }
        columns[f]![n] = Number.NaN;
        problem = true;
        const column = headers![features[f]!]!;
        if (value === 'missing') {
          missing[f]!++;
          if (firstMissing.length < FIRST_ROWS) firstMissing.push({ row: rowNumber, column });
        } else {
          nonNumeric[f]!++;
          if (firstNonNumeric.length < FIRST_ROWS) firstNonNumeric.push({ row: rowNumber, column, value: cell!.slice(0, 60) });
        }
      }
      bad[n] = problem ? 1 : 0;
      if (problem) badRows++;
      n++;
    }
    await options.onProgress?.(batch.bytesRead, batch.totalBytes);
  }
  if (headers === null || headers.every((h) => h === '')) throw new ImportError(`${name}: the file is empty`);
  if (n === 0) throw new ImportError(`${name}: the file has a header but no data rows`);
  const featureNames = features.map((f) => headers![f]!);
  const report: ImportReport = {
    file: name, rows: n, featureNames, missing, nonNumeric, ragged, badRows, firstMissing, firstNonNumeric, firstRagged,
    bytes: file.size, ms: performance.now() - started,
  };
  return { report, columns: columns.map((c) => c.slice(0, n)), bad: bad.slice(0, n), n, headers, features };
}

/** What to do with the rows the report lists. */
export type BadRowChoice = 'drop' | 'mean' | 'median';
export const BAD_ROW_CHOICES: readonly BadRowChoice[] = ['drop', 'mean', 'median'];

/**
 * Apply the user's choice: drop every row with a problem, or fill each missing or non-numeric
 * cell with its column's mean or median (ragged rows are then kept, read by position).
 * `kept` maps file rows to the rows that stay (null when every row stays).
 */
export function resolveBadRows(staged: StagedImport, choice: BadRowChoice): { columns: Float32Array[]; n: number; kept: Uint8Array | null } {
  const { columns, bad, n, report } = staged;
  if (report.badRows === 0) return { columns, n, kept: null };
  if (choice === 'drop') {
    const kept = bad.map((b) => 1 - b);
    const count = n - report.badRows;
    if (count === 0) throw new ImportError(`${report.file}: every row has a problem; nothing would be left to cluster`);
    return { columns: compactRows(columns, kept, count), n: count, kept };
  }
  const filled = columns.map((column, f) => {
    const present = column.filter((v) => !Number.isNaN(v));
    if (present.length === 0) throw new ImportError(`${report.file}: column "${report.featureNames[f]}" has no numbers to compute a ${choice} from`);
    const fill = choice === 'mean' ? meanOf(present) : medianOf(present);
    return column.map((v) => (Number.isNaN(v) ? fill : v));
  });
  return { columns: filled, n, kept: null };
}

function meanOf(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The median as pandas computes it: the middle value, or the mean of the two middle values. */
function medianOf(values: Float32Array): number {
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function grow<T extends Float32Array | Uint8Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
