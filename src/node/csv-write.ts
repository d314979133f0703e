import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { FORMULA_CELL } from '../data/cells.ts';
import { InputError } from './input-error.ts';

const BATCH_ROWS = 1 << 14;

/**
 * Stream the input CSV again and write every row unchanged, then `Cluster` and `Segment`.
 * `kept` marks the rows that were clustered (in order); the others get empty cells, so no
 * input row disappears. Formula-like cells are neutralised for spreadsheets.
 */
export async function writeSegmentedRows(
  inputPath: string,
  write: (text: string) => Promise<void>,
  labels: Uint8Array,
  names: readonly string[],
  kept: Uint8Array | null,
): Promise<number> {
  const file = basename(inputPath);
  const unparse = (rows: string[][]) => Papa.unparse(rows, { newline: '\n', escapeFormulae: FORMULA_CELL }) + '\n';
  let header = true;
  let row = 0;
  let clustered = 0;
  let batch: string[][] = [];
  let pending: Promise<void> = Promise.resolve();
  const flush = (parser?: Papa.Parser) => {
    const text = unparse(batch);
    batch = [];
    parser?.pause();
    pending = pending.then(() => write(text)).finally(() => parser?.resume());
  };
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(inputPath, 'utf8'), {
      skipEmptyLines: 'greedy',
      step: (result, parser) => {
        const cells = result.data;
        if (header) {
          header = false;
          cells[0] = (cells[0] ?? '').replace(/^\uFEFF/, '');
          batch.push([...cells, 'Cluster', 'Segment']);
          return;
        }
        const isKept = kept ? kept[row] === 1 : true;
        if (isKept) {
          const label = labels[clustered++]!;
          batch.push([...cells, String(label), names[label] ?? '']);
        } else {
          batch.push([...cells, '', '']);
        }
        row++;
        if (batch.length >= BATCH_ROWS) flush(parser);
      },
      complete: () => {
        if (batch.length > 0) flush();
        pending.then(resolve, reject);
      },
      error: (error: Error) => reject(new InputError(`${file}: ${error.message}`)),
    });
  });
  return row;
}
