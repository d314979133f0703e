import { findColumn } from './cells.ts';
import { readCsvBatches } from './csv-stream.ts';
import { notTextReason, SNIFF_BYTES, type TextEncodingName } from './text-encoding.ts';
import { estimateRows } from './row-estimate.ts';
import { compactRows } from './dataset.ts';
import { TextColumnBuilder, type TextColumn } from './text-column.ts';
import { MAX_PAGE_CUSTOMERS } from './features.ts';
import { KNOWN_FEATURES, looksLikeId, recogniseFeature } from './feature-names.ts';
import { decimalAdjective, detectFormats, DETECT_ROWS, numberReader, otherMark, PLAIN_FORMAT, type NumberFormat } from './number-format.ts';


/** Features an import may cluster on: at least two (a plane), at most eight. */
export const MIN_FEATURES = 2;
export const MAX_FEATURES = 8;
/** How many first offending rows a report lists per kind of problem. */
const FIRST_ROWS = 5;
/** Rows the column-mapping dialog shows. */
const SHOWN_ROWS = 8;
/** Text columns a refusal names before "…". */
const NAMED_TEXT_COLUMNS = 6;

/** A bad input file: one sentence naming the file (and row or column when there is one). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * Number format per column: null for a text column, whose cells are never rewritten. The
 * column-mapping dialog sends the user's choices in this shape to the import and the export.
 */
export type ColumnFormats = readonly (NumberFormat | null)[];

/** A text column's first cell that is not a number, and how many of its cells were numbers. */
export interface TextSample {
  readonly row: number;
  readonly value: string;
  readonly numbers: number;
  readonly cells: number;
}

/** What the first rows say about each column: its number format and whether it holds numbers. */
export interface ColumnSurvey {
  readonly formats: ColumnFormats;
  /** The format each column would be read with if it were numeric (text columns included). */
  readonly detected: readonly NumberFormat[];
  readonly numeric: readonly boolean[];
  /** Per text column: its first cell that is not a number; null for numeric (or empty) columns. */
  readonly firstText: readonly (TextSample | null)[];
}

/** What the column-mapping step shows: headers, a few rows, and which columns hold numbers how written. */
export interface CsvPreview extends ColumnSurvey {
  readonly file: string;
  readonly bytes: number;
  readonly delimiter: string;
  /** Data rows in the file: counted when the preview read it all, else estimated from the first rows' bytes. */
  readonly estimatedRows: number;
  /** How the file's bytes were decoded (Windows-1252 when they are not UTF-8). */
  readonly encoding: TextEncodingName;
  readonly headers: readonly string[];
  /** The first rows, as text, for the user to recognise the file. */
  readonly rows: readonly (readonly string[])[];
  /** Column indices proposed as features. */
  readonly suggested: readonly number[];
}

/**
 * Detect each column's number format from the first rows, then judge it under that format:
 * a column is numeric when its present cells are numbers, give or take the odd typo.
 */
export function surveyColumns(rows: readonly (readonly string[])[], rowNumbers: ArrayLike<number>, width: number, delimiter: string): ColumnSurvey {
  const sample = rows.slice(0, DETECT_ROWS);
  const detected = detectFormats(sample, width, delimiter);
  const firstText: (TextSample | null)[] = [];
  const numeric = detected.map((format, c) => {
    const read = numberReader(format.decimal);
    let numbers = 0;
    let text = 0;
    let first = -1;
    for (let r = 0; r < sample.length; r++) {
      const value = read(sample[r]![c]);
      if (typeof value === 'number') numbers++;
      else if (value === 'invalid' && text++ === 0) first = r;
    }
    // A column of numbers with the odd typo still counts; the bad-rows report shows the typos.
    const isNumeric = numbers > 0 && numbers >= 4 * text;
    const cell = sample[first]?.[c];
    firstText.push(!isNumeric && cell !== undefined ? { row: rowNumbers[first]!, value: cell.slice(0, 60), numbers, cells: numbers + text } : null);
    return isNumeric;
  });
  return { formats: detected.map((format, c) => (numeric[c] ? format : null)), detected, numeric, firstText };
}

/** "Region ("Île-de-France" at row 2)", with how many cells were numbers, and how they were read, when some were. */
function describeTextColumn(header: string, sample: TextSample | null, format: NumberFormat): string {
  if (!sample) return `${header} (empty)`;
  const numbers = sample.numbers > 0 ? `; ${sample.numbers} of ${sample.cells} cells are ${decimalAdjective(format.decimal)} numbers` : '';
  return `${header} (${JSON.stringify(sample.value)} at row ${sample.row}${numbers})`;
}

/**
 * Features to propose: the model's features when one is loaded and the file has them all;
 * otherwise the recognised customer features (never an id column); otherwise every numeric
 * column that is not an id.
 */
export function suggestFeatures(headers: readonly string[], numeric: readonly boolean[], wanted?: readonly string[]): number[] {
  if (wanted) {
    const found = wanted.map((name) => findColumn(headers, name));
    if (found.every((i) => i >= 0)) return found;
  }
  const known = KNOWN_FEATURES.map((name) => headers.findIndex((h, i) => numeric[i] && recogniseFeature(h) === name)).filter((i) => i >= 0);
  if (known.length >= MIN_FEATURES) return known;
  return headers.map((h, i) => i).filter((i) => numeric[i] && !looksLikeId(headers[i]!)).slice(0, MAX_FEATURES);
}

/** A file with more rows than the page can hold: refused before (or as soon as) it is known, the current data untouched. */
function tooManyRows(name: string, rows: string): ImportError {
  return new ImportError(`${name}: ${rows} data rows; the page holds at most ${MAX_PAGE_CUSTOMERS.toLocaleString('en-US')} customers ` +
    '(about 50 bytes each in memory). Cluster it with the command line: npm run kmeans -- fit --input FILE --k K, with --sample 1000000 ' +
    'to fit on a uniform sample and assign every customer');
}

/** Read the header and the first rows; refuse files that cannot be imported at all. */
export async function previewCsv(file: Blob, name: string, wanted?: readonly string[]): Promise<CsvPreview> {
  let headers: string[] | null = null;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let delimiter = ',';
  let encoding: TextEncodingName = 'utf-8';
  let estimatedRows = 0;
  const notText = notTextReason(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (notText) throw new ImportError(`${name}: ${notText}`);
  for await (const batch of readCsvBatches(file, { batchBytes: 256 * 1024 })) {
    delimiter = batch.delimiter;
    encoding = batch.encoding;
    // Rows per byte of the first batch, scaled to the file: enough to refuse a file far too big before reading it.
    const dataRows = batch.rows.length - 1;
    estimatedRows = batch.bytesRead >= file.size ? dataRows : await estimateRows(file, dataRows, batch.bytesRead);
    for (let r = 0; r < batch.rows.length && rows.length < DETECT_ROWS; r++) {
      const row = batch.rows[r]!;
      if (headers === null) headers = row.map((h) => h.trim());
      else {
        rows.push(row);
        rowNumbers.push(batch.rowNumbers[r]!);
      }
    }
    if (headers !== null) break;
  }
  if (headers === null || headers.every((h) => h === '')) throw new ImportError(`${name}: the file is empty`);
  if (rows.length === 0) throw new ImportError(`${name}: the file has a header but no data rows`);
  const survey = surveyColumns(rows, rowNumbers, headers.length, delimiter);
  const { numeric } = survey;
  const found = numeric.filter(Boolean).length;
  if (found < MIN_FEATURES) {
    // Say why: which columns were read as text, with the cell that made each one text.
    const text = headers.flatMap((h, c) => (numeric[c] ? [] : [describeTextColumn(h || `column ${c + 1}`, survey.firstText[c] ?? null, survey.detected[c]!)]));
    const listed = text.slice(0, NAMED_TEXT_COLUMNS).join(', ') + (text.length > NAMED_TEXT_COLUMNS ? ', …' : '');
    const holds = found === 0 ? 'no column holds numbers' : `only one column holds numbers (${headers[numeric.indexOf(true)]})`;
    throw new ImportError(`${name}: ${holds}; clustering needs at least ${MIN_FEATURES}. Read as text: ${listed}`);
  }
  if (estimatedRows > MAX_PAGE_CUSTOMERS * 1.05) throw tooManyRows(name, `about ${estimatedRows.toLocaleString('en-US')}`);
  return { file: name, bytes: file.size, delimiter, estimatedRows, encoding, headers, rows: rows.slice(0, SHOWN_ROWS), ...survey, suggested: suggestFeatures(headers, numeric, wanted) };
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
  /** Per feature: the number format its cells were read with. */
  readonly formats: readonly NumberFormat[];
  /**
   * Per feature: cells that were not numbers under its format but are under the other decimal
   * mark (a decimal-comma column read with a point), with the first of them.
   */
  readonly otherMark: readonly { readonly count: number; readonly row: number; readonly value: string }[];
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
  /** Every column's number format, as read (null: text); the export rewrites numbers by it. */
  readonly formats: ColumnFormats;
  /** The customers' identifier column (its header and each row's text), when the file has one. */
  readonly identifier: Identifier | null;
  /** The file's other non-feature columns as text (Gender, branch, name), for search; at most MAX_SEARCH_COLUMNS. */
  readonly searchable: readonly Identifier[];
}

/** Non-feature columns kept for search besides the id: each costs 4 bytes a row plus its text. */
export const MAX_SEARCH_COLUMNS = 8;

/** A column that names each customer: what the hover card shows and search finds. */
export interface Identifier {
  readonly header: string;
  readonly texts: TextColumn;
}

/**
 * The column that identifies customers: the first non-feature column whose header says id
 * ("CustomerID", "client_id", "Account number"), else the first non-feature column, else none
 * (customers are then known by their row).
 */
export function identifierColumn(headers: readonly string[], features: readonly number[]): number {
  const others = headers.map((_, c) => c).filter((c) => !features.includes(c));
  return others.find((c) => looksLikeId(headers[c]!)) ?? others[0] ?? -1;
}

/** The columns kept as text: the id, and up to MAX_SEARCH_COLUMNS other named non-feature columns for search (CSV and Parquet alike). */
export function textColumnsFor(headers: readonly string[], features: readonly number[]): { idColumn: number; searchColumns: number[] } {
  const idColumn = identifierColumn(headers, features);
  const searchColumns = headers.map((_, c) => c).filter((c) => c !== idColumn && !features.includes(c) && headers[c] !== '').slice(0, MAX_SEARCH_COLUMNS);
  return { idColumn, searchColumns };
}

export interface ReadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void | Promise<void>;
  /** Every column's number format, as the user confirmed it; detected from the first rows when absent. */
  readonly formats?: ColumnFormats;
  /** Stop with an error past this many data rows (the page's limit by default). */
  readonly maxRows?: number;
}

/**
 * Stream a whole file into float32 columns for the chosen feature columns, each read with its
 * number format, noting every problem.
 */
export async function readFeatureColumns(file: Blob, name: string, features: readonly number[], options: ReadOptions = {}): Promise<StagedImport> {
  const started = performance.now();
  const maxRows = options.maxRows ?? MAX_PAGE_CUSTOMERS;
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
  const otherMarkCells = features.map(() => ({ count: 0, row: 0, value: '' }));
  let formats: ColumnFormats = options.formats ?? [];
  let idColumn = -1;
  const ids = new TextColumnBuilder();
  let searchColumns: number[] = [];
  let searchTexts: TextColumnBuilder[] = [];
  let readers = features.map(() => numberReader('.'));
  let otherReaders = readers;

  for await (const batch of readCsvBatches(file, { signal: options.signal })) {
    const { rows, rowNumbers } = batch;
    let r = 0;
    if (headers === null && rows.length > 0) {
      headers = rows[0]!.map((h) => h.trim());
      const outside = features.find((f) => f < 0 || f >= headers!.length);
      if (outside !== undefined) throw new ImportError(`${name}: there is no column ${outside + 1}; the file has ${headers.length}`);
      r = 1;
      ({ idColumn, searchColumns } = textColumnsFor(headers, features));
      searchTexts = searchColumns.map(() => new TextColumnBuilder());
      formats = options.formats ?? surveyColumns(rows.slice(1), rowNumbers.subarray(1), headers.length, batch.delimiter).formats;
      const marks = features.map((f) => formats[f]?.decimal ?? '.');
      readers = marks.map(numberReader);
      otherReaders = marks.map((mark) => numberReader(otherMark(mark)));
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
        const value = readers[f]!(cell);
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
          if (typeof otherReaders[f]!(cell) === 'number') {
            const other = otherMarkCells[f]!;
            if (other.count++ === 0) {
              other.row = rowNumber;
              other.value = cell!.slice(0, 60);
            }
          }
        }
      }
      if (idColumn >= 0) ids.push(row[idColumn] ?? '');
      for (let s = 0; s < searchColumns.length; s++) searchTexts[s]!.push(row[searchColumns[s]!] ?? '');
      bad[n] = problem ? 1 : 0;
      if (problem) badRows++;
      n++;
      if (n > maxRows) throw tooManyRows(name, `more than ${maxRows.toLocaleString('en-US')}`);
    }
    await options.onProgress?.(batch.bytesRead, batch.totalBytes);
  }
  if (headers === null || headers.every((h) => h === '')) throw new ImportError(`${name}: the file is empty`);
  if (n === 0) throw new ImportError(`${name}: the file has a header but no data rows`);
  const featureNames = features.map((f) => headers![f]!);
  const report: ImportReport = {
    file: name, rows: n, featureNames, missing, nonNumeric, ragged, badRows, firstMissing, firstNonNumeric, firstRagged,
    formats: features.map((f) => formats[f] ?? PLAIN_FORMAT), otherMark: otherMarkCells, bytes: file.size, ms: performance.now() - started,
  };
  const identifier = idColumn >= 0 ? { header: headers[idColumn]!, texts: ids.finish() } : null;
  const searchable = searchColumns.map((c, s) => ({ header: headers![c]!, texts: searchTexts[s]!.finish() }));
  return { report, columns: columns.map((c) => c.slice(0, n)), bad: bad.slice(0, n), n, headers, features, formats, identifier, searchable };
}

/** What to do with the rows the report lists. */
export type BadRowChoice = 'drop' | 'mean' | 'median';
/** The columns an import reads: the features chosen, and how each column's numbers are written. */
export type ColumnChoice = { readonly features: number[]; readonly formats: ColumnFormats };
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
