import { openAsBlob } from 'node:fs';
import { expandLabels, segmentedFileCsv } from '../data/csv-export.ts';

/**
 * Read the input CSV again and write every row with its cells, then `Cluster` and `Segment`:
 * the page's export, over the file on disk. `kept` marks the rows that were clustered (in
 * order); the others get empty cells, so no input row disappears.
 */
export async function writeSegmentedRows(
  inputPath: string,
  write: (chunk: string | Uint8Array) => Promise<void>,
  labels: ArrayLike<number>,
  names: readonly string[],
  kept: Uint8Array | null,
): Promise<void> {
  for await (const chunk of segmentedFileCsv(await openAsBlob(inputPath), expandLabels(labels, kept), names)) await write(chunk);
}
