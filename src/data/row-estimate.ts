/** Windows read across a file to measure its lines' length, and the bytes of each. */
const ESTIMATE_WINDOWS = 8;
const ESTIMATE_WINDOW_BYTES = 64 * 1024;

/**
 * The data rows of a file read only in part: its length over the mean line length, measured in
 * windows across the whole file as well as at its start (ids that grow from "1" to "9999999" make
 * the first rows shorter than the rest: the first batch alone was 11 % off on 10 M rows).
 */
export async function estimateRows(file: Blob, firstRows: number, firstBytes: number): Promise<number> {
  let lines = firstRows;
  let bytes = firstBytes;
  for (let w = 0; w < ESTIMATE_WINDOWS; w++) {
    const start = Math.floor(((w + 0.5) / ESTIMATE_WINDOWS) * file.size);
    if (start <= firstBytes) continue;
    const window = new Uint8Array(await file.slice(start, start + ESTIMATE_WINDOW_BYTES).arrayBuffer());
    // Whole lines only: from the first line break to the last.
    const first = window.indexOf(10);
    const last = window.lastIndexOf(10);
    if (first < 0 || last <= first) continue;
    let count = 0;
    for (let i = first; i < last; i++) if (window[i] === 10) count++;
    lines += count;
    bytes += last - first;
  }
  return Math.round((lines / Math.max(1, bytes)) * file.size);
}
