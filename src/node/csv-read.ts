import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { findColumn } from '../data/cells.ts';
import { readCsvBatches } from '../data/csv-stream.ts';
import { notTextReason, SNIFF_BYTES } from '../data/text-encoding.ts';
import { KNOWN_FEATURES, recogniseFeature } from '../data/feature-names.ts';
import { decimalName, detectFormats, numberReader, otherMark, type DecimalMark } from '../data/number-format.ts';
import { InputError } from './input-error.ts';
import { requireFile } from './input-file.ts';
import { ImportError } from '../data/csv-import.ts';
import { isParquet, parquetColumns, readParquetFeatureColumns } from '../data/parquet-import.ts';

/** The feature columns of a CSV file, as float32 columns (NaN where a cell is missing). */
export interface CsvFeatures {
  readonly file: string;
  readonly headers: readonly string[];
  /** The feature names as the file spells them. */
  readonly featureNames: readonly string[];
  readonly columns: Float32Array[];
  readonly n: number;
  /** What was assumed and could be wrong (an ambiguous decimal mark, a Windows-1252 file), one sentence each. */
  readonly notes: readonly string[];
}

const INITIAL_ROWS = 1 << 16;

/**
 * The column for `wanted`: by name (forgiving case, accents and punctuation), else, for the
 * three customer features, the one column whose header the page also recognises as that
 * feature ("Revenu annuel (k€)", "FICO"); -1 when absent or when several columns could be it.
 */
function findFeature(headers: readonly string[], wanted: string): number {
  const named = findColumn(headers, wanted);
  if (named >= 0 || !KNOWN_FEATURES.includes(wanted)) return named;
  const recognised = headers.flatMap((header, c) => (recogniseFeature(header) === wanted ? [c] : []));
  return recognised.length === 1 ? recognised[0]! : -1;
}

/**
 * Read a CSV file (any delimiter the batch reader detects, optional BOM) into typed columns for
 * `features`, strictly: a ragged row or a cell that is not a number stops with one message.
 * Numbers are read with `decimal` when given, else with each column's mark as detected from
 * the first rows (the page's detection). Row numbers count the header as row 1, as a
 * spreadsheet does.
 */
export async function readCsvFeatures(path: string, features: readonly string[], decimal?: DecimalMark, name = basename(path)): Promise<CsvFeatures> {
  const file = name;
  await requireFile(path);

  const blob = await openAsBlob(path);
  if (await isParquet(blob)) return readParquetFeatures(blob, features, file);
  const notText = notTextReason(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (notText) throw new InputError(`${file}: ${notText}`);
  let headers: string[] | null = null;
  let featureIndex: number[] = [];
  let capacity = INITIAL_ROWS;
  let columns: Float32Array[] = [];
  let n = 0;
  let decimals: DecimalMark[] = [];
  let readers: ReturnType<typeof numberReader>[] = [];

  const notes: string[] = [];
  let encoding = 'utf-8';
  for await (const batch of readCsvBatches(blob)) {
    const { rows, rowNumbers, delimiter } = batch;
    encoding = batch.encoding;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      if (headers === null) {
        headers = row.map((h) => h.trim());
        featureIndex = features.map((wanted) => {
          const at = findFeature(headers!, wanted);
          if (at < 0) throw new InputError(`${file}: column "${wanted}" not found; the columns are: ${headers!.join(', ')}`);
          return at;
        });
        columns = features.map(() => new Float32Array(capacity));
        const sample = rows.slice(r + 1);
        const detected = decimal ? null : detectFormats(sample, headers.length, delimiter);
        decimals = featureIndex.map((c) => decimal ?? detected![c]!.decimal);
        // A column whose cells read either way (`1.234`) took its mark from the other columns or the delimiter: say so.
        featureIndex.forEach((c, f) => {
          const format = detected?.[c];
          const example = sample.map((row) => row[c]?.trim() ?? '').find((cell) => /\d[.,]\d/.test(cell));
          if (!format || format.basis === 'column' || example === undefined) return;
          const why = format.basis === 'file' ? "as the file's other columns do" : `as ${delimiter === ';' ? 'a ;-separated' : 'a ,-separated'} file usually does`;
          notes.push(`${file}: column "${headers![c]}" has numbers such as "${example}" that read either way; read with a ${decimalName(decimals[f]!)}, ` +
            `${why}; add --decimal ${otherMark(decimals[f]!)} if that is wrong`);
        });
        readers = decimals.map(numberReader);
        continue;
      }
      const rowNumber = rowNumbers[r]!;
      if (row.length !== headers.length) throw new InputError(`${file}: row ${rowNumber} has ${row.length} fields, the header has ${headers.length}`);
      if (n === capacity) {
        capacity *= 2;
        columns = columns.map((c) => {
          const grown = new Float32Array(capacity);
          grown.set(c);
          return grown;
        });
      }
      for (let f = 0; f < featureIndex.length; f++) {
        const cell = row[featureIndex[f]!];
        const value = readers[f]!(cell);
        if (value === 'invalid') {
          const other = otherMark(decimals[f]!);
          const hint = typeof numberReader(other)(cell) === 'number' ? ` (it is one with a ${decimalName(other)}: add --decimal ${other})` : '';
          throw new InputError(`${file}: row ${rowNumber}, column "${headers[featureIndex[f]!]}": ${JSON.stringify(cell)} is not a number${hint}`);
        }
        columns[f]![n] = value === 'missing' ? Number.NaN : value;
      }
      n++;
    }
  }

  if (encoding === 'windows-1252') notes.unshift(`${file}: read as Windows-1252 text (its bytes are not UTF-8)`);
  if (headers === null) throw new InputError(`${file}: the file is empty`);
  if (n === 0) throw new InputError(`${file}: no data rows after the header`);
  const names = featureIndex.map((i) => headers![i]!);
  return { file, headers, featureNames: names, columns: columns.map((c) => c.slice(0, n)), n, notes };
}

/** readCsvFeatures for a Parquet file: features found by name as in a CSV, nulls as missing values (NaN). */
async function readParquetFeatures(blob: Blob, features: readonly string[], file: string): Promise<CsvFeatures> {
  try {
    const { headers, numeric } = await parquetColumns(blob, file);
    const featureIndex = features.map((wanted) => {
      const at = findFeature(headers, wanted);
      if (at < 0) throw new InputError(`${file}: column "${wanted}" not found; the columns are: ${headers.join(', ')}`);
      if (!numeric[at]) throw new InputError(`${file}: column "${headers[at]}" does not hold numbers`);
      return at;
    });
    const staged = await readParquetFeatureColumns(blob, file, featureIndex, { maxRows: Number.MAX_SAFE_INTEGER, texts: false });
    return { file, headers, featureNames: featureIndex.map((c) => headers[c]!), columns: staged.columns, n: staged.n, notes: [] };
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(error.message);
    throw error;
  }
}
