/** Reading numbers from CSV cells, and writing cells a spreadsheet cannot run as formulas. */

export type CellValue = number | 'missing' | 'invalid';

/** Missing-value markers seen in exported tables (case-insensitive, after trimming). */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-']);

/** A plain decimal number: what a spreadsheet shows as a number, never as a formula. */
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function parseNumberCell(cell: string | undefined): CellValue {
  if (cell === undefined) return 'missing';
  const text = cell.trim();
  if (MISSING_MARKERS.has(text.toLowerCase())) return 'missing';
  if (!PLAIN_NUMBER.test(text)) return 'invalid';
  const value = Number(text);
  return Number.isFinite(value) ? value : 'invalid';
}

/**
 * Cells starting with = + - @ (or tab / carriage return) run as formulas in spreadsheets;
 * papaparse prefixes a quote to those that match. Plain numbers such as -12.5 stay numbers.
 */
export const FORMULA_CELL = /^(?![-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$)[=+\-@\t\r]/i;

/** Header matching that forgives case, spacing and punctuation: "annual income (k$)" = "Annual Income (k$)". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Index of `wanted` among `headers`: exact first, then forgiving; -1 when absent. */
export function findColumn(headers: readonly string[], wanted: string): number {
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const key = headerKey(wanted);
  return headers.findIndex((h) => headerKey(h) === key);
}
