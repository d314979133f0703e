/**
 * The two encodings CSV files from spreadsheets come in: UTF-8 (with or without a BOM) and
 * Windows-1252, which European Excel writes for "CSV (separated by semicolons)" without a BOM.
 */
export type TextEncodingName = 'utf-8' | 'windows-1252';

/**
 * The encoding of a file from its first bytes: UTF-8 when they decode as UTF-8 (an incomplete
 * character at the end of the sample is fine), else Windows-1252, whose every byte is a character.
 */
export function sniffEncoding(firstBytes: Uint8Array): TextEncodingName {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(firstBytes, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

// Windows-1252 is Latin-1 except 0x80-0x9F (€, ‚, „, …, Œ, ‘, ’, “, ”, –, —, ™, …): read that table off the platform's decoder.
let windows1252: Map<number, number> | null = null;
function windows1252Table(): Map<number, number> {
  if (windows1252) return windows1252;
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  // { stream: true }: Node 20's one-shot decode of windows-1252 takes a Latin-1 shortcut (0x80 → U+0080, not €).
  const text = new TextDecoder('windows-1252').decode(bytes, { stream: true });
  windows1252 = new Map(Array.from(text, (char, byte) => [char.codePointAt(0)!, byte]));
  return windows1252;
}

/** Text as bytes in `encoding`; a character Windows-1252 cannot hold becomes `?`, as Excel does. */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array<ArrayBuffer> {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const table = windows1252Table();
  const out = new Uint8Array(text.length);
  let length = 0;
  for (const char of text) out[length++] = table.get(char.codePointAt(0)!) ?? 0x3f;
  return out.subarray(0, length);
}

/** Bytes read from a file's start to tell text from binary. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Why a file whose first bytes are these cannot be a CSV, in a few words, or null when it may be
 * one: UTF-16 text (a byte-order mark, then a zero byte in every other place), or binary data (a
 * zero byte, or more than 1 % control characters other than tab, line and page breaks).
 */
export function notTextReason(firstBytes: Uint8Array): string | null {
  const [a, b] = [firstBytes[0], firstBytes[1]];
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    return 'it is UTF-16 text (Excel\'s "Unicode text"); save it as "CSV UTF-8" and import that';
  }
  let controls = 0;
  for (let i = 0; i < firstBytes.length; i++) {
    const byte = firstBytes[i]!;
    if (byte === 0) return `it is not a text file (byte ${(i + 1).toLocaleString('en-US')} is zero); a CSV or Parquet file is expected`;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) controls++;
  }
  if (controls > firstBytes.length / 100) {
    return `it is not a text file (${controls.toLocaleString('en-US')} control characters in its first ${firstBytes.length.toLocaleString('en-US')} bytes); a CSV or Parquet file is expected`;
  }
  return null;
}
