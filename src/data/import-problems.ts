/** The bad-rows report of an import in sentences: what was wrong, where, and what would read it. */
import type { ImportReport } from './csv-import.ts';
import { decimalAdjective, decimalName, otherMark } from './number-format.ts';

const rowList = (rows: readonly { row: number }[], total: number) =>
  `row${rows.length > 1 ? 's' : ''} ${rows.map((r) => r.row).join(', ')}${total > rows.length ? ', …' : ''}`;

/** The report lines for a file with problems: counts per column and the first rows of each kind. */
export function describeProblems(report: ImportReport): string[] {
  const lines: string[] = [];
  const perColumn = (counts: readonly number[]) =>
    counts.flatMap((count, f) => (count > 0 ? [`${report.featureNames[f]} ${count.toLocaleString('en-US')}`] : [])).join(', ');
  const missing = report.missing.reduce((a, b) => a + b, 0);
  if (missing > 0) lines.push(`Missing values: ${missing.toLocaleString('en-US')} (${perColumn(report.missing)}); first at ${rowList(report.firstMissing, missing)}.`);
  const nonNumeric = report.nonNumeric.reduce((a, b) => a + b, 0);
  if (nonNumeric > 0) {
    const examples = report.firstNonNumeric.map((p) => `row ${p.row} ${p.column}: "${p.value}"`).join('; ');
    lines.push(`Not numbers: ${nonNumeric.toLocaleString('en-US')} (${perColumn(report.nonNumeric)}); ${examples}${nonNumeric > report.firstNonNumeric.length ? '; …' : ''}.`);
  }
  report.otherMark.forEach((other, f) => {
    if (other.count === 0) return;
    const mark = otherMark(report.formats[f]!.decimal);
    lines.push(`${report.featureNames[f]}: ${other.count.toLocaleString('en-US')} cells look like ${decimalAdjective(mark)} numbers ` +
      `(${JSON.stringify(other.value)} at row ${other.row}); to read them, cancel and choose "${decimalName(mark)}" for this column.`);
  });
  if (report.ragged > 0) {
    const examples = report.firstRagged.map((r) => `row ${r.row} has ${r.fields}`).join(', ');
    lines.push(`Rows with a different number of fields than the header: ${report.ragged.toLocaleString('en-US')} (${examples}${report.ragged > report.firstRagged.length ? ', …' : ''}); their cells are read by position.`);
  }
  return lines;
}
