import { describe, expect, it } from 'vitest';
import { bookmarkFromHash, bookmarkLink, parseBookmark, parseBookmarkFile, type Bookmark } from '../../src/page-state/bookmarks.ts';
import { identifierColumn } from '../../src/data/csv-import.ts';
import { findText, textAt, TextColumnBuilder } from '../../src/data/text-column.ts';
import { gridOnScreen, nearestInGrid, nearestOnScreen, nearestProjected, projectAll, selectInPolygon, type DrawnPositions } from '../../src/view/scatter/picking.ts';
import { CustomerRows } from '../../src/worker/query/customers.ts';
import type { SourceData } from '../../src/worker/data/run-exports.ts';

/** A view that maps scene x, y in [-1, 1] onto a 200 x 100 canvas (w = 1: no perspective). */
const ORTHO = { width: 200, height: 100, matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
const points = (xy: number[]): DrawnPositions => ({ data: Float32Array.from(xy.flatMap((v, i) => (i % 2 ? [v, 0] : [v]))), n: xy.length / 2, stride: 3, offsets: [0, 1, 2] });

describe('picking customers on screen', () => {
  // Screen: x = (sx + 1) * 100, y = (1 - sy) * 50.
  const drawn = points([0, 0, 0.5, 0.5, -0.5, -0.5, 0.52, 0.5]);

  it('finds the customer nearest the pointer within the radius, and none beyond it', () => {
    expect(nearestOnScreen(drawn, ORTHO, 100, 50, 8)).toBe(0);
    expect(nearestOnScreen(drawn, ORTHO, 151.5, 25, 8)).toBe(3);
    expect(nearestOnScreen(drawn, ORTHO, 149, 25, 8)).toBe(1);
    expect(nearestOnScreen(drawn, ORTHO, 10, 10, 8)).toBe(-1);
    // Customers a filter faded out are not picked.
    expect(nearestOnScreen(drawn, ORTHO, 149, 25, 8, Uint8Array.from([1, 0, 1, 1]))).toBe(3);
  });

  it('picks the same customer from positions projected once as from a fresh projection', () => {
    const many = points(Array.from({ length: 4000 }, (_, i) => Math.sin(i * 12.9898) * 0.9));
    const screen = projectAll(many, ORTHO);
    for (const [x, y] of [[100, 50], [13, 77], [180, 5], [150.5, 25.2]] as const) {
      expect(nearestProjected(screen, x, y, 8)).toBe(nearestOnScreen(many, ORTHO, x, y, 8));
    }
  });

  it('picks through the screen grid exactly as the full scan does: cell edges, ties, a filter, customers off the canvas', () => {
    // Duplicates (ties go to the lowest index) and customers beyond the canvas edges (x, y up to 1.2).
    const xy = Array.from({ length: 6000 }, (_, i) => Math.sin(i * 12.9898) * 1.2);
    const many = points([...xy, ...xy.slice(0, 200)]);
    const projected = projectAll(many, ORTHO);
    // Depths that differ (the nearer wins a tie on screen) except for some duplicates (then the lowest index).
    const screen = { ...projected, depth: Float32Array.from(projected.depth, (_, i) => (i % 400 === 7 ? 1 : 1 + (Math.cos(i) + 1) / 2)) };
    const grid = gridOnScreen(screen, ORTHO.width, ORTHO.height, 8);
    const only = Uint8Array.from({ length: many.n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    let found = 0;
    for (let x = 0; x < 200; x += 3.7) {
      for (let y = 0; y < 100; y += 4) {
        const full = nearestProjected(screen, x, y, 8);
        expect(nearestInGrid(screen, grid, x, y, 8)).toBe(full);
        expect(nearestInGrid(screen, grid, x, y, 8, only)).toBe(nearestProjected(screen, x, y, 8, only));
        if (full >= 0) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
    // On the cell lines themselves.
    for (const [x, y] of [[8, 8], [16, 0], [0, 96], [199.9, 99.9]] as const) expect(nearestInGrid(screen, grid, x, y, 8)).toBe(nearestProjected(screen, x, y, 8));
    expect(() => nearestInGrid(screen, grid, 5, 5, 9)).toThrow(RangeError);
  });

  it('selects the customers inside a polygon (even-odd), a concave one included', () => {
    const { mask, count } = selectInPolygon(drawn, ORTHO, [0, 0, 120, 0, 120, 100, 0, 100]);
    expect(Array.from(mask)).toEqual([1, 0, 1, 0]);
    expect(count).toBe(2);
    // A U shape: customer 0 at (100, 50) sits in its notch, outside; the others are in its arms.
    const u = [40, 10, 80, 10, 80, 60, 120, 60, 120, 10, 160, 10, 160, 90, 40, 90];
    expect(Array.from(selectInPolygon(drawn, ORTHO, u).mask)).toEqual([0, 1, 1, 1]);
    expect(selectInPolygon(drawn, ORTHO, [0, 0, 10, 10]).count).toBe(0);
  });
});

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

describe('bookmarks from files and links', () => {
  const good = { name: 'North', notes: 'n', search: 'k=5', camera: { position: [1, 2, 3], target: [0, 0, 0] }, segmentNames: ['A', 'B'], lasso: { polygon: [0, 0, 10, 0, 10, 10], width: 800, height: 600, kept: true } };

  it('reads a good one, and a list', () => {
    expect(parseBookmark(good)).toEqual(good);
    expect(parseBookmarkFile(JSON.stringify([good, { ...good, name: 'South', lasso: null }]), 'b.json')).toHaveLength(2);
  });

  it('says what is wrong with a bad one, naming the file and the bookmark', () => {
    expect(parseBookmarkFile('{', 'b.json')).toBe('b.json is not JSON');
    expect(parseBookmarkFile(JSON.stringify({ ...good, name: '' }), 'b.json')).toBe('b.json: a bookmark needs a name (at most 200 characters)');
    expect(parseBookmark({ ...good, camera: { position: [1, 2], target: [0, 0, 0] } })).toBe('bookmark "North": the camera needs a position and a target of 3 numbers each');
    expect(parseBookmark({ ...good, lasso: { polygon: [1, 2, 3], width: 1, height: 1 } })).toMatch(/the lasso must be an even list/);
    expect(parseBookmark({ ...good, segmentNames: [1] })).toBe('bookmark "North": segment names must be texts');
  });

  it('travels in a link fragment and back, text included', () => {
    const bookmark = parseBookmark({ ...good, notes: 'Zoë <b>€</b>' }) as Bookmark;
    const link = bookmarkLink(bookmark, 'http://x/');
    expect(link.startsWith('http://x/?k=5#bookmark=')).toBe(true);
    expect(bookmarkFromHash(new URL(link).hash)).toEqual(bookmark);
    expect(bookmarkFromHash('#bookmark=@@')).toBeNull();
    expect(bookmarkFromHash('#bookmark=abc')).toBe("this link's bookmark could not be read");
  });
});
