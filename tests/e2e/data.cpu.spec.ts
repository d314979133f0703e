import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { readModelFile } from '../../src/kmeans/foreign-model.ts';
import { parseModel } from '../../src/kmeans/model.ts';
import { scoreWithModel } from '../../src/kmeans/score.ts';
import { runKmeans } from '../helpers.ts';
import { afterNextRun, hudValues, openAndConverge, waitForEnd } from './run.ts';

// Data in and out, driven as an analyst would: file pickers, dialogs, downloads.
// The no-WebGPU browser keeps these runs on the CPU engine, which is quicker here than SwiftShader.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));
mkdirSync('artifacts', { recursive: true });

async function openDataTab(page: Page) {
  const tab = page.locator('.drawer-tabs button[data-tab="data"]');
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  return page.locator('.drawer-panel[data-tab="data"]');
}

/** Pick a CSV in the Data tab and accept the proposed columns. */
async function importFile(page: Page, name: string) {
  const panel = await openDataTab(page);
  await panel.locator('input[name="csv-file"]').setInputFiles(fixture(name));
  const dialog = page.locator('dialog.mapping-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Accept the proposed columns and wait for the new customers' run to end. */
async function acceptAndConverge(page: Page, dialog: ReturnType<Page['locator']>, name: string) {
  const run = await afterNextRun(page, () => dialog.locator('button[name="import"]').click());
  await expect(page.locator('.data-status')).toContainText(`Imported ${name}`);
  return run;
}

/** Click an export button and return the downloaded file's text. */
async function download(page: Page, button: string) {
  const panel = await openDataTab(page);
  const [file] = await Promise.all([page.waitForEvent('download'), panel.locator(`button[name="${button}"]`).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

const table = (text: string) => Papa.parse<string[]>(text.trim()).data;

test('a mall-customers-like file: columns recognised, clustered, exported with every original column', async ({ page }) => {
  await openAndConverge(page, 'n=2000&k=5&speed=max');
  const dialog = await importFile(page, 'mall-customers.csv');
  // Income and spending are proposed under their other spellings; Gender is text and cannot be ticked.
  await expect(dialog.locator('input[name="column-3"]')).toBeChecked();
  await expect(dialog.locator('input[name="column-4"]')).toBeChecked();
  await expect(dialog.locator('input[name="column-0"]')).not.toBeChecked();
  await expect(dialog.locator('input[name="column-1"]')).toBeDisabled();
  const hud = await acceptAndConverge(page, dialog, 'mall-customers.csv');
  expect(hud.customers).toBe(200);
  await expect(page.locator('.data-status')).toContainText('Imported mall-customers.csv: 200 rows');
  await expect(page.locator('.legend-row')).toHaveCount(5);
  await page.screenshot({ path: 'artifacts/imported-mall.png' });

  const exported = await download(page, 'export-csv');
  expect(exported.name).toBe('segmented_customers.csv');
  const rows = table(exported.text);
  expect(rows[0]).toEqual(['customer_id', 'Gender', 'Age', 'annual income (K$)', 'SPENDING SCORE (1-100)', 'Cluster', 'Segment']);
  expect(rows).toHaveLength(201);
  const original = table(readFileSync(fixture('mall-customers.csv'), 'utf8'));
  rows.slice(1).forEach((row, i) => expect(row.slice(0, 5)).toEqual(original[i + 1]));
  const legendNames = await page.locator('.legend-name').allTextContents();
  expect(new Set(rows.slice(1).map((r) => r[6]))).toEqual(new Set(legendNames));
});

test('a Parquet file: columns from its schema, clustered, exported as CSV with every column; search finds its text', async ({ page }) => {
  // The mall file as Parquet, written by DuckDB (zstd, two row groups).
  const parquet = 'artifacts/mall-customers.parquet';
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(`COPY (SELECT * FROM read_csv('${fixture('mall-customers.csv')}', header = true)) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100)`);
  connection.closeSync();
  await openAndConverge(page, 'backend=cpu&n=2000&k=5&speed=max');
  const panel = await openDataTab(page);
  await panel.locator('input[name="csv-file"]').setInputFiles(parquet);
  const dialog = page.locator('dialog.mapping-dialog');
  await expect(dialog).toContainText('Parquet, 5 columns');
  await expect(dialog.locator('input[name="column-3"]')).toBeChecked();
  await expect(dialog.locator('input[name="column-4"]')).toBeChecked();
  await expect(dialog.locator('input[name="column-1"]')).toBeDisabled();
  const hud = await acceptAndConverge(page, dialog, 'mall-customers.parquet');
  expect(hud.customers).toBe(200);
  const exported = await download(page, 'export-csv');
  const rows = table(exported.text);
  expect(rows[0]).toEqual(['customer_id', 'Gender', 'Age', 'annual income (K$)', 'SPENDING SCORE (1-100)', 'Cluster', 'Segment']);
  const original = table(readFileSync(fixture('mall-customers.csv'), 'utf8'));
  expect(rows.slice(1).map((row) => row.slice(0, 5))).toEqual(original.slice(1));
  // Its text columns are searchable, as a CSV's are.
  await page.locator('input[name="customer"]').fill('Gender = Male');
  await page.locator('input[name="customer"]').press('Enter');
  await expect(page.locator('#selection')).toHaveAttribute('data-count', String(original.filter((row) => row[1] === 'Male').length));
});

test('bad rows: the report names rows and columns; cancel keeps the run, drop imports the rest', async ({ page }) => {
  const before = await openAndConverge(page, 'n=2000&k=3&speed=max');
  let dialog = await importFile(page, 'non-numeric.csv');
  await dialog.locator('button[name="import"]').click();
  const report = page.locator('dialog.report-dialog');
  await expect(report).toContainText('non-numeric.csv: 3 of 10 rows have problems');
  await expect(report).toContainText('row 3 Annual Income (k$): "55k"');
  await expect(report).toContainText('row 4 Spending Score (1-100): "forty"');
  await report.locator('button[name="cancel"]').click();
  await expect(page.locator('.data-status')).toContainText('Import of non-numeric.csv cancelled. The current customers and run are kept.');
  const after = await hudValues(page);
  expect([after.customers, after.inertia, after.state]).toEqual([before.customers, before.inertia, 'converged']);

  dialog = await importFile(page, 'non-numeric.csv');
  await dialog.locator('button[name="import"]').click();
  expect((await afterNextRun(page, () => page.locator('dialog.report-dialog button[name="drop"]').click())).customers).toBe(7);
  await expect(page.locator('.data-status')).toContainText('Imported non-numeric.csv');
  const rows = table((await download(page, 'export-csv')).text);
  // Every input row is exported; the dropped ones have no cluster.
  expect(rows).toHaveLength(11);
  expect(rows.filter((r) => r[4] === '').map((r) => r[0])).toEqual(['2', '3', '5']);
});

test('files that cannot be imported say why in one sentence and leave the run alone', async ({ page }) => {
  const before = await openAndConverge(page, 'n=2000&k=3&speed=max');
  const panel = await openDataTab(page);
  for (const [name, reason] of [
    ['empty.csv', 'empty.csv: the file is empty'],
    ['header-only.csv', 'header-only.csv: the file has a header but no data rows'],
    ['no-numeric.csv', 'no-numeric.csv: no column holds numbers'],
  ]) {
    await panel.locator('input[name="csv-file"]').setInputFiles(fixture(name!));
    await expect(page.locator('.data-status')).toContainText(`Import failed: ${reason}`);
    await expect(page.locator('.data-status')).toContainText('The current customers and run are kept.');
  }
  const after = await hudValues(page);
  expect([after.customers, after.inertia]).toEqual([before.customers, before.inertia]);
});

test('text from files stays text: an HTML header renders literally and formulas are neutralised on export', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openAndConverge(page, 'n=2000&k=2&speed=max');
  const dialog = await importFile(page, 'hostile.csv');
  await expect(dialog.locator('th .column-name').first()).toHaveText('<img src=x onerror=alert(1)>');
  await expect(dialog.locator('td').first()).toHaveText('=HYPERLINK("http://example.com","click")');
  expect(await page.locator('img').count()).toBe(0);
  await acceptAndConverge(page, dialog, 'hostile.csv');
  const lines = (await download(page, 'export-csv')).text.trim().split('\n');
  expect(lines[0]).toMatch(/^<img src=x onerror=alert\(1\)>,/);
  expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/example.com"",""click""\)",50,40,700,\d,/);
  expect(lines[2]).toMatch(/^"'@SUM\(A1\)",/);
  expect(dialogs).toEqual([]);
});

test.describe('the Content-Security-Policy', () => {
  // The injected script below is refused once, on purpose: the watch every test runs under expects that one.
  test.use({ expectedCspViolations: 1 });

  test("a Content-Security-Policy lets only the page's own scripts run: an injected inline script does not, and nothing the page does breaks it", async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    await openAndConverge(page, 'backend=cpu&n=2000&k=3&speed=max');
    // The page itself, its workers, WebAssembly and lil-gui's font all load under the policy.
    const dialog = await importFile(page, 'hostile.csv');
    await acceptAndConverge(page, dialog, 'hostile.csv');
    await page.getByRole('tab', { name: 'Choose k' }).click();
    expect(violations).toEqual([]);
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self' 'wasm-unsafe-eval'/);
    // Were text from a file ever written as HTML, its script would not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedScriptRan = true';
      document.body.append(script);
      return (window as unknown as { injectedScriptRan?: boolean }).injectedScriptRan ?? false;
    });
    expect(ran).toBe(false);
    expect(violations).toHaveLength(1);
  });
});

test('round trip: generate, export, re-import the export, refit from the saved model: same clusters and inertia', async ({ page }) => {
  const first = await openAndConverge(page, 'n=3000&k=4&speed=max&seed=11');
  // Rename a segment: the export and the model carry the analyst's names.
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  await page.locator('table.profiles input').first().fill('Premium');
  await page.locator('table.profiles input').first().dispatchEvent('change');
  const originalFile = await download(page, 'export-csv');
  const original = table(originalFile.text);
  const model = await download(page, 'export-model');
  expect(model.name).toBe('segmentation-model.json');
  const saved = parseModel(model.text, model.name);
  expect(saved.segmentNames[0]).toBe('Premium');
  expect(saved.metrics.inertia).toBeCloseTo(first.inertia, 6);
  expect(original[1]![5]).toBeDefined();
  expect(original.slice(1).filter((r) => r[4] === '0').every((r) => r[5] === 'Premium')).toBe(true);

  const panel = await openDataTab(page);
  await panel.locator('input[name="csv-file"]').setInputFiles({ name: 'segmented_customers.csv', mimeType: 'text/csv', buffer: readFileSync(originalFile.path) });
  const dialog = page.locator('dialog.mapping-dialog');
  // The three features are proposed; the exported Cluster column is not.
  await expect(dialog.locator('input[name="column-4"]')).not.toBeChecked();
  await acceptAndConverge(page, dialog, 'segmented_customers.csv');

  await panel.locator('input[name="model-file"]').setInputFiles(model.path);
  await expect(panel.locator('.model-info')).toContainText('k = 4');
  const refit = await afterNextRun(page, () => panel.locator('button[name="refit-model"]').click());
  expect(refit.inertia).toBe(first.inertia);
  expect(refit.customers).toBe(3000);
  const again = table((await download(page, 'export-csv')).text);
  expect(again[0]!.slice(-2)).toEqual(['Cluster 2', 'Segment 2']);
  again.slice(1).forEach((row, i) => expect(row[6]).toBe(original[i + 1]![4]));
  await expect(panel.locator('.run-summary')).toHaveValue(/init the centroids of \S+/);
  await expect(panel.locator('.run-summary')).toHaveValue(/it cannot carry the imported file \(import it again\) or the model \S+ \(load it again and refit from its centroids\)/);
});

test("scoring: a saved model assigns new customers to its segments without refitting", async ({ page }) => {
  await openAndConverge(page, 'n=3000&k=4&speed=max&seed=5');
  const model = await download(page, 'export-model');
  const saved = parseModel(model.text, model.name);
  const dialog = await importFile(page, 'semicolon-bom.csv');
  await acceptAndConverge(page, dialog, 'semicolon-bom.csv');
  const panel = await openDataTab(page);
  // A file that is not a model is refused in one sentence; nothing is loaded.
  await panel.locator('input[name="model-file"]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"k": 3}') });
  await expect(page.locator('.data-status')).toHaveText('Could not load the model: notes.json: not a segmentation model (no "format": "kmeans-segmentation-model"). The previous model is kept.');
  await expect(panel.locator('button[name="score"]')).toBeDisabled();
  await panel.locator('input[name="model-file"]').setInputFiles(model.path);
  await panel.locator('button[name="score"]').click();
  await expect(page.locator('#hud')).toHaveAttribute('data-state', 'scored');
  await expect(page.locator('.legend-name')).toHaveText([...saved.segmentNames]);
  const rows = table((await download(page, 'export-csv')).text).slice(1);
  // The same assignment as the command line's `assign` (the shared scoring function) in Node.
  const columns = [0, 1, 2].map((f) => Float32Array.from(rows, (r) => Number(r[f])));
  const expected = await scoreWithModel(saved, columns, rows.length);
  expect(rows.map((r) => Number(r[3]))).toEqual(Array.from(expected.labels));
  expect(rows.map((r) => r[4])).toEqual(Array.from(expected.labels, (l) => saved.segmentNames[l]));
  await expect(panel.locator('.run-summary')).toHaveValue(/Scored with a saved model: k = 4, no refitting/);
});

test('a BigQuery ML.CENTROIDS export loads as a model: the customers are coloured by it, a segment renamed, the model and the SQL saved', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=3000&k=4&speed=max&seed=7');
  const ours = parseModel((await download(page, 'export-model')).text, 'ours.json');
  // What BigQuery's ML.CENTROIDS (standardize FALSE) exports: a row per centroid and feature, ids from 1.
  const rows = ours.centroids.flatMap((centre, j) => centre.map((value, f) => ({ centroid_id: j + 1, feature: ours.features[f], numerical_value: value, categorical_value: '[]' })));
  const panel = await openDataTab(page);
  await panel.locator('input[name="model-file"]').setInputFiles({ name: 'centroids.csv', mimeType: 'text/csv', buffer: Buffer.from(Papa.unparse(rows.reverse())) });
  await expect(panel.locator('.model-info')).toContainText("centroids.csv: KMeans, k = 4 on Credit Score, Spending Score (1-100), Annual Income (k$); imported from BigQuery ML.CENTROIDS (centroids.csv), distances in the input's units");
  await panel.locator('button[name="score"]').click();
  await expect(page.locator('#hud')).toHaveAttribute('data-state', 'scored');
  const imported = readModelFile(Papa.unparse(rows), 'centroids.csv');
  await expect(page.locator('.legend-name')).toHaveText([...imported.segmentNames]);
  // The page's segments are the shared scoring function's with that model, customer by customer.
  const [header, ...exported] = table((await download(page, 'export-csv')).text);
  const columns = imported.features.map((name) => Float32Array.from(exported, (r) => Number(r[header!.indexOf(name)])));
  const expected = await scoreWithModel(imported, columns, exported.length);
  expect(exported.map((r) => Number(r[header!.indexOf('Cluster')]))).toEqual(Array.from(expected.labels));
  // Named here, then saved with its centroids and as the SQL that scores the warehouse's table.
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  await page.locator('table.profiles input').first().fill('Warehouse pick');
  await page.locator('table.profiles input').first().dispatchEvent('change');
  const saved = parseModel((await download(page, 'export-model')).text, 'saved.json');
  expect(saved.segmentNames).toContain('Warehouse pick');
  const byName = (model: typeof saved) => model.centroids.map((row) => Object.fromEntries(model.features.map((name, f) => [name, row[f]])));
  expect(new Set(byName(saved).map((c) => JSON.stringify(Object.entries(c).sort())))).toEqual(new Set(byName(imported).map((c) => JSON.stringify(Object.entries(c).sort()))));
  const sql = await download(page, 'export-sql');
  expect(sql.text).toContain("'Warehouse pick'");
});

test('Scoring SQL: the query the Data tab writes, run in DuckDB over the exported customers, gives the page\'s segments', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=3000&k=5&speed=max');
  const panel = await openDataTab(page);
  await panel.locator('input[name="sql-table"]').fill('crm.customers');
  await panel.locator('select[name="sql-dialect"]').selectOption('duckdb');
  const sql = await download(page, 'export-sql');
  expect(sql.name).toBe('scoring-duckdb.sql');
  expect(sql.text).toContain('FROM "crm"."customers" AS t,');
  await expect(panel.locator('.data-status')).toContainText('Saved scoring-duckdb.sql: scores crm.customers with this run\'s 5 segments.');
  const exported = await download(page, 'export-csv');
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(`CREATE SCHEMA crm; CREATE TABLE crm.customers AS SELECT * FROM read_csv('${exported.path}', header = true)`);
  // By position: the table's six columns (the page's own Cluster and Segment last), then the query's cluster and segment
  // (SQL names are case-blind, so Cluster and cluster cannot be told apart by name).
  const result = await connection.runAndReadAll(sql.text.replace(/;\s*$/, ''));
  expect(result.columnNames()).toEqual(['CustomerID', 'Annual Income (k$)', 'Spending Score (1-100)', 'Credit Score', 'Cluster', 'Segment', 'cluster', 'segment']);
  const scored = result.getRows();
  connection.closeSync();
  expect(scored).toHaveLength(3000);
  expect(new Set(scored.map((row) => row[6])).size).toBe(5);
  expect(scored.filter((row) => Number(row[4]) !== row[6] || row[5] !== row[7])).toEqual([]);
});

test('the 3D view exports as a PNG; the run summary copies', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openAndConverge(page, 'n=20000&k=4&speed=max');
  const png = await download(page, 'export-png');
  expect(png.name).toBe('segments-3d.png');
  const bytes = readFileSync(png.path);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(20_000);
  copyFileSync(png.path, 'artifacts/segments-3d.png');
  // The per-segment silhouette plot names its segments inside the SVG.
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  const plotButton = page.locator('button[data-export="silhouette-per-segment.svg"]');
  await expect(plotButton).toBeVisible();
  const [plot] = await Promise.all([page.waitForEvent('download'), plotButton.click()]);
  const plotText = readFileSync(await plot.path(), 'utf8');
  for (const name of await page.locator('.legend-name').allTextContents()) expect(plotText).toContain(name);
  const [plotPng] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-export="silhouette-per-segment.png"]').click()]);
  copyFileSync(await plotPng.path(), 'artifacts/silhouette-per-segment.png');
  const panel = await openDataTab(page);
  await panel.locator('button[name="copy-summary"]').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('Data: 20,000 synthetic customers, data seed 42');
  expect(copied).toMatch(/Reopen this run: http:\/\/127\.0\.0\.1:\d+\/\?.*n=20000/);
});

const LARGE_CSV = 'artifacts/one-million-customers.csv';

test('cancelling an import part-way keeps the current customers and run', async ({ page }) => {
  writeLargeCsv(LARGE_CSV, 1_000_000);
  const before = await openAndConverge(page, 'n=2000&k=4&speed=max&backend=cpu');
  const panel = await openDataTab(page);
  await panel.locator('input[name="csv-file"]').setInputFiles(LARGE_CSV);
  await page.locator('dialog.mapping-dialog button[name="import"]').click();
  await expect(page.locator('#progress')).toHaveAttribute('data-progress', /^0\.[1-9]/);
  await page.locator('#progress button').click();
  await expect(page.locator('.data-status')).toContainText('Import of one-million-customers.csv cancelled. The current customers and run are kept.');
  const after = await hudValues(page);
  expect([after.customers, after.inertia, after.state]).toEqual([before.customers, before.inertia, 'converged']);
  // The worker holds nothing staged: exporting still writes the 2 000 generated customers.
  expect(table((await download(page, 'export-csv')).text)).toHaveLength(2001);
});

test('a 1 M-row CSV (about 40 MB) imports in the worker with progress, the page staying responsive', async ({ page }) => {
  const path = LARGE_CSV;
  writeLargeCsv(path, 1_000_000);
  const dialog = await openLargeImport(page, path);
  await expect(dialog.locator('input[name="column-3"]')).toBeChecked();
  await importWatched(page, dialog, 'Imported one-million-customers.csv: 1,000,000 rows', '1 M-row CSV', 120_000);
  // The HUD counts the new customers as their run starts; only then is its end this run's.
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '1000000');
  await waitForEnd(page);
  await page.screenshot({ path: 'artifacts/imported-one-million.png' });
});

/** A fresh page on the CPU engine, and the mapping dialog of the large file at `path`. */
async function openLargeImport(page: Page, path: string) {
  await openAndConverge(page, 'n=2000&k=4&speed=max&backend=cpu');
  const panel = await openDataTab(page);
  await panel.locator('input[name="csv-file"]').setInputFiles(path);
  return page.locator('dialog.mapping-dialog');
}

/** Import from the dialog while watching the page; print how it went and check it stayed responsive. */
async function importWatched(page: Page, dialog: ReturnType<Page['locator']>, status: string, what: string, timeout: number) {
  await watchImport(page);
  const started = Date.now();
  await dialog.locator('button[name="import"]').click();
  await expect(page.locator('.data-status')).toContainText(status, { timeout });
  await expectResponsiveImport(page, what, started);
}

/** Watch the main thread (frame gaps) and the progress bar until the import reports back. */
async function watchImport(page: Page) {
  await page.evaluate(() => {
    const watch = { gaps: [] as number[], progress: [] as number[], done: false };
    (window as unknown as { importWatch: typeof watch }).importWatch = watch;
    let last = performance.now();
    const tick = (now: number) => {
      watch.gaps.push(now - last);
      last = now;
      if (!watch.done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const bar = document.querySelector<HTMLElement>('#progress')!;
    new MutationObserver(() => watch.progress.push(Number(bar.dataset.progress))).observe(bar, { attributes: true, attributeFilter: ['data-progress'] });
    const status = document.querySelector<HTMLElement>('.data-status')!;
    new MutationObserver(() => (watch.done ||= /Imported/.test(status.textContent ?? ''))).observe(status, { childList: true, characterData: true, subtree: true });
  });
}

/** Print how the import went and check the page stayed responsive with progress shown. */
async function expectResponsiveImport(page: Page, what: string, started: number) {
  const wallMs = Date.now() - started;
  const watch = await page.evaluate(() => (window as unknown as { importWatch: { gaps: number[]; progress: number[] } }).importWatch);
  const status = (await page.locator('.data-status').textContent()) ?? '';
  const longest = Math.max(...watch.gaps);
  console.warn(`${what}: ${status.trim()} Click to imported: ${(wallMs / 1000).toFixed(1)} s; longest frame gap while reading ${longest.toFixed(0)} ms over ${watch.gaps.length} frames; ${watch.progress.length} progress updates`);
  expect(watch.progress.some((p) => p > 0.2 && p < 0.8)).toBe(true);
  expect(longest).toBeLessThan(500);
}

test('a 10 M-row Parquet file imports in the worker a row group at a time, with progress, the page staying responsive', async ({ page }) => {
  test.setTimeout(300_000);
  const path = 'artifacts/ten-million-customers.parquet';
  if (!existsSync(path)) expect(runKmeans('.', ['generate', '--n', '10000000', '--seed', '3', '--out', path]).status).toBe(0);
  const dialog = await openLargeImport(page, path);
  await expect(dialog).toContainText('Parquet, 4 columns');
  await importWatched(page, dialog, 'Imported ten-million-customers.parquet: 10,000,000 rows', '10 M-row Parquet', 240_000);
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '10000000');
});

/** A bank-like export: id, text and numeric columns, about 40 bytes a row. */
function writeLargeCsv(path: string, rows: number) {
  if (existsSync(path)) return;
  const regions = ['North', 'South', 'East', 'West', 'Central'];
  const lines = ['CustomerID,Gender,Age,Annual Income (k$),Spending Score (1-100),Credit Score,Region'];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 1; i <= rows; i++) {
    const segment = i % 4;
    const income = (30 + segment * 30 + random() * 20).toFixed(1);
    const spending = Math.round(10 + ((segment * 37) % 80) + random() * 15);
    const credit = Math.round(560 + segment * 60 + random() * 60);
    lines.push(`${i},${random() < 0.5 ? 'Female' : 'Male'},${18 + Math.floor(random() * 60)},${income},${spending},${credit},${regions[i % 5]}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

test('a CSV dropped on the page opens the import; charts download as SVG and PNG', async ({ page }) => {
  await openAndConverge(page, 'n=2000&k=3&speed=max');
  const text = readFileSync(fixture('semicolon-bom.csv'), 'utf8');
  await page.evaluate((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
    document.querySelector('#app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, text);
  const dialog = page.locator('dialog.mapping-dialog');
  await expect(dialog.locator('h2')).toHaveText('Import dropped.csv');
  await expect(dialog).toContainText('semicolon-separated');
  await dialog.locator('button[name="cancel"]').click();
  await expect(page.locator('.data-status')).toContainText('Import of dropped.csv cancelled');

  await page.locator('.drawer-tabs button[data-tab="choose-k"]').click();
  await page.locator('input[name="kmax"]').fill('4');
  await page.locator('button[name="sweep"]').click();
  const exportButton = page.locator('button[data-export="elbow-wcss.svg"]');
  await expect(exportButton).toBeVisible();
  const [svg] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  expect(svg.suggestedFilename()).toBe('elbow-wcss.svg');
  const svgText = readFileSync(await svg.path(), 'utf8');
  expect(svgText).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('WCSS');
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-export="silhouette-by-k.png"]').click()]);
  const bytes = readFileSync(await png.path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  copyFileSync(await png.path(), 'artifacts/silhouette-by-k.png');
});

test('an executable renamed .csv is refused as "not a text file" in one line inside the drawer; the customers stay', async ({ page }) => {
  const before = await openAndConverge(page, 'backend=cpu&n=2000&k=4&speed=max');
  const panel = await openDataTab(page);
  const binary = Buffer.alloc(8192);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(binary);
  for (let i = 16; i < binary.length; i++) binary[i] = (i * 37) % 256;
  await panel.locator('input[name="csv-file"]').setInputFiles({ name: 'tool.csv', mimeType: 'text/csv', buffer: binary });
  const status = page.locator('.data-status');
  await expect(status).toHaveText('Import failed: tool.csv: it is not a text file (byte 8 is zero); a CSV or Parquet file is expected. The current customers and run are kept.');
  await expect(page.locator('dialog.mapping-dialog')).toBeHidden();
  // The sentence wraps inside the drawer instead of running past its edge.
  const [line, drawer] = [(await status.boundingBox())!, (await page.locator('.drawer-body').boundingBox())!];
  expect(line.x + line.width).toBeLessThanOrEqual(drawer.x + drawer.width);
  expect((await hudValues(page)).customers).toBe(before.customers);
});
