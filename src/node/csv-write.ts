import { openAsBlob } from 'node:fs';
import { expandLabels, expandValues, segmentedFileCsv } from '../data/csv-export.ts';

/**
 * Read the input CSV again and write every row with its cells, then `Cluster` and `Segment`:
 * the page's export, over the file on disk. `kept` marks the rows that were clustered (in
 * order); the others get empty cells, so no input row disappears. A mixture's `probability` of
 * each clustered row's segment adds a Probability column.
 */
export async function writeSegmentedRows(
  inputPath: string,
  write: (chunk: string | Uint8Array) => Promise<void>,
  labels: ArrayLike<number>,
  names: readonly string[],
  kept: Uint8Array | null,
  probability?: Float32Array,
): Promise<void> {
  const options = probability ? { probability: expandValues(probability, kept) } : {};
  for await (const chunk of segmentedFileCsv(await openAsBlob(inputPath), expandLabels(labels, kept), names, options)) await write(chunk);
}
