/** Reading numbers from CSV cells, and writing cells a spreadsheet cannot run as formulas. */

export type CellValue = number | 'missing' | 'invalid';

/** The character between a number's whole part and its fraction: `52.5` or `52,5`. */
export type DecimalMark = '.' | ',';

/** Missing-value markers seen in exported tables (case-insensitive, after trimming). */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-']);

/** True for a trimmed cell that means "no value" (empty, NA, null, …). */
export const isMissingText = (text: string) => MISSING_MARKERS.has(text.toLowerCase());

/** A plain decimal number: what a spreadsheet shows as a number, never as a formula. */
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function parseNumberCell(cell: string | undefined): CellValue {
  if (cell === undefined) return 'missing';
  const text = cell.trim();
  if (isMissingText(text)) return 'missing';
  if (!PLAIN_NUMBER.test(text)) return 'invalid';
  const value = Number(text);
  return Number.isFinite(value) ? value : 'invalid';
}

/**
 * Thousands separators that can go with each decimal mark: the other mark, an apostrophe
 * (Swiss), a space, a no-break space (U+00A0) or a narrow no-break space (U+202F, French).
 */
export const GROUP_MARKS: Readonly<Record<DecimalMark, string>> = { '.': ",' \u00a0\u202f", ',': ".' \u00a0\u202f" };

const escapeClass = (chars: string) => chars.replace(/[\\\]^-]/g, '\\$&');

/**
 * The source of a regular expression for a number written with `decimal`, optionally with
 * thousands groups: one separator, used consistently, between groups of exactly three digits
 * after a first group of one to three (not starting with 0). So `1.234,5`, `1 234,5`, `-12,5`
 * and `1234,5` are numbers with a decimal comma, while `1.23,4` and `0.123,4` are not.
 * `ref` is the number of the capture group that remembers the separator.
 */
export function numberSource(decimal: DecimalMark, ref = 1): string {
  const point = decimal === '.' ? '\\.' : ',';
  const group = `[${escapeClass(GROUP_MARKS[decimal])}]`;
  const whole = `(?:[1-9]\\d{0,2}(${group})\\d{3}(?:\\${ref}\\d{3})*|\\d+)`;
  return `[-+]?(?:${whole}(?:${point}\\d*)?|${point}\\d+)(?:e[-+]?\\d+)?`;
}

/**
 * Cells starting with = + - @ (or tab / carriage return) run as formulas in spreadsheets;
 * papaparse prefixes a quote to those that match. Numbers stay numbers, with either decimal
 * mark and thousands groups: -12.5, -12,5 and -1.234,5 are not formulas; -2+3 is. The first
 * character is tested first, so most cells cost one comparison.
 */
export const FORMULA_CELL = new RegExp(`^(?=[=+\\-@\\t\\r])(?!(?:${numberSource('.', 1)}|${numberSource(',', 2)})$)`, 'i');

/**
 * Header matching that forgives case, accents, spacing and punctuation:
 * "annual income (k$)" = "Annual Income (k$)", "Crédit" = "credit".
 */
export function headerKey(header: string): string {
  return header.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Index of `wanted` among `headers`: exact first, then forgiving; -1 when absent. */
export function findColumn(headers: readonly string[], wanted: string): number {
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const key = headerKey(wanted);
  return headers.findIndex((h) => headerKey(h) === key);
}
