import Papa from 'papaparse';
import { sniffEncoding, type TextEncodingName } from './text-encoding.ts';

/** One batch of parsed rows from a CSV file, and how far through the file we are. */
export interface CsvBatch {
  readonly rows: string[][];
  /** Spreadsheet row number of each row in `rows` (the header is row 1). */
  readonly rowNumbers: Uint32Array;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly delimiter: string;
  /** The file starts with a UTF-8 byte order mark (dropped from the rows; an export can write it back). */
  readonly bom: boolean;
  /** The line end of the file's first line, for exports that keep the file's layout. */
  readonly lineEnd: '\n' | '\r\n';
  /** UTF-8, or Windows-1252 when the first bytes are not UTF-8 (European Excel's CSV without a BOM). */
  readonly encoding: TextEncodingName;
}

export interface CsvStreamOptions {
  /** Roughly how much text to parse per batch. */
  readonly batchBytes?: number;
  readonly signal?: AbortSignal;
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * Read a CSV file (a Blob: a File in the page, `fs.openAsBlob` in Node) as batches of rows.
 * Bytes are decoded with a streaming TextDecoder, so a character split across two reads stays
 * whole; a UTF-8 BOM is dropped from the text and reported; a file whose first non-ASCII bytes
 * are not UTF-8 is read as Windows-1252 (what European Excel saves) and reported so. Each batch is cut after a line
 * break outside quotes and parsed by papaparse with the delimiter it detected in the first
 * batch. Blank lines are skipped but still counted, so row numbers match what a spreadsheet shows.
 */
export async function* readCsvBatches(file: Blob, options: CsvStreamOptions = {}): AsyncGenerator<CsvBatch> {
  const batchBytes = options.batchBytes ?? 1 << 20;
  const reader = file.stream().getReader();
  // ignoreBOM keeps the mark in the text, so its presence can be reported (then it is cut).
  // UTF-8, or Windows-1252 from the first non-ASCII bytes on when those are not UTF-8.
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let encoding: TextEncodingName = 'utf-8';
  let decided = false;
  let carry = '';
  let bom: boolean | null = null;
  let lineEnd: '\n' | '\r\n' | null = null;
  let bytesRead = 0;
  let delimiter: string | null = null;
  let nextRow = 1;
  let done = false;
  let wanted = batchBytes;
  // Record ends are found as each decoded piece arrives, scanning only that piece (with whether it
  // starts inside quotes): the growing text is never rescanned, nor flattened, while a record
  // longer than a batch is read, so reading stays linear in the file's size.
  let quoted = false;
  let lastEnd = -1;
  const append = (text: string, piece: string): string => {
    const scan = scanRecordEnds(piece, 0, quoted);
    if (scan.end >= 0) lastEnd = text.length + scan.end;
    quoted = scan.quotedAtEnd;
    return text + piece;
  };
  try {
    while (!done) {
      let text = carry;
      while (!done && text.length < wanted) {
        const read = await reader.read();
        let piece: string;
        if (read.done) {
          done = true;
          piece = decoder?.decode() ?? '';
        } else {
          bytesRead += read.value.byteLength;
          decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
          if (!decided) {
            // The encoding is decided at the first non-ASCII bytes, wherever they are (row 8 000 of
            // a Windows-1252 file too): all before them was ASCII, the same in both encodings.
            const at = firstNonAscii(read.value);
            if (at >= 0) {
              decided = true;
              encoding = sniffEncoding(read.value.subarray(at));
              if (encoding === 'windows-1252') decoder = new TextDecoder('windows-1252', { ignoreBOM: true });
            }
          }
          piece = decoder.decode(read.value, { stream: true });
        }
        if (bom === null && piece.length > 0) {
          bom = piece.charCodeAt(0) === 0xfeff;
          if (bom) piece = piece.slice(1);
        }
        text = append(text, piece);
      }
      options.signal?.throwIfAborted();
      const cut = done ? text.length : lastEnd;
      if (cut < 0) {
        carry = text; // no whole record yet (a very long one): read on
        wanted = text.length + 1;
        continue;
      }
      wanted = batchBytes;
      carry = text.slice(cut);
      // The carry starts a record, outside quotes; it holds no whole record (cut was the last end).
      lastEnd = -1;
      quoted = scanRecordEnds(carry).quotedAtEnd;
      const body = text.slice(0, cut).replace(/\r?\n$/, '');
      if (body.length === 0) {
        if (cut > 0) nextRow++; // a batch holding one blank line
        continue;
      }
      delimiter ??= detectDelimiter(body);
      lineEnd ??= firstLineEnd(text);
      const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
      const rows: string[][] = [];
      const numbers: number[] = [];
      for (const row of parsed.data) {
        const number = nextRow++;
        if (row.length === 1 && row[0]!.trim() === '') continue; // a blank line
        rows.push(row);
        numbers.push(number);
      }
      yield { rows, rowNumbers: Uint32Array.from(numbers), bytesRead, totalBytes: file.size, delimiter, bom: bom ?? false, lineEnd, encoding };
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Index of the first byte >= 0x80, or -1: a plain loop, as every byte of an ASCII file passes here. */
function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/** CRLF when the first line ends with one, else LF (also for a file of one line). */
function firstLineEnd(text: string): '\n' | '\r\n' {
  const lineBreak = text.indexOf('\n');
  return lineBreak > 0 && text.charCodeAt(lineBreak - 1) === 13 ? '\r\n' : '\n';
}

/**
 * Where whole records end in `text` from `from` on, given whether `from` lies inside quotes:
 * the index just after the last line break outside quotes (-1 when there is none), and whether
 * the text ends inside quotes. Every character is looked at a bounded number of times, so a
 * caller that resumes where it stopped scans a file in linear time, even one long quoted field.
 */
export function scanRecordEnds(text: string, from = 0, quoted = false): { end: number; quotedAtEnd: boolean } {
  let inside = quoted;
  let end = -1;
  let segment = from;
  // The next line break at or after a position; each one is found once, as positions only grow.
  let nextBreak = -2;
  const breakFrom = (position: number) => {
    if (nextBreak !== -1 && nextBreak < position) nextBreak = text.indexOf('\n', position);
    return nextBreak;
  };
  for (let at = text.indexOf('"', from); ; at = text.indexOf('"', at + 1)) {
    const stop = at < 0 ? text.length : at;
    if (!inside) {
      for (let b = breakFrom(segment); b >= 0 && b < stop; b = breakFrom(b + 1)) end = b + 1;
    }
    if (at < 0) return { end, quotedAtEnd: inside };
    inside = !inside;
    segment = at + 1;
  }
}

/** Index just after the last line break that is outside quotes, or -1 when there is none. */
export const lastRecordEnd = (text: string): number => scanRecordEnds(text).end;

/** The delimiter that splits the first lines into the most consistent number of fields. */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const guess = Papa.parse<string[]>(sample, { preview: 20, delimitersToGuess: DELIMITERS }).meta.delimiter;
  return DELIMITERS.includes(guess) ? guess : ',';
}
