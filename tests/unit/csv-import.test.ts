import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { addedColumnNames, expandLabels, NO_CLUSTER, segmentedDatasetCsv, segmentedFileCsv } from '../../src/data/csv-export.ts';
import { previewCsv, readFeatureColumns, recogniseFeature, resolveBadRows } from '../../src/data/csv-import.ts';
import { lastRecordEnd, readCsvBatches } from '../../src/data/csv-stream.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { CREDIT, INCOME, SPENDING } from '../../src/data/features.ts';

const fixture = (name: string) => new Blob([readFileSync(fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url)))]);

/** A Blob whose stream hands out a few bytes at a time, so characters and rows split across reads. */
function trickle(text: string, bytesPerRead = 3): Blob {
  const bytes = new TextEncoder().encode(text);
  return {
    size: bytes.length,
    stream: () => {
      let at = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(at, at + bytesPerRead));
          at += bytesPerRead;
        },
      });
    },
  } as Blob;
}

async function allRows(file: Blob, batchBytes?: number) {
  const rows: string[][] = [];
  const numbers: number[] = [];
  for await (const batch of readCsvBatches(file, { batchBytes })) {
    rows.push(...batch.rows);
    numbers.push(...batch.rowNumbers);
  }
  return { rows, numbers };
}

const collect = async (chunks: AsyncIterable<string> | Iterable<string>) => {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
};

describe('reading CSV in batches', () => {
  it('finds the end of the last whole record, ignoring line breaks inside quotes', () => {
    expect(lastRecordEnd('a,b\n1,2\n3,')).toBe(8);
    expect(lastRecordEnd('a,"x\ny"\n1,"open\nstill open')).toBe(8);
    expect(lastRecordEnd('no break yet')).toBe(-1);
    expect(lastRecordEnd('"a ""quoted"" x"\n')).toBe(17);
  });

  it('gives the same rows however the bytes and batches are split (multi-byte characters, quoted line breaks)', async () => {
    const text = 'name,income\r\n"Zoë, ""Z""",50\r\n\r\n"Line\nbreak",60.5\r\nÅsa,70\r\n';
    const whole = await allRows(new Blob([text]));
    expect(whole.rows).toEqual([['name', 'income'], ['Zoë, "Z"', '50'], ['Line\nbreak', '60.5'], ['Åsa', '70']]);
    expect(whole.numbers).toEqual([1, 2, 4, 5]); // the blank line is row 3
    for (const [bytes, batch] of [[1, 4], [3, 8], [5, 1 << 20]] as const) {
      expect(await allRows(trickle(text, bytes), batch)).toEqual(whole);
    }
  });
});

describe('CSV import: fixture files', () => {
  it('mall-customers-like file: recognises income and spending under other spellings, keeps the extra columns', async () => {
    const preview = await previewCsv(fixture('mall-customers.csv'), 'mall-customers.csv');
    expect(preview.delimiter).toBe(',');
    expect(preview.headers).toEqual(['customer_id', 'Gender', 'Age', 'annual income (K$)', 'SPENDING SCORE (1-100)']);
    expect(preview.numeric).toEqual([true, false, true, true, true]);
    expect(preview.suggested).toEqual([3, 4]);
    const staged = await readFeatureColumns(fixture('mall-customers.csv'), 'mall-customers.csv', preview.suggested);
    expect(staged.n).toBe(200);
    expect(staged.report.badRows).toBe(0);
    expect(staged.report.featureNames).toEqual(['annual income (K$)', 'SPENDING SCORE (1-100)']);
    const out = await collect(segmentedFileCsv(fixture('mall-customers.csv'), new Uint8Array(200).fill(1), ['A', 'B']));
    const rows = Papa.parse<string[]>(out.trim()).data;
    expect(rows[0]).toEqual([...preview.headers, 'Cluster', 'Segment']);
    expect(rows).toHaveLength(201);
    expect(rows[1]).toEqual([...(Papa.parse<string[]>(readFileSync(new URL('../fixtures/csv/mall-customers.csv', import.meta.url), 'utf8')).data[1]!), '1', 'B']);
  });

  it('semicolon-delimited with a BOM and CRLF line ends', async () => {
    const preview = await previewCsv(fixture('semicolon-bom.csv'), 'semicolon-bom.csv');
    expect(preview.delimiter).toBe(';');
    expect(preview.headers).toEqual([INCOME, SPENDING, CREDIT]);
    expect(preview.suggested).toEqual([0, 1, 2]);
    const staged = await readFeatureColumns(fixture('semicolon-bom.csv'), 'semicolon-bom.csv', [0, 1, 2]);
    expect(staged.n).toBe(12);
    expect([staged.columns[0]![1], staged.columns[1]![1], staged.columns[2]![1]]).toEqual([47.5, 17, 615]);
  });

  it('quoted numbers, quoted commas and a quoted line break', async () => {
    const preview = await previewCsv(fixture('quoted-numbers.csv'), 'quoted-numbers.csv');
    expect(preview.numeric).toEqual([false, true, true, true]);
    const staged = await readFeatureColumns(fixture('quoted-numbers.csv'), 'quoted-numbers.csv', preview.suggested);
    expect(staged.n).toBe(5);
    expect(staged.report.badRows).toBe(0);
    expect(Array.from(staged.columns[0]!)).toEqual([15, 16.5, 17, 18, 19]);
    expect(Array.from(staged.columns[1]!)).toEqual([39, 81, 6, 77, 40]);
  });

  it('missing cells: counted per column with their row numbers; drop, mean or median', async () => {
    const staged = await readFeatureColumns(fixture('missing-cells.csv'), 'missing-cells.csv', [1, 2, 3]);
    const { report } = staged;
    expect(report.rows).toBe(6);
    expect(report.missing).toEqual([1, 1, 1]);
    expect(report.badRows).toBe(3);
    expect(report.firstMissing).toEqual([
      { row: 3, column: INCOME }, { row: 4, column: SPENDING }, { row: 6, column: CREDIT },
    ]);
    const dropped = resolveBadRows(staged, 'drop');
    expect(dropped.n).toBe(3);
    expect(Array.from(dropped.columns[0]!)).toEqual([50, 80, 90]);
    expect(Array.from(dropped.kept!)).toEqual([1, 0, 0, 0, 1, 1]);
    const mean = resolveBadRows(staged, 'mean');
    expect(mean.n).toBe(6);
    expect(mean.columns[0]![1]).toBe(70); // (50 + 60 + 70 + 80 + 90) / 5
    const median = resolveBadRows(staged, 'median');
    expect(median.columns[1]![2]).toBe(55); // 20 40 55 65 75
  });

  it('non-numeric cells: counted with the offending text', async () => {
    const staged = await readFeatureColumns(fixture('non-numeric.csv'), 'non-numeric.csv', [1, 2, 3]);
    expect(staged.report.nonNumeric).toEqual([1, 1, 1]);
    expect(staged.report.firstNonNumeric).toEqual([
      { row: 3, column: INCOME, value: '55k' }, { row: 4, column: SPENDING, value: 'forty' }, { row: 6, column: CREDIT, value: 'abc' },
    ]);
    expect(resolveBadRows(staged, 'drop').n).toBe(7);
  });

  it('ragged rows: reported; a short row\'s absent cells are missing, a long row is read by position', async () => {
    const staged = await readFeatureColumns(fixture('ragged.csv'), 'ragged.csv', [1, 2, 3]);
    expect(staged.report.ragged).toBe(2);
    expect(staged.report.firstRagged).toEqual([{ row: 3, fields: 3 }, { row: 4, fields: 5 }]);
    expect(staged.report.missing).toEqual([0, 0, 1]);
    expect(staged.report.badRows).toBe(2);
    expect(resolveBadRows(staged, 'drop').n).toBe(3);
    const filled = resolveBadRows(staged, 'mean');
    expect(Array.from(filled.columns[2]!)).toEqual([700, (700 + 610 + 700 + 705) / 4, 610, 700, 705]);
  });

  it.each([
    ['empty.csv', 'empty.csv: the file is empty'],
    ['header-only.csv', 'header-only.csv: the file has a header but no data rows'],
    ['no-numeric.csv', 'no-numeric.csv: no column holds numbers; clustering needs at least 2 (columns: Name, City)'],
  ])('%s is refused with one sentence', async (name, message) => {
    await expect(previewCsv(fixture(name), name)).rejects.toThrow(message);
  });

  it('refuses to read with fewer than 2 or more than 8 features, or a column that is not there', async () => {
    await expect(readFeatureColumns(fixture('ragged.csv'), 'ragged.csv', [1])).rejects.toThrow('choose 2 to 8 feature columns (1 chosen)');
    await expect(readFeatureColumns(fixture('ragged.csv'), 'ragged.csv', [1, 9])).rejects.toThrow('there is no column 10; the file has 4');
  });

  it('recognises customer features under loose spellings', () => {
    expect(['Annual_Income', 'income (k$)', 'Spend score', 'CREDIT_SCORE', 'Age'].map(recogniseFeature)).toEqual([INCOME, INCOME, SPENDING, CREDIT, null]);
  });
});

describe('segmented export', () => {
  it('neutralises formula cells from the input and keeps numbers and text as they were', async () => {
    const out = await collect(segmentedFileCsv(fixture('hostile.csv'), Int16Array.from([0, 1, NO_CLUSTER, 0, 1]), ['=cmd|calc', 'Plain']));
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('<img src=x onerror=alert(1)>,Annual Income (k$),Spending Score (1-100),Credit Score,Cluster,Segment');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://example.com"",""click"")",50,40,700,0,"'=cmd|calc"`);
    expect(lines[2]).toBe(`"'@SUM(A1)",60,50,650,1,Plain`);
    expect(lines[3]).toBe(`"'+1+1",70,60,720,,`);
    expect(lines[4]).toBe(`"'-2+3",80,70,760,0,"'=cmd|calc"`);
  });

  it('spreads labels over dropped rows and never clashes with existing Cluster/Segment columns', () => {
    expect(Array.from(expandLabels(Uint8Array.from([4, 5]), Uint8Array.from([0, 1, 0, 1])))).toEqual([NO_CLUSTER, 4, NO_CLUSTER, 5]);
    expect(addedColumnNames(['id', 'Cluster', 'Segment'])).toEqual(['Cluster 2', 'Segment 2']);
    expect(addedColumnNames(['id'])).toEqual(['Cluster', 'Segment']);
  });

  it('generated customers survive export and re-import bit for bit', async () => {
    const dataset = generateCustomers({ n: 5000, seed: 9 });
    const labels = Uint8Array.from({ length: dataset.n }, (_, i) => i % 3);
    const text = await collect(segmentedDatasetCsv(dataset, labels, ['a', 'b', 'c'], 1024));
    const file = new Blob([text]);
    const preview = await previewCsv(file, 'segmented_customers.csv');
    expect(preview.headers).toEqual(['CustomerID', INCOME, SPENDING, CREDIT, 'Cluster', 'Segment']);
    expect(preview.suggested).toEqual([1, 2, 3]);
    const staged = await readFeatureColumns(file, 'segmented_customers.csv', preview.suggested);
    expect(staged.n).toBe(5000);
    staged.columns.forEach((column, f) => expect(column).toEqual(dataset.columns[f]));
  });
});
