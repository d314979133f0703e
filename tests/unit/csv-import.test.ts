import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { addedColumnNames, expandLabels, NO_CLUSTER, segmentedDatasetCsv, segmentedFileCsv } from '../../src/data/csv-export.ts';
import { previewCsv, readFeatureColumns, resolveBadRows, suggestFeatures, type ColumnFormats } from '../../src/data/csv-import.ts';
import { recogniseFeature } from '../../src/data/feature-names.ts';
import { describeProblems } from '../../src/data/import-problems.ts';
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

/** An export's chunks as text: UTF-8 bytes (a file's export) are decoded, keeping a BOM visible. */
const collect = async (chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>) => {
  let text = '';
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of chunks) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
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
    ['no-numeric.csv', 'no-numeric.csv: no column holds numbers; clustering needs at least 2. Read as text: Name ("Ann" at row 2), City ("Oslo" at row 2)'],
  ])('%s is refused with one sentence', async (name, message) => {
    await expect(previewCsv(fixture(name), name)).rejects.toThrow(message);
  });

  it('refuses a binary file (an executable renamed .csv) and UTF-16 text in one short sentence, before parsing', async () => {
    // An ELF header: magic, then zero bytes; the rest noise with control characters.
    const elf = new Uint8Array(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
    for (let i = 16; i < elf.length; i++) elf[i] = (i * 37) % 256;
    await expect(previewCsv(new Blob([elf]), 'tool.csv')).rejects.toThrow(/^tool\.csv: it is not a text file \(byte 8 is zero\); a CSV or Parquet file is expected$/);
    // Control characters without a zero byte (a compressed file, say).
    const noisy = Uint8Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? 1 + (i % 7) : 65 + (i % 26)));
    await expect(previewCsv(new Blob([noisy]), 'data.csv')).rejects.toThrow('data.csv: it is not a text file (200 control characters in its first 2,000 bytes)');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('a,b\n1,2\n', (c) => [c.charCodeAt(0), 0]).flat()]);
    await expect(previewCsv(new Blob([utf16]), 'excel.txt')).rejects.toThrow('excel.txt: it is UTF-16 text (Excel\'s "Unicode text"); save it as "CSV UTF-8" and import that');
    // Text with tabs and Windows-1252 accents is still text.
    const bytes = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
    const latin = new Uint8Array([...bytes('name;income;spending\r\nJos'), 0xe9, ...bytes('\tA;12;3\r\nB;13;4\r\nC;15;9\r\n')]);
    await expect(previewCsv(new Blob([latin]), 'latin.csv')).resolves.toBeDefined();
  });

  it('refuses to read with fewer than 2 or more than 8 features, or a column that is not there', async () => {
    await expect(readFeatureColumns(fixture('ragged.csv'), 'ragged.csv', [1])).rejects.toThrow('choose 2 to 8 feature columns (1 chosen)');
    await expect(readFeatureColumns(fixture('ragged.csv'), 'ragged.csv', [1, 9])).rejects.toThrow('there is no column 10; the file has 4');
  });

  it('recognises customer features under loose spellings', () => {
    expect(['Annual_Income', 'income (k$)', 'Spend score', 'CREDIT_SCORE', 'Age'].map(recogniseFeature)).toEqual([INCOME, INCOME, SPENDING, CREDIT, null]);
  });

  it.each([
    [CREDIT, ['fico', 'FICO Score', 'credit_rating', 'credit score', 'CreditScore', 'score_credito', 'Kredit', 'Crédit', 'Score crédit', 'Bonität', 'bonitaet',
      'SCHUFA-Score', 'puntaje de crédito', 'merito creditizio', 'kredietscore']],
    [INCOME, ['income', 'annual income', 'annualincome', 'salary', 'Revenu', 'revenus annuels', 'Einkommen', 'Jahreseinkommen', 'ingreso', 'Ingresos', 'reddito',
      'renda', 'inkomen', 'Gehalt', 'salaire', 'salario', 'Revenu annuel (k€)']],
    [SPENDING, ['spending', 'spend', 'Spending Score (1-100)', 'expenditure', 'dépenses', 'Ausgaben', 'gasto', 'gastos', 'spesa', 'uitgaven', 'despesas', 'Expenses']],
  ])('recognises %s in several languages', (feature, headers) => {
    expect(headers.filter((header) => recogniseFeature(header) !== feature)).toEqual([]);
  });

  it('does not take counts, limits or amounts of credit, a revenue, or an id for a customer feature', () => {
    const notFeatures = ['credit_card_count', 'Credit Limit', 'num_credit_cards', 'credit_amount', 'Kreditkarte', 'credit_history_length', 'accredited',
      'Región Pacífico', 'Revenue', 'customer_id', 'credit_id', 'Income ID', 'Age', 'Gender', 'current_account'];
    expect(notFeatures.map(recogniseFeature)).toEqual(notFeatures.map(() => null));
  });

  it('never proposes an id column, even one named after a feature', () => {
    const headers = ['credit_id', 'Income', 'Spending', 'FICO'];
    expect(suggestFeatures(headers, [true, true, true, true])).toEqual([1, 2, 3]);
    expect(suggestFeatures(['income_id', 'Age', 'Score'], [true, true, true])).toEqual([1, 2]);
  });
});

describe('CSV import: number formats', () => {
  const read = (name: string, features: readonly number[], formats?: ColumnFormats) => readFeatureColumns(fixture(name), name, features, { formats });
  /** The file's cells as the intended numbers (an independent reading: groups dropped, then the decimal mark). */
  const intended = (cell: string, decimal: ',' | '.') => Math.fround(Number(decimal === ',' ? cell.replace(/[.\s]/g, '').replace(',', '.') : cell.replace(/[,\s]/g, '')));
  const fileCells = (name: string, delimiter: string) => Papa.parse<string[]>(readFileSync(fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url)), 'utf8').replace(/^\uFEFF/, '').trim(), { delimiter }).data.slice(1);

  it('decimal-comma.csv (semicolon, BOM, CRLF, decimal commas, dot-grouped balances): every feature read, values exact', async () => {
    const preview = await previewCsv(fixture('decimal-comma.csv'), 'decimal-comma.csv');
    expect(preview.delimiter).toBe(';');
    expect(preview.headers).toEqual(['ID client', 'Région', 'Revenu annuel (k€)', 'Dépenses (1-100)', 'Score crédit', 'Solde (€)']);
    expect(preview.numeric).toEqual([true, false, true, true, true, true]);
    expect(preview.suggested).toEqual([2, 3, 4]);
    expect(preview.formats[2]).toEqual({ decimal: ',', group: '', basis: 'column' });
    expect(preview.formats[5]).toEqual({ decimal: ',', group: '.', basis: 'column' });
    expect(preview.formats[1]).toBeNull();
    expect(preview.firstText[1]).toEqual({ row: 2, value: 'Île-de-France', numbers: 0, cells: 16 });
    const staged = await read('decimal-comma.csv', [2, 3, 4, 5], preview.formats);
    expect(staged.report.badRows).toBe(0);
    const cells = fileCells('decimal-comma.csv', ';');
    [2, 3, 4, 5].forEach((c, f) => expect(Array.from(staged.columns[f]!)).toEqual(cells.map((row) => intended(row[c]!, ','))));
    expect(staged.columns[3]![1]).toBe(-1234.5);
    // Without the dialog's formats, the import detects the same.
    expect((await read('decimal-comma.csv', [2, 3, 4, 5])).columns).toEqual(staged.columns);
  });

  it('mixed-decimal-comma.csv: one quoted decimal-comma column among decimal-point columns', async () => {
    const preview = await previewCsv(fixture('mixed-decimal-comma.csv'), 'mixed-decimal-comma.csv');
    expect(preview.delimiter).toBe(',');
    expect(preview.suggested).toEqual([2, 3, 4]);
    expect(preview.formats.map((format) => format?.decimal ?? null)).toEqual([null, null, ',', '.', '.']);
    const staged = await read('mixed-decimal-comma.csv', preview.suggested, preview.formats);
    expect(staged.report.badRows).toBe(0);
    const cells = fileCells('mixed-decimal-comma.csv', ',');
    expect(Array.from(staged.columns[0]!)).toEqual(cells.map((row) => intended(row[2]!, ',')));
    expect(Array.from(staged.columns[1]!)).toEqual(cells.map((row) => intended(row[3]!, '.')));
    expect(staged.columns[0]!.slice(0, 3)).toEqual(Float32Array.from([15.5, 16, 17.5]));
  });

  it('thousands-separators.csv: dollar incomes with comma groups ("1,250,000.00"), some without', async () => {
    const preview = await previewCsv(fixture('thousands-separators.csv'), 'thousands-separators.csv');
    expect(preview.suggested).toEqual([1, 2, 3]);
    expect(preview.formats[1]).toEqual({ decimal: '.', group: ',', basis: 'column' });
    const staged = await read('thousands-separators.csv', preview.suggested, preview.formats);
    expect(staged.report.badRows).toBe(0);
    expect(Array.from(staged.columns[0]!)).toEqual(fileCells('thousands-separators.csv', ',').map((row) => intended(row[1]!, '.')));
    expect(Array.from(staged.columns[0]!.slice(0, 6))).toEqual([52300, 118750.5, 31200, 86400.25, 1250000, 48000]);
    const plain = await collect(segmentedFileCsv(fixture('thousands-separators.csv'), new Int16Array(12), ['A'], { layout: 'comma-dot', formats: preview.formats }));
    expect(plain.split('\n').slice(1, 3)).toEqual(['Avery,52300.00,45,640,0,A', 'Blake,118750.50,82,760,0,A']);
  });

  it('a column read with the wrong decimal mark is reported, never silently text', async () => {
    const preview = await previewCsv(fixture('decimal-comma.csv'), 'decimal-comma.csv');
    const point = { decimal: '.', group: '', basis: 'chosen' } as const;
    const staged = await read('decimal-comma.csv', [2, 3, 4], preview.formats.map((format, c) => (c === 2 ? point : format)));
    expect(staged.report.nonNumeric).toEqual([16, 0, 0]);
    expect(staged.report.otherMark[0]).toEqual({ count: 16, row: 2, value: '115,0' });
    expect(describeProblems(staged.report)).toContain(
      'Revenu annuel (k€): 16 cells look like decimal-comma numbers ("115,0" at row 2); to read them, cancel and choose "decimal comma" for this column.',
    );
  });

  it('says which columns were read as text, and why, when too few hold numbers', async () => {
    const file = new Blob(['Name;Income;Score\nAnn;55k;3\nBob;61,5;4\nCy;n/a;5\nDee;70,5;6\nEve;lots;7\n']);
    await expect(previewCsv(file, 'few.csv')).rejects.toThrow(
      'few.csv: only one column holds numbers (Score); clustering needs at least 2. Read as text: Name ("Ann" at row 2), Income ("55k" at row 2; 2 of 4 cells are decimal-comma numbers)',
    );
  });
});

describe('reading CSV in batches: BOM and line ends', () => {
  it('reports a BOM and CRLF line ends, however the bytes are split', async () => {
    const first = async (file: Blob) => (await readCsvBatches(file, { batchBytes: 4 }).next()).value!;
    const semicolon = await first(fixture('semicolon-bom.csv'));
    expect([semicolon.bom, semicolon.lineEnd, semicolon.rows[0]![0]]).toEqual([true, '\r\n', INCOME]);
    const plain = await first(fixture('mall-customers.csv'));
    expect([plain.bom, plain.lineEnd]).toEqual([false, '\n']);
    const split = await first(trickle('\uFEFFa;b\r\n1;2\r\n', 1));
    expect([split.bom, split.lineEnd, split.rows[0]]).toEqual([true, '\r\n', ['a', 'b']]);
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

  it('keeps an imported file as it came: semicolons, decimal commas, BOM, CRLF; European negatives are not formulas', async () => {
    const input = readFileSync(fileURLToPath(new URL('../fixtures/csv/decimal-comma.csv', import.meta.url)), 'utf8');
    const labels = Int16Array.from({ length: 16 }, (_, i) => (i === 2 ? NO_CLUSTER : i % 4));
    const out = await collect(segmentedFileCsv(fixture('decimal-comma.csv'), labels, ['Un', 'Deux', 'Trois', 'Quatre']));
    expect(out.startsWith('\uFEFFID client;Région;Revenu annuel (k€);Dépenses (1-100);Score crédit;Solde (€);Cluster;Segment\r\n')).toBe(true);
    const inLines = input.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const outLines = out.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(outLines).toHaveLength(17);
    // Every input line comes back unchanged (1002's balance -1.234,50 has no leading quote), then the two new cells.
    outLines.slice(1).forEach((line, i) => expect(line).toBe(`${inLines[i + 1]};${labels[i] === NO_CLUSTER ? ';' : `${labels[i]};${['Un', 'Deux', 'Trois', 'Quatre'][labels[i]!]}`}`));
    expect(out).not.toContain("'-1.234,50");
  });

  it('writes comma and decimal point when asked: numbers of numeric columns rewritten, text untouched, no BOM', async () => {
    const preview = await previewCsv(fixture('decimal-comma.csv'), 'decimal-comma.csv');
    const out = await collect(segmentedFileCsv(fixture('decimal-comma.csv'), new Int16Array(16), ['Un'], { layout: 'comma-dot', formats: preview.formats }));
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('ID client,Région,Revenu annuel (k€),Dépenses (1-100),Score crédit,Solde (€),Cluster,Segment');
    expect(lines[1]).toBe('1001,Île-de-France,115.0,80,750,12345.67,0,Un');
    expect(lines[2]).toBe('1002,Bretagne,47.5,17,615,-1234.50,0,Un');
    expect(lines[3]).toBe(`1003,Provence-Alpes-Côte d'Azur,55.0,82,580,987.00,0,Un`);
    expect(out).not.toContain('\r');
    // The comma-dot file reads back to the same values, detected as plain decimal points.
    const again = await previewCsv(new Blob([out]), 'again.csv');
    expect(again.formats.slice(2, 6).map((format) => format?.decimal)).toEqual(['.', '.', '.', '.']);
    const [before, after] = await Promise.all([
      readFeatureColumns(fixture('decimal-comma.csv'), 'a', [2, 3, 4, 5]), readFeatureColumns(new Blob([out]), 'b', [2, 3, 4, 5]),
    ]);
    expect(after.columns).toEqual(before.columns);
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

describe('a CSV saved by European Excel in Windows-1252 (no BOM)', () => {
  it('is read with its accents, its features recognised, and exported in the same encoding', async () => {
    const preview = await previewCsv(fixture('windows-1252.csv'), 'windows-1252.csv');
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.headers).toEqual(['ID client', 'Région', 'Revenu annuel (k€)', 'Dépenses (1-100)', 'Score crédit']);
    expect(preview.suggested).toEqual([2, 3, 4]);
    expect(preview.rows[0]).toEqual(['1', 'Île-de-France', '115,0', '80', '750']);
    const staged = await readFeatureColumns(fixture('windows-1252.csv'), 'windows-1252.csv', preview.suggested, { formats: preview.formats });
    expect(Array.from(staged.columns[0]!.slice(0, 3))).toEqual([115, 47.5, 55]);
    const chunks: Uint8Array[] = [];
    for await (const chunk of segmentedFileCsv(fixture('windows-1252.csv'), new Int16Array(12), ['Épargnants'])) chunks.push(chunk);
    const exported = Buffer.concat(chunks);
    const input = readFileSync(fileURLToPath(new URL('../fixtures/csv/windows-1252.csv', import.meta.url)));
    // Every input line comes back byte for byte, then ;Cluster;Segment in the same encoding.
    const lines = (bytes: Buffer) => bytes.toString('latin1').split('\r\n');
    lines(exported).slice(0, 13).forEach((line, i) => expect(line.startsWith(lines(input)[i]!)).toBe(true));
    expect(exported.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(new TextDecoder('windows-1252').decode(exported).split('\r\n')[1]).toBe('1;Île-de-France;115,0;80;750;0;Épargnants');
  });
});

describe('a file larger than the page can hold', () => {
  it('is refused from its first rows, before it is read, and the row limit stops a read that goes past it', async () => {
    // The first 300 kB of a file that claims 2 GB: about 60 million rows at 34 bytes each.
    const row = '12345,Annual,55.5,42,700,extra text\n';
    const head = 'id,name,income,spending,credit,note\n' + row.repeat(Math.ceil(300_000 / row.length));
    const bytes = new TextEncoder().encode(head);
    const huge = { size: 2e9, stream: () => new Blob([bytes]).stream(), slice: (start?: number, end?: number) => new Blob([bytes]).slice(start, end) } as unknown as Blob;
    await expect(previewCsv(huge, 'warehouse.csv')).rejects.toThrow(
      /^warehouse\.csv: about [\d,]+ data rows; the page holds at most 10,000,000 customers \(about 50 bytes each in memory\)\. Cluster it with the command line/);
    await expect(readFeatureColumns(fixture('mall-customers.csv'), 'mall-customers.csv', [3, 4], { maxRows: 100 }))
      .rejects.toThrow('mall-customers.csv: more than 100 data rows; the page holds at most 10,000,000 customers');
  });
});

describe('the row estimate of a file read in part', () => {
  it('measures lines across the whole file, not only its start (ids grow from 1 to 400000)', async () => {
    const n = 400_000;
    const lines = ['id,income,spending,credit'];
    for (let i = 1; i <= n; i++) lines.push(`${i},55.5,42,700`);
    const file = new Blob([lines.join('\n') + '\n']);
    const preview = await previewCsv(file, 'grown.csv');
    expect(Math.abs(preview.estimatedRows - n) / n).toBeLessThan(0.01);
    // The start alone would be far off: its rows are shorter than the file's average.
    const start = lines.slice(0, 10_000).join('\n').length / 10_000;
    expect(Math.abs(file.size / start - n) / n).toBeGreaterThan(0.05);
  });
});

describe('a Windows-1252 file whose first accent comes late', () => {
  it('is read right past the first chunks (all before was ASCII, the same in both encodings) and exported byte for byte', async () => {
    const ascii = 'name,income,spending\n' + 'Smith,55.5,40\n'.repeat(12_000);
    const bytes = Buffer.concat([Buffer.from(ascii, 'latin1'), Buffer.from('M\xfcller,61.0,45\n', 'latin1')]);
    const blob = new Blob([bytes]);
    const rows: string[][] = [];
    let encoding = '';
    for await (const batch of readCsvBatches(blob, { batchBytes: 4096 })) {
      rows.push(...batch.rows);
      encoding = batch.encoding;
    }
    expect(encoding).toBe('windows-1252');
    expect(rows.at(-1)).toEqual(['Müller', '61.0', '45']);
    const chunks: Uint8Array[] = [];
    for await (const chunk of segmentedFileCsv(blob, new Int16Array(12_001), ['A'])) chunks.push(chunk);
    const out = Buffer.concat(chunks).toString('latin1').split('\n');
    expect(out.at(-2)).toBe('Müller,61.0,45,0,A');
  });
});
