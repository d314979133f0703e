import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures.ts';
import Papa from 'papaparse';
import { afterNextRun, openAndConverge } from './run.ts';

// Files written the European way and with thousands groups, through the page as an analyst
// would: the mapping dialog shows how each column writes its numbers, the values read are the
// file's (checked in the Explore tab's statistics), the export comes back as it came and
// re-imports to the same clusters. CPU engine (no WebGPU in this browser).

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));
mkdirSync('artifacts', { recursive: true });

const BOM = '\uFEFF';

interface Case {
  readonly file: string;
  readonly delimiter: string;
  readonly bom: boolean;
  readonly lineEnd: string;
  /** The three feature columns, and the decimal mark each should be detected with. */
  readonly features: readonly { readonly column: number; readonly decimal: ',' | '.' }[];
  /** A feature cell and what the dialog says it reads as. */
  readonly reading: readonly [column: number, text: string];
}

const CASES: readonly Case[] = [
  {
    file: 'decimal-comma.csv', delimiter: ';', bom: true, lineEnd: '\r\n',
    features: [{ column: 2, decimal: ',' }, { column: 3, decimal: ',' }, { column: 4, decimal: ',' }],
    reading: [2, '"115,0" → 115'],
  },
  {
    file: 'mixed-decimal-comma.csv', delimiter: ',', bom: false, lineEnd: '\n',
    features: [{ column: 2, decimal: ',' }, { column: 3, decimal: '.' }, { column: 4, decimal: '.' }],
    reading: [2, '"15,5" → 15.5'],
  },
  {
    file: 'thousands-separators.csv', delimiter: ',', bom: false, lineEnd: '\n',
    features: [{ column: 1, decimal: '.' }, { column: 2, decimal: '.' }, { column: 3, decimal: '.' }],
    reading: [1, '"52,300.00" → 52300'],
  },
];

/** The file's text (BOM kept) and its rows. */
function readCsv(text: string, delimiter: string) {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trimEnd(), { delimiter }).data;
}

/** A cell as the number it means, read independently of the app: groups dropped, then the decimal mark. */
const meant = (cell: string, decimal: ',' | '.') =>
  Math.fround(Number(decimal === ',' ? cell.replace(/[.\s]/g, '').replace(',', '.') : cell.replace(/[,\s]/g, '')));

/** As the Explore tab writes a statistic. */
const shown = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

async function openTab(page: Page, id: string) {
  const tab = page.locator(`.drawer-tabs button[data-tab="${id}"]`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  return page.locator(`.drawer-panel[data-tab="${id}"]`);
}

/** Pick a file (a fixture path, or bytes under a name) in the Data tab; returns the mapping dialog. */
async function chooseFile(page: Page, file: string | { name: string; bytes: Buffer }) {
  const panel = await openTab(page, 'data');
  const input = panel.locator('input[name="csv-file"]');
  if (typeof file === 'string') await input.setInputFiles(fixture(file));
  else await input.setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes });
  const dialog = page.locator('dialog.mapping-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function importAccepted(page: Page, dialog: ReturnType<Page['locator']>, name: string) {
  const run = await afterNextRun(page, () => dialog.locator('button[name="import"]').click());
  await expect(page.locator('.data-status')).toContainText(`Imported ${name}`);
  await expect(page.locator('.data-status')).toContainText('no problems found');
  return run;
}

/** Download segmented_customers.csv in the layout chosen in the Data tab; returns its bytes as text (BOM kept). */
async function exportCsv(page: Page, layout: 'as-imported' | 'comma-dot') {
  const panel = await openTab(page, 'data');
  await panel.locator('select[name="export-format"]').selectOption(layout);
  const [file] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="export-csv"]').click()]);
  return readFileSync(await file.path());
}

/** The Explore tab's statistics per feature: [name, count, missing, mean, std, min, 25%, 50%, 75%, max]. */
async function statistics(page: Page) {
  await openTab(page, 'data');
  const explore = await openTab(page, 'explore');
  await expect(explore).toHaveAttribute('data-ready', 'true');
  return explore.locator('table.stats tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (td) => td.textContent ?? '')));
}

for (const c of CASES) {
  test(`${c.file}: formats detected, values read as written, export as imported, re-import gives the same clusters`, async ({ page }) => {
    await openAndConverge(page, 'n=2000&k=4&speed=max');
    const input = readFileSync(fixture(c.file), 'utf8');
    const rows = readCsv(input, c.delimiter);
    const headers = rows[0]!;

    // The dialog proposes the three features and shows how each writes its numbers.
    let dialog = await chooseFile(page, c.file);
    for (const { column, decimal } of c.features) {
      await expect(dialog.locator(`input[name="column-${column}"]`)).toBeChecked();
      await expect(dialog.locator(`select[name="format-${column}"]`)).toHaveValue(decimal);
      await expect(dialog.locator(`select[name="format-${column}"] option:checked`)).toContainText(decimal === ',' ? 'decimal comma' : 'decimal point');
    }
    await expect(dialog.locator('input[type="checkbox"]:checked')).toHaveCount(3);
    const [readingColumn, readingText] = c.reading;
    await expect(dialog.locator(`th:nth-child(${readingColumn + 1}) .format-reading`)).toHaveText(readingText);
    if (c.file === 'decimal-comma.csv') {
      await expect(dialog).toContainText('semicolon-separated');
      await expect(dialog.locator('th').nth(1)).toContainText('Région');
      await expect(dialog.locator('td').nth(1)).toHaveText('Île-de-France');
      await dialog.screenshot({ path: 'artifacts/import-decimal-comma.png' });
    }
    const hud = await importAccepted(page, dialog, c.file);
    expect(hud.customers).toBe(rows.length - 1);

    // The values clustered are the file's: count, mean, min, median and max of every feature.
    const stats = await statistics(page);
    expect(stats.map((row) => row[0])).toEqual(c.features.map((f) => headers[f.column]));
    c.features.forEach(({ column, decimal }, f) => {
      const values = rows.slice(1).map((row) => meant(row[column]!, decimal)).sort((a, b) => a - b);
      const mid = values.length >> 1;
      const median = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const row = stats[f]!;
      expect([row[1], row[3], row[5], row[7], row[9]], headers[column]).toEqual([String(values.length), shown(mean), shown(values[0]!), shown(median), shown(values.at(-1)!)]);
    });

    // Export as imported: the same delimiter, cells, line ends and BOM, then Cluster and Segment.
    const exported = (await exportCsv(page, 'as-imported')).toString('utf8');
    expect(exported.startsWith(BOM)).toBe(c.bom);
    expect(exported.includes('\r\n')).toBe(c.lineEnd === '\r\n');
    const out = readCsv(exported, c.delimiter);
    expect(out[0]).toEqual([...headers, 'Cluster', 'Segment']);
    expect(out.map((row) => row.slice(0, headers.length))).toEqual(rows);
    const clusters = out.slice(1).map((row) => row[headers.length]);
    expect(new Set(clusters)).toEqual(new Set(['0', '1', '2', '3']));

    // Re-imported, the export gives the same clusters: the new Cluster 2 column equals Cluster.
    dialog = await chooseFile(page, { name: `segmented-${c.file}`, bytes: Buffer.from(exported, 'utf8') });
    for (const { column, decimal } of c.features) await expect(dialog.locator(`select[name="format-${column}"]`)).toHaveValue(decimal);
    await expect(dialog.locator(`input[name="column-${headers.length}"]`)).not.toBeChecked();
    await importAccepted(page, dialog, `segmented-${c.file}`);
    const again = readCsv((await exportCsv(page, 'as-imported')).toString('utf8'), c.delimiter);
    expect(again[0]!.slice(-4)).toEqual(['Cluster', 'Segment', 'Cluster 2', 'Segment 2']);
    expect(again.slice(1).map((row) => row[headers.length + 2])).toEqual(clusters);

    // Comma and decimal point on request: comma-separated, no BOM, numbers plain, text as it was.
    const plain = (await exportCsv(page, 'comma-dot')).toString('utf8');
    if (c.file === 'decimal-comma.csv') await page.screenshot({ path: 'artifacts/data-tab-export-format.png' });
    expect(plain.startsWith(BOM)).toBe(false);
    const plainRows = readCsv(plain, ',');
    expect(plainRows[0]!.slice(0, headers.length)).toEqual(headers);
    for (const { column, decimal } of c.features) {
      expect(plainRows.slice(1).map((row) => Math.fround(Number(row[column])))).toEqual(rows.slice(1).map((row) => meant(row[column]!, decimal)));
    }
    const text = headers.findIndex((_, i) => Number.isNaN(meant(rows[1]![i]!, '.')) && Number.isNaN(meant(rows[1]![i]!, ',')));
    if (text >= 0) expect(plainRows.slice(1).map((row) => row[text])).toEqual(rows.slice(1).map((row) => row[text]));
  });
}

test('changing a column to the wrong decimal mark is reported in the bad-rows step, not imported as text', async ({ page }) => {
  await openAndConverge(page, 'n=2000&k=3&speed=max');
  const dialog = await chooseFile(page, 'decimal-comma.csv');
  const format = dialog.locator('select[name="format-2"]');
  await format.selectOption('.');
  await expect(dialog.locator('th:nth-child(3) .format-reading')).toHaveText('"115,0" → not a number');
  await dialog.locator('button[name="import"]').click();
  const report = page.locator('dialog.report-dialog');
  await expect(report).toContainText('decimal-comma.csv: 16 of 16 rows have problems');
  await expect(report).toContainText('Revenu annuel (k€): 16 cells look like decimal-comma numbers ("115,0" at row 2)');
  await report.locator('button[name="cancel"]').click();
  await expect(page.locator('.data-status')).toContainText('Import of decimal-comma.csv cancelled');
});
