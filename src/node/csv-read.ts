import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { findColumn, parseNumberCell } from '../data/cells.ts';
import { InputError } from './input-error.ts';

/** The feature columns of a CSV file, as float32 columns (NaN where a cell is missing). */
export interface CsvFeatures {
  readonly file: string;
  readonly headers: readonly string[];
  /** The feature names as the file spells them. */
  readonly featureNames: readonly string[];
  readonly columns: Float32Array[];
  readonly n: number;
}

const INITIAL_ROWS = 1 << 16;

/**
 * Stream a CSV file (any delimiter papaparse detects, optional BOM) into typed columns for
 * `features`. Row numbers in messages count the header as row 1, as a spreadsheet does.
 */
export async function readCsvFeatures(path: string, features: readonly string[]): Promise<CsvFeatures> {
  const file = basename(path);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`${path}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: no such file`);
  }

  let headers: string[] | null = null;
  let featureIndex: number[] = [];
  let capacity = INITIAL_ROWS;
  let columns: Float32Array[] = [];
  let n = 0;
  let problem: InputError | null = null;

  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(path, 'utf8'), {
      skipEmptyLines: 'greedy',
      step: (result, parser) => {
        const row = result.data;
        if (headers === null) {
          headers = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
          featureIndex = features.map((wanted) => {
            const at = findColumn(headers!, wanted);
            if (at < 0) problem ??= new InputError(`${file}: column "${wanted}" not found; the columns are: ${headers!.join(', ')}`);
            return at;
          });
          columns = features.map(() => new Float32Array(capacity));
          if (problem) parser.abort();
          return;
        }
        const rowNumber = n + 2;
        if (row.length !== headers.length) {
          problem = new InputError(`${file}: row ${rowNumber} has ${row.length} fields, the header has ${headers.length}`);
          return parser.abort();
        }
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
          const value = parseNumberCell(cell);
          if (value === 'invalid') {
            problem = new InputError(`${file}: row ${rowNumber}, column "${headers[featureIndex[f]!]}": ${JSON.stringify(cell)} is not a number`);
            return parser.abort();
          }
          columns[f]![n] = value === 'missing' ? Number.NaN : value;
        }
        n++;
      },
      complete: () => resolve(),
      error: (error: Error) => reject(new InputError(`${file}: ${error.message}`)),
    });
  });

  if (problem) throw problem;
  if (headers === null) throw new InputError(`${file}: the file is empty`);
  if (n === 0) throw new InputError(`${file}: no data rows after the header`);
  const names = featureIndex.map((i) => headers![i]!);
  return { file, headers, featureNames: names, columns: columns.map((c) => c.slice(0, n)), n };
}
