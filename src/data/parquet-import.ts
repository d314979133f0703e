import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData, type ParquetParsers, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import {
  ImportError, MAX_FEATURES, MIN_FEATURES, suggestFeatures, textColumnsFor, type CsvPreview, type ImportReport, type ReadOptions, type StagedImport,
} from './csv-import.ts';
import { formatFloat32 } from './format.ts';
import { MAX_PAGE_CUSTOMERS } from './features.ts';
import { PLAIN_FORMAT } from './number-format.ts';
import { TextColumnBuilder } from './text-column.ts';

/**
 * Parquet files in, through hyparquet (pure JavaScript, no WebAssembly to load; snappy built in,
 * gzip, zstd, brotli and lz4 from hyparquet-compressors). The same steps as a CSV: a preview for
 * the column mapping, then the chosen columns read row group by row group into float32 columns,
 * with the same bad-row report (a null is a missing value). Types come from the file's schema:
 * integer, float, double and decimal columns are numbers; the rest is text.
 */

/** Whether a file is Parquet: its first four bytes are `PAR1`. */
export async function isParquet(file: Blob): Promise<boolean> {
  if (file.size < 12) return false;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return String.fromCharCode(...head) === 'PAR1';
}

/** A Blob read in slices, as hyparquet asks (the page's File, or a file read in Node). */
export const blobBuffer = (file: Blob): AsyncBuffer => ({ byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() });

const NUMERIC_TYPES = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);

/** The top-level columns of a flat schema and whether each holds numbers; nested columns are refused. */
function flatColumns(metadata: FileMetaData, name: string): { headers: string[]; numeric: boolean[]; float32: boolean[] } {
  const [, ...fields] = metadata.schema;
  const headers: string[] = [];
  const numeric: boolean[] = [];
  const float32: boolean[] = [];
  for (const field of fields) {
    if ((field.num_children ?? 0) > 0) throw new ImportError(`${name}: column "${field.name}" is nested (a group or list); only flat tables can be imported`);
    headers.push(field.name);
    numeric.push(isNumber(field));
    float32.push(field.type === 'FLOAT');
  }
  return { headers, numeric, float32 };
}

/** Numbers: integers, floats and decimals; not dates, times or timestamps stored as integers. */
function isNumber(field: SchemaElement): boolean {
  const logical = field.logical_type?.type;
  if (logical === 'DECIMAL') return true;
  if (logical && logical !== 'INTEGER') return false;
  if (field.converted_type && !/^(U?INT_\d+|DECIMAL)$/.test(field.converted_type)) return false;
  return NUMERIC_TYPES.has(field.type ?? '') || (field.type === 'FIXED_LEN_BYTE_ARRAY' && field.converted_type === 'DECIMAL');
}

/** A cell as the preview and text columns show it (and the segmented export writes a column it keeps as text); `float32`: a FLOAT column, written as its shortest float32 text (29.1, not 29.100000381469727). */
export function cellText(value: unknown, float32 = false): string {
  if (value === null || value === undefined) return '';
  if (float32 && typeof value === 'number') return formatFloat32(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'object') return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/** Whether a date's ISO text has a plain four-digit year (0000 to 9999): otherwise the raw number is shown. */
const inFourDigitYears = (date: Date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 0 && date.getUTCFullYear() <= 9999;

/** A UTC instant as `YYYY-MM-DD HH:MM:SS[.fraction]` from whole units of 10^-digits s, exactly (no rounding through a Date's milliseconds). */
function timestampText(units: bigint, digits: number): string {
  const perSecond = 10n ** BigInt(digits);
  let seconds = units / perSecond;
  let fraction = units % perSecond;
  if (fraction < 0n) {
    fraction += perSecond;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  if (!inFourDigitYears(date)) return units.toString(); // the text below has four-digit years
  const whole = date.toISOString().slice(0, 19).replace('T', ' ');
  return fraction === 0n ? whole : `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * Dates and timestamps as text, exactly as stored: hyparquet's default Date objects would drop
 * microseconds and nanoseconds and show a date as a midnight timestamp. The text is DuckDB's
 * (2001-01-04, 2024-05-01 00:16:27.654322), in UTC.
 */
const PARSERS: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => {
    const date = new Date(days * 86_400_000);
    return inFourDigitYears(date) ? date.toISOString().slice(0, 10) : String(days);
  },
  timestampFromMilliseconds: (millis: bigint) => timestampText(BigInt(millis), 3),
  timestampFromMicroseconds: (micros: bigint) => timestampText(BigInt(micros), 6),
  timestampFromNanoseconds: (nanos: bigint) => timestampText(BigInt(nanos), 9),
};

async function metadataOf(file: Blob, name: string): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(blobBuffer(file));
  } catch (error) {
    throw new ImportError(`${name}: not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function readRows(file: Blob, metadata: FileMetaData, columns: string[], rowStart: number, rowEnd: number): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await parquetRead({ file: blobBuffer(file), metadata, columns, rowStart, rowEnd, compressors, parsers: PARSERS, rowFormat: 'array', onComplete: (read) => (rows = read) });
  return rows;
}

/** Rows in a Parquet file, from its footer (the command line's memory check reads nothing else). */
export async function parquetRowCount(file: Blob, name: string): Promise<number> {
  return Number((await metadataOf(file, name)).num_rows);
}

/** The columns of a Parquet file and whether each holds numbers (the command line finds its features by name). */
export async function parquetColumns(file: Blob, name: string): Promise<{ headers: string[]; numeric: boolean[] }> {
  return flatColumns(await metadataOf(file, name), name);
}

const SHOWN_ROWS = 8;

/** The columns, first rows and proposed features of a Parquet file, in the CSV preview's shape. */
export async function previewParquet(file: Blob, name: string, wanted?: readonly string[]): Promise<CsvPreview> {
  const metadata = await metadataOf(file, name);
  const { headers, numeric, float32 } = flatColumns(metadata, name);
  const rowCount = Number(metadata.num_rows);
  if (rowCount === 0) throw new ImportError(`${name}: the file has columns but no rows`);
  const found = numeric.filter(Boolean).length;
  if (found < MIN_FEATURES) {
    throw new ImportError(`${name}: ${found === 0 ? 'no column holds numbers' : `only one column holds numbers (${headers[numeric.indexOf(true)]})`}; clustering needs at least ${MIN_FEATURES}`);
  }
  if (rowCount > MAX_PAGE_CUSTOMERS) {
    throw new ImportError(`${name}: ${rowCount.toLocaleString('en-US')} rows is more than the page holds (${MAX_PAGE_CUSTOMERS.toLocaleString('en-US')}); cluster it with the command line: npm run kmeans -- fit --input FILE --k K, with --sample 1000000 to fit on a uniform sample and assign every customer`);
  }
  const rows = (await readRows(file, metadata, headers, 0, Math.min(SHOWN_ROWS, rowCount))).map((row) => row.map((cell, c) => cellText(cell, float32[c])));
  return {
    file: name, bytes: file.size, delimiter: '', estimatedRows: rowCount, encoding: 'utf-8', headers, rows,
    formats: numeric.map((isNumeric) => (isNumeric ? PLAIN_FORMAT : null)), detected: headers.map(() => PLAIN_FORMAT), numeric,
    firstText: headers.map(() => null), suggested: suggestFeatures(headers, numeric, wanted),
  };
}

/** Bad rows named at most this many times per kind, as for a CSV. */
const FIRST_ROWS = 5;

/**
 * Read the chosen feature columns of a whole Parquet file into float32 columns, a row group at a
 * time (progress and cancel between groups), with the id column and up to MAX_SEARCH_COLUMNS
 * other columns as text for the hover card and search. Rows are numbered from 1 in the report.
 */
export async function readParquetFeatureColumns(
  file: Blob, name: string, features: readonly number[], options: ReadOptions & { readonly texts?: boolean } = {},
): Promise<StagedImport> {
  const started = performance.now();
  if (features.length < MIN_FEATURES || features.length > MAX_FEATURES) {
    throw new ImportError(`${name}: choose ${MIN_FEATURES} to ${MAX_FEATURES} feature columns (${features.length} chosen)`);
  }
  const metadata = await metadataOf(file, name);
  const { headers, numeric, float32 } = flatColumns(metadata, name);
  const outside = features.find((f) => f < 0 || f >= headers.length);
  if (outside !== undefined) throw new ImportError(`${name}: there is no column ${outside + 1}; the file has ${headers.length}`);
  const text = features.find((f) => !numeric[f]);
  if (text !== undefined) throw new ImportError(`${name}: column "${headers[text]}" does not hold numbers`);
  const n = Number(metadata.num_rows);
  const maxRows = options.maxRows ?? MAX_PAGE_CUSTOMERS;
  if (n > maxRows) throw new ImportError(`${name}: ${n.toLocaleString('en-US')} rows is more than ${maxRows.toLocaleString('en-US')}`);
  // The command line needs no text: it neither hovers nor searches.
  const { idColumn, searchColumns } = options.texts === false ? { idColumn: -1, searchColumns: [] } : textColumnsFor(headers, features);
  const textColumns = [...(idColumn >= 0 ? [idColumn] : []), ...searchColumns];
  const texts = textColumns.map(() => new TextColumnBuilder());
  const columns = features.map(() => new Float32Array(n));
  const bad = new Uint8Array(n);
  const missing = features.map(() => 0);
  const firstMissing: { row: number; column: string }[] = [];
  let badRows = 0;
  const featureOf = new Map(features.map((c, f) => [headers[c]!, f]));
  const textOf = new Map(textColumns.map((c, t) => [headers[c]!, t]));
  let row = 0;
  for (const group of metadata.row_groups) {
    options.signal?.throwIfAborted();
    const start = row;
    const end = start + Number(group.num_rows);
    // Column by column, page by page (no row objects): a feature's values go straight into its float32 column.
    const groupTexts = textColumns.map(() => new Array<string>(end - start).fill(''));
    await parquetRead({
      file: blobBuffer(file), metadata, columns: [...featureOf.keys(), ...textOf.keys()], rowStart: start, rowEnd: end, compressors, parsers: PARSERS,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const f = featureOf.get(columnName);
        const t = textOf.get(columnName);
        for (let k = 0; k < columnData.length; k++) {
          const at = rowStart + k;
          if (at < start || at >= end) continue;
          const value: unknown = columnData[k];
          // Null, NaN and ±Infinity are missing values, as in a CSV.
          if (f !== undefined) columns[f]![at] = value === null || value === undefined || !Number.isFinite(Number(value)) ? Number.NaN : Number(value);
          else if (t !== undefined) groupTexts[t]![at - start] = cellText(value, float32[textColumns[t]!]);
        }
      },
    });
    groupTexts.forEach((cells, t) => cells.forEach((cell) => texts[t]!.push(cell)));
    // Missing values in row order, whatever order the pages came in.
    for (; row < end; row++) {
      let problem = false;
      for (let f = 0; f < features.length; f++) {
        if (!Number.isNaN(columns[f]![row]!)) continue;
        missing[f]!++;
        problem = true;
        if (firstMissing.length < FIRST_ROWS) firstMissing.push({ row: row + 1, column: headers[features[f]!]! });
      }
      if (problem) {
        bad[row] = 1;
        badRows++;
      }
    }
    await options.onProgress?.(Math.round((row / n) * file.size), file.size);
  }
  const featureNames = features.map((f) => headers[f]!);
  const report: ImportReport = {
    file: name, rows: n, featureNames, missing, nonNumeric: features.map(() => 0), ragged: 0, badRows, firstMissing, firstNonNumeric: [], firstRagged: [],
    formats: features.map(() => PLAIN_FORMAT), otherMark: features.map(() => ({ count: 0, row: 0, value: '' })), bytes: file.size, ms: performance.now() - started,
  };
  const finished = texts.map((builder) => builder.finish());
  const identifier = idColumn >= 0 ? { header: headers[idColumn]!, texts: finished[0]! } : null;
  const searchable = searchColumns.map((c, s) => ({ header: headers[c]!, texts: finished[s + (idColumn >= 0 ? 1 : 0)]! }));
  return { report, columns, bad, n, headers, features, formats: numeric.map((isNumeric) => (isNumeric ? PLAIN_FORMAT : null)), identifier, searchable };
}

/**
 * Every row of a flat Parquet file as its decoded values (numbers, bigints, strings, booleans,
 * dates, nulls), with the schema of each column, a row group at a time: what the segmented
 * Parquet export writes before Cluster and Segment.
 */
export async function* parquetRowGroups(file: Blob, name: string, signal?: AbortSignal): AsyncGenerator<{ fields: SchemaElement[]; rows: unknown[][] }> {
  const metadata = await metadataOf(file, name);
  const { headers } = flatColumns(metadata, name);
  const fields = metadata.schema.slice(1);
  let row = 0;
  for (const group of metadata.row_groups) {
    signal?.throwIfAborted();
    const end = row + Number(group.num_rows);
    yield { fields, rows: await readRows(file, metadata, headers, row, end) };
    row = end;
  }
}

/**
 * Every row of a Parquet file as CSV cells (all its columns, as text), a row group at a time:
 * what the segmented export writes before Cluster and Segment.
 */
export async function* parquetRowsAsText(file: Blob, signal?: AbortSignal): AsyncGenerator<{ headers: string[]; rows: string[][] }> {
  for await (const { fields, rows } of parquetRowGroups(file, file instanceof File ? file.name : 'the file', signal)) {
    const headers = fields.map((field) => field.name);
    const float32 = fields.map((field) => field.type === 'FLOAT');
    yield { headers, rows: rows.map((cells) => cells.map((cell, c) => cellText(cell, float32[c]))) };
  }
}
