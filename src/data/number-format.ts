/**
 * Number formats of CSV columns: the decimal mark a column writes its numbers with (`52.5` or
 * `52,5`) and the thousands separator it groups them with, detected from the column's first
 * cells, and the readers that parse cells written that way.
 */
import { GROUP_MARKS, isMissingText, numberSource, parseNumberCell, type CellValue, type DecimalMark } from './cells.ts';

export type { DecimalMark } from './cells.ts';
export const DECIMAL_MARKS: readonly DecimalMark[] = ['.', ','];

/** How many first data rows the detection looks at (the page's preview and the command line alike). */
export const DETECT_ROWS = 1000;

/** What a column's format rests on: its own cells, the file's other columns, the file's delimiter, or the user. */
export type FormatBasis = 'column' | 'file' | 'delimiter' | 'chosen';

/**
 * How a column writes its numbers. `group` is the thousands separator seen in its cells ('' when
 * none was seen); any separator that fits the decimal mark is read, so a column where only the
 * later rows pass 1 000 still reads.
 */
export interface NumberFormat {
  readonly decimal: DecimalMark;
  readonly group: string;
  readonly basis: FormatBasis;
}

export const PLAIN_FORMAT: NumberFormat = { decimal: '.', group: '', basis: 'column' };

const GROUPED = { '.': new RegExp(`^${numberSource('.')}$`, 'i'), ',': new RegExp(`^${numberSource(',')}$`, 'i') } as const;
const GROUP_CHARS = { '.': new RegExp(`[${GROUP_MARKS['.']}]`, 'g'), ',': new RegExp(`[${GROUP_MARKS[',']}]`, 'g') } as const;

/** The cell as a plain JavaScript number text (groups gone, decimal point), when it is a number under `decimal`. */
function plainText(text: string, decimal: DecimalMark): string | null {
  if (!GROUPED[decimal].test(text)) return null;
  const ungrouped = text.replace(GROUP_CHARS[decimal], '');
  return decimal === '.' ? ungrouped : ungrouped.replace(',', '.');
}

/** Numbers with a decimal point: plain ones on the fast path (the common case), grouped ones (1,234.5) after. */
function readDecimalPoint(cell: string | undefined): CellValue {
  const plain = parseNumberCell(cell);
  if (plain !== 'invalid') return plain;
  const text = plainText(cell!.trim(), '.');
  const value = text === null ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : 'invalid';
}

/** A number with a decimal comma and no groups, the common case: `52,5`, `-0,5`, `115`. */
const UNGROUPED_COMMA = /^[-+]?(\d+,?\d*|,\d+)(e[-+]?\d+)?$/i;

/** Numbers with a decimal comma: 52,5 on the fast path, then grouped ones (1.234,5, 1 234,5). */
function readDecimalComma(cell: string | undefined): CellValue {
  if (cell === undefined) return 'missing';
  const text = cell.trim();
  if (isMissingText(text)) return 'missing';
  if (UNGROUPED_COMMA.test(text)) {
    // Slicing around the comma is about twice as fast as String.replace on this hot path.
    const at = text.indexOf(',');
    const value = Number(at < 0 ? text : text.slice(0, at) + '.' + text.slice(at + 1));
    return Number.isFinite(value) ? value : 'invalid';
  }
  const plain = plainText(text, ',');
  const value = plain === null ? Number.NaN : Number(plain);
  return Number.isFinite(value) ? value : 'invalid';
}

/** The cell reader for a decimal mark: a number, 'missing' (empty, NA, …) or 'invalid'. */
export function numberReader(decimal: DecimalMark): (cell: string | undefined) => CellValue {
  return decimal === '.' ? readDecimalPoint : readDecimalComma;
}

/** The other decimal mark, for "these cells would be numbers with a decimal comma". */
export const otherMark = (decimal: DecimalMark): DecimalMark => (decimal === '.' ? ',' : '.');

/**
 * A numeric cell rewritten with a decimal point and no groups (`-1.234,5` → `-1234.5`), for
 * exports that tools read as numbers; null when the cell is not a number under `decimal`.
 */
export function toPlainNumber(cell: string, decimal: DecimalMark): string | null {
  return plainText(cell.trim(), decimal);
}

/** What one cell says about its column's decimal mark. */
type Evidence = 'none' | 'point' | 'comma' | 'either';

function evidenceOf(cell: string | undefined): Evidence {
  const point = readDecimalPoint(cell);
  const comma = readDecimalComma(cell);
  const pointOk = typeof point === 'number';
  const commaOk = typeof comma === 'number';
  if (pointOk && commaOk) return point === comma ? 'none' : 'either'; // `52` says nothing; `1.234` could be either
  return pointOk ? 'point' : commaOk ? 'comma' : 'none';
}

/** The first thousands separator in a column's cells that read as numbers under `decimal`, or ''. */
function groupSeen(cells: readonly (string | undefined)[], decimal: DecimalMark): string {
  const read = numberReader(decimal);
  for (const cell of cells) {
    if (cell === undefined || typeof read(cell) !== 'number') continue;
    const found = cell.trim().match(GROUP_CHARS[decimal]);
    if (found) return found[0];
  }
  return '';
}

/**
 * The number format of every column, from its first rows. A column's own cells decide first:
 * cells only one decimal mark can read (`52,5`, `1.5`, `1,234.5`, `1.234.567`) outvote the
 * other mark's. A column with no such cells (whole numbers, or only `1.234` and `1,234`,
 * which read either way) follows the file's other columns, then the delimiter: a `;` file
 * leans to the decimal comma (European spreadsheets), any other to the point.
 */
export function detectFormats(rows: readonly (readonly string[])[], width: number, delimiter: string): NumberFormat[] {
  const sample = rows.slice(0, DETECT_ROWS);
  const leans = Array.from({ length: width }, (_, c): DecimalMark | null => {
    let point = 0;
    let comma = 0;
    for (const row of sample) {
      const evidence = evidenceOf(row[c]);
      if (evidence === 'point') point++;
      else if (evidence === 'comma') comma++;
    }
    return point > comma ? '.' : comma > point ? ',' : null;
  });
  const commaColumns = leans.filter((lean) => lean === ',').length;
  const pointColumns = leans.filter((lean) => lean === '.').length;
  const fileLean: DecimalMark | null = commaColumns > pointColumns ? ',' : pointColumns > commaColumns ? '.' : null;
  const delimiterLean: DecimalMark = delimiter === ';' ? ',' : '.';
  return leans.map((lean, c) => {
    const decimal = lean ?? fileLean ?? delimiterLean;
    const basis: FormatBasis = lean ? 'column' : fileLean ? 'file' : 'delimiter';
    return { decimal, group: groupSeen(sample.map((row) => row[c]), decimal), basis };
  });
}

/** In words, for the column-mapping dialog: "decimal comma" or "decimal point". */
export const decimalName = (decimal: DecimalMark) => (decimal === ',' ? 'decimal comma' : 'decimal point');

/** One thousand two hundred thirty-four and a half as the format writes it: "1.234,5", "1 234,5", "1234.5". */
export function formatExample(decimal: DecimalMark, group: string): string {
  const separator = group === '\u00a0' || group === '\u202f' ? ' ' : group;
  return `1${separator}234${decimal}5`;
}

/** As an adjective: "decimal-comma numbers", "decimal-point numbers". */
export const decimalAdjective = (decimal: DecimalMark) => (decimal === ',' ? 'decimal-comma' : 'decimal-point');
