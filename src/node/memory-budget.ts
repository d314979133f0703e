import { openAsBlob } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isParquet, parquetRowCount } from '../data/parquet-import.ts';
import { totalmem } from 'node:os';
import { InputError } from './input-error.ts';

/**
 * Bytes the command line holds per customer with d features: the float32 columns and scaled
 * points, the engine's own copy (WebAssembly), labels, bounds and the export's labels.
 */
export const bytesPerCustomer = (d: number) => 12 * d + 8;

/** The default budget: three quarters of this machine's (or this container's) memory. */
export const defaultMemoryBudget = () => {
  // A container's limit, where there is one, not the host's memory.
  const limit = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() || Infinity;
  return Math.floor(Math.min(totalmem(), limit) * 0.75);
};

/** "2G", "512M", "1.5GB", "800000000" → bytes; null when it is not a size. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(match[1]) * unit);
}

/** A size as people read it: 1.5 GB, 230 MB, 96 kB. */
const readableSize = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;

/**
 * Refuse, before reading it, a file whose customers would not fit in `budget` bytes: a Parquet
 * file's rows from its footer, a CSV's estimated from its first line breaks. Returns that count
 * (null when the file cannot be looked at).
 */
export async function checkMemoryBudget(path: string, name: string, features: number, budget: number): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null; // the reader says what is wrong with the path
  const size = info.size;
  const blob = await openAsBlob(path);
  // Parquet says how many rows it holds; a CSV's are estimated from its line breaks.
  const parquet = await isParquet(blob).catch(() => false);
  const rows = parquet ? await parquetRowCount(blob, name).catch(() => null) : await csvRowEstimate(path, size);
  if (rows === null) return null; // unreadable: the reader says so in its own words
  const needed = rows * bytesPerCustomer(features);
  if (needed > budget) {
    throw new InputError(`${name}: about ${rows.toLocaleString('en-US')} customers (${readableSize(size)} of ${parquet ? 'Parquet' : 'CSV'}) would need about ${readableSize(needed)} ` +
      `in memory, over the budget of ${readableSize(budget)} (--max-memory; by default three quarters of this machine's memory)`);
  }
  return rows;
}

/** Rows of a CSV from the line breaks in its first 256 kB (exact when that is all of it); null when unreadable. */
async function csvRowEstimate(path: string, size: number): Promise<number | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const sample = Buffer.alloc(Math.min(size, 256 * 1024));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    let breaks = 0;
    for (let i = 0; i < bytesRead; i++) if (sample[i] === 10) breaks++;
    return bytesRead >= size ? breaks : Math.round((Math.max(1, breaks) / bytesRead) * size);
  } finally {
    await handle.close();
  }
}
