/**
 * A column of short texts (customer ids, names) held as one UTF-8 byte array and row offsets:
 * two typed arrays for a million customers instead of a million strings.
 */
export interface TextColumn {
  readonly bytes: Uint8Array;
  /** Row i is bytes[offsets[i] .. offsets[i + 1]). */
  readonly offsets: Uint32Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Collects texts row by row. */
export class TextColumnBuilder {
  private bytes = new Uint8Array(1 << 16);
  private offsets = new Uint32Array(1 << 12);
  private rows = 0;

  push(text: string): void {
    const start = this.offsets[this.rows]!;
    // At most 3 UTF-8 bytes per UTF-16 unit; room first, so both paths below write in place.
    if (start + 3 * text.length > this.bytes.length) this.bytes = grown(this.bytes, start + 3 * text.length);
    if (this.rows + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.rows + 2);
    // ASCII byte by byte: an encoder call (and its array) per cell made a 1 M-row import with three text columns 4x slower.
    let at = start;
    const { bytes } = this;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        at += encoder.encodeInto(text.slice(i), bytes.subarray(at)).written;
        break;
      }
      bytes[at++] = code;
    }
    this.offsets[++this.rows] = at;
  }

  finish(): TextColumn {
    return { bytes: this.bytes.slice(0, this.offsets[this.rows]!), offsets: this.offsets.slice(0, this.rows + 1) };
  }
}

function grown<T extends Uint8Array | Uint32Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const next = new (array.constructor as new (size: number) => T)(size);
  next.set(array);
  return next;
}

export const textRows = (column: TextColumn) => column.offsets.length - 1;

export function textAt(column: TextColumn, row: number): string {
  return decoder.decode(column.bytes.subarray(column.offsets[row]!, column.offsets[row + 1]!));
}

const lowerAscii = (byte: number) => (byte >= 0x41 && byte <= 0x5a ? byte + 32 : byte);
const sameByte = (a: number, b: number) => a === b;
const sameIgnoringAsciiCase = (a: number, b: number) => lowerAscii(a) === lowerAscii(b);

/** Whether row `row`'s text, without surrounding spaces, is `wanted` (UTF-8 bytes) byte for byte by `same`. */
function rowIs(column: TextColumn, row: number, wanted: Uint8Array, same: (a: number, b: number) => boolean): boolean {
  const { bytes, offsets } = column;
  let start = offsets[row]!;
  let end = offsets[row + 1]!;
  while (start < end && bytes[start] === 0x20) start++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  if (end - start !== wanted.length) return false;
  for (let b = 0; b < wanted.length; b++) if (!same(bytes[start + b]!, wanted[b]!)) return false;
  return true;
}

/** The first row whose text is `query` (surrounding spaces ignored on both sides), or -1. */
export function findText(column: TextColumn, query: string): number {
  const wanted = encoder.encode(query.trim());
  const rows = textRows(column);
  for (let row = 0; row < rows; row++) if (rowIs(column, row, wanted, sameByte)) return row;
  return -1;
}

/**
 * Every row whose text is `query`, ignoring surrounding spaces and the case of ASCII letters
 * ("female" finds "Female"): 1 in the returned mask, with the number of such rows.
 */
export function matchingRows(column: TextColumn, query: string): { mask: Uint8Array; count: number } {
  const wanted = encoder.encode(query.trim());
  const rows = textRows(column);
  const mask = new Uint8Array(rows);
  let count = 0;
  for (let row = 0; row < rows; row++) {
    if (!rowIs(column, row, wanted, sameIgnoringAsciiCase)) continue;
    mask[row] = 1;
    count++;
  }
  return { mask, count };
}
