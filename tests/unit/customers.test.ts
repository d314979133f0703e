import { describe, expect, it } from 'vitest';
import { identifierColumn } from '../../src/data/csv-import.ts';
import { findText, textAt, TextColumnBuilder } from '../../src/data/text-column.ts';
import { CustomerRows } from '../../src/worker/query/customers.ts';
import type { SourceData } from '../../src/worker/data/run-exports.ts';

describe('identifiers', () => {
  it('keeps texts in two typed arrays and finds one, spaces ignored', () => {
    const builder = new TextColumnBuilder();
    const texts = ['C-001', 'Zoë', '', ' C-004 ', ...Array.from({ length: 5000 }, (_, i) => `id${i}`)];
    for (const text of texts) builder.push(text);
    const column = builder.finish();
    expect(textAt(column, 1)).toBe('Zoë');
    expect(textAt(column, 5003)).toBe('id4999');
    expect(findText(column, 'C-004')).toBe(3);
    expect(findText(column, ' id17')).toBe(21);
    expect(findText(column, 'nobody')).toBe(-1);
  });

  it('takes the id-looking column that is not a feature, else the first other column', () => {
    expect(identifierColumn(['Gender', 'customer_id', 'Income', 'Score'], [2, 3])).toBe(1);
    expect(identifierColumn(['Name', 'Income', 'Score'], [1, 2])).toBe(0);
    expect(identifierColumn(['Income', 'Score'], [0, 1])).toBe(-1);
  });

  it('maps drawn rows to file ids through dropped bad rows and dropped outliers, and back', () => {
    const builder = new TextColumnBuilder();
    for (const id of ['a', 'b', 'c', 'd', 'e']) builder.push(id);
    // File rows a..e; b was a bad row (dropped at import); of a, c, d, e the outlier policy dropped c.
    const source = { columns: [], n: 4, featureNames: [], source: { kind: 'file' }, file: new Blob([]), fileKept: Uint8Array.from([1, 0, 1, 1, 1]), identifier: { header: 'Code', texts: builder.finish() } } as unknown as SourceData;
    const rows = new CustomerRows(source, Uint8Array.from([1, 0, 1, 1]));
    expect([0, 1, 2].map((row) => rows.identify(row).id)).toEqual(['a', 'd', 'e']);
    expect(rows.identify(0).idLabel).toBe('Code');
    expect(rows.find('e')).toEqual({ row: 2 });
    expect(rows.find('b')).toEqual({ problem: 'Customer b was left out (a bad row dropped at import).' });
    expect(rows.find('c')).toEqual({ problem: 'Customer c was dropped as an outlier (Explore keeps them again).' });
    expect(rows.find('z')).toEqual({ problem: 'No customer has the id "z".' });
  });

  it('finds every customer with a text in another column, in any column or the one named, through dropped rows', () => {
    const column = (texts: string[]) => {
      const builder = new TextColumnBuilder();
      for (const text of texts) builder.push(text);
      return builder.finish();
    };
    // File rows 0..5; row 1 was dropped at import; of the five kept, the outlier policy dropped the third (file row 3).
    const source = {
      columns: [], n: 5, featureNames: [], source: { kind: 'file' }, file: new Blob([]), fileKept: Uint8Array.from([1, 0, 1, 1, 1, 1]),
      identifier: { header: 'CustomerID', texts: column(['1', '2', '3', '4', '5', '6']) },
      searchable: [
        { header: 'Gender', texts: column(['Female', 'Female', 'Male', 'female', ' FEMALE ', 'Male']) },
        { header: 'Branch', texts: column(['North', 'South', 'North', 'Male', 'South', 'North']) },
      ],
    } as unknown as SourceData;
    const rows = new CustomerRows(source, Uint8Array.from([1, 1, 0, 1, 1]));
    // Drawn rows are file rows 0, 2, 4, 5.
    const drawnRows = (found: ReturnType<CustomerRows['find']>) => ('rows' in found ? [...found.rows.keys()].filter((i) => found.rows[i]) : found);
    const female = rows.find('female');
    expect(drawnRows(female)).toEqual([0, 2]);
    expect(female).toMatchObject({ count: 2, where: 'Gender = "female"', hidden: 2 });
    // An id wins over a text; a text in the first column that has it wins over later columns.
    expect(rows.find('3')).toEqual({ row: 1 });
    expect(drawnRows(rows.find('male'))).toEqual([1, 3]);
    // Naming the column searches only it.
    expect(drawnRows(rows.find('branch = north'))).toEqual([0, 1, 3]);
    expect(drawnRows(rows.find('Branch: Male'))).toEqual({ problem: 'The customer with Branch = "Male" is not drawn (dropped at import or as outliers).' });
    expect(rows.find('customerid = 6')).toEqual({ row: 3 });
    expect(rows.find('Gender = other')).toEqual({ problem: 'No customer has Gender = "other".' });
    expect(rows.find('West')).toEqual({ problem: 'No customer has the id or any text "West" (searched CustomerID, Gender, Branch).' });
    expect(rows.find(' ')).toEqual({ problem: "Type a customer id, or a text from one of the file's columns, to search for." });
  });
});
