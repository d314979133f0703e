import { customerId, type Dataset } from './dataset.ts';
import { ID_COLUMN } from './features.ts';

/** The shortest decimal that reads back as the same float32 (57.3, not 57.29999923706055). */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(7)));
}

/** CSV lines of a generated dataset, `rows` at a time, header first. */
export function* customerCsvChunks(dataset: Dataset, rows = 1 << 15): Generator<string> {
  yield [ID_COLUMN, ...dataset.featureNames].map(quoteIfNeeded).join(',') + '\n';
  const { n, columns } = dataset;
  for (let start = 0; start < n; start += rows) {
    const end = Math.min(n, start + rows);
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      let line = String(customerId(dataset, i));
      for (const column of columns) line += ',' + formatFloat32(column[i]!);
      lines.push(line);
    }
    yield lines.join('\n') + '\n';
  }
}

function quoteIfNeeded(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
