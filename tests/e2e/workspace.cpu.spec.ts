import { mkdtempSync, readFileSync } from 'node:fs';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures.ts';
import { afterNextRun, lassoMiddle, openAndConverge, waitForEnd } from './run.ts';

// The analyst's work survives a reload: an imported file, a renamed segment and the run come back
// from the browser's storage when the page is opened again, offered, not forced; named copies are
// listed with their size and can be deleted.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));

const control = (page: Page, label: string) =>
  page.locator('#panel .lil-controller').filter({ has: page.locator('.lil-name', { hasText: new RegExp(`^${label}$`) }) });

/** The segmented export's Cluster and Segment columns, one line per customer (the Data tab open). */
async function exportedSegments(page: Page): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[name="export-csv"]').click()]);
  const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => line.split(',').slice(-2).join(','));
}

async function dataTab(page: Page) {
  const tab = page.locator('.drawer-tabs button[data-tab="data"]');
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  return page.locator('.drawer-panel[data-tab="data"]');
}

test('a reload offers the last workspace back: the imported file, k, the names, colours, pinned run, selection and view', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=2000&k=4&speed=max');
  let panel = await dataTab(page);
  await panel.locator('input[name="csv-file"]').setInputFiles(fixture('mall-customers.csv'));
  await afterNextRun(page, () => page.locator('dialog.mapping-dialog button[name="import"]').click());
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  // A run pinned at k = 4, then k = 5 compared with it.
  await page.locator('button[name="pin-run"]').click();
  await expect(page.locator('.compare-status')).toHaveText('Pinned: the run with k = 4 on 200 customers. Make another run to compare.');
  await afterNextRun(page, async () => {
    const k = control(page, 'k').locator('input').last();
    await k.fill('5');
    await k.press('Enter');
  });
  await expect(page.locator('.compare-status')).toHaveText('This run (k = 5) against the pinned one (k = 4):');
  const ari = await page.locator('.compare-ari').getAttribute('data-ari');
  const nameBox = page.locator('table.profiles input').first();
  await nameBox.fill('Premium <b>clients</b>');
  await nameBox.dispatchEvent('change');
  await expect(page.locator('#legend .legend-name').first()).toHaveText('Premium <b>clients</b>');
  await page.locator('.drawer-tabs button[data-tab="segments"]').click(); // the drawer closed: the view is free for the lasso
  await lassoMiddle(page);
  await page.keyboard.press('Escape');
  const selected = await page.locator('#selection').getAttribute('data-count');
  expect(Number(selected)).toBeGreaterThan(0);
  const before = await page.locator('#hud').getAttribute('data-inertia');
  const looks = () => page.locator('#legend .legend-row').evaluateAll((rows) => rows.map((row) =>
    `${row.querySelector('.legend-name')?.textContent} ${getComputedStyle(row.querySelector('.legend-swatch')!).backgroundColor} ${row.querySelector('.legend-size')?.textContent}`));
  const legendBefore = await looks();
  // The labels themselves: the segmented export, row by row.
  panel = await dataTab(page);
  const labelsBefore = await exportedSegments(page);
  // A model loaded in the Data tab is part of the workspace.
  const [model] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="export-model"]').click()]);
  await panel.locator('input[name="model-file"]').setInputFiles(await model.path());
  await expect(panel.locator('.model-info')).toContainText('k = 5');
  // Saved a few seconds after a change.
  await page.waitForTimeout(4000);

  await page.goto('/');
  const offer = page.locator('#offer');
  await expect(offer).toContainText('Your last workspace: mall-customers.csv (200 rows');
  // Not restored yet, the page's own generated run does not overwrite it.
  await page.waitForTimeout(4000);
  await page.goto('/');
  await expect(offer).toContainText('Your last workspace: mall-customers.csv (200 rows');
  await afterNextRun(page, () => offer.locator('button[name="accept-offer"]').click());
  await waitForEnd(page);
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '200');
  await expect(page.locator('#hud')).toHaveAttribute('data-inertia', before!);
  // A KMeans run comes back without refitting: its customers assigned to its saved centroids.
  await expect(page.locator('.hud-message')).toHaveText('Put back from the workspace without refitting: each customer in the segment of the nearest saved centroid, as the run ended.');
  await expect(page.locator('#selection')).toHaveAttribute('data-count', selected!);
  expect(await looks()).toEqual(legendBefore);
  await expect(page.locator('#legend .legend-name').first()).toHaveText('Premium <b>clients</b>');
  expect(new URL(page.url()).searchParams.get('file')).toBe('mall-customers.csv');
  panel = await dataTab(page);
  await expect(panel.locator('.data-status')).toContainText('Restored your last workspace: mall-customers.csv');
  await expect(panel.locator('.model-info')).toContainText('k = 5');
  await expect(page.locator('#offer')).toBeHidden();
  expect(await exportedSegments(page)).toEqual(labelsBefore);
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  await expect(page.locator('.compare-status')).toHaveText('This run (k = 5) against the pinned one (k = 4):');
  await expect(page.locator('.compare-ari')).toHaveAttribute('data-ari', ari!);
  await page.screenshot({ path: 'artifacts/workspace-restored-1280.png' });
  panel = await dataTab(page);

  // A named copy: listed with what it holds, then deleted.
  await panel.locator('input[name="workspace-name"]').fill('Mall study');
  await panel.locator('button[name="save-workspace"]').click();
  const row = panel.locator('.workspace-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('.workspace-name')).toHaveText('Mall study');
  await expect(row).toContainText('mall-customers.csv (200 rows');
  await expect(panel.locator('.workspace-usage')).toContainText('Kept in this browser:');
  await row.locator('button[name="delete-workspace"]').click();
  await expect(panel.locator('.workspace-row')).toHaveCount(0);

  // The workspace as one file, opened in another browser profile: the same customers, run and names.
  const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="download-workspace"]').click()]);
  expect(download.suggestedFilename()).toBe('mall-customers.workspace.zip');
  const archive = join(mkdtempSync(join(tmpdir(), 'workspace-')), download.suggestedFilename());
  await download.saveAs(archive);
  const elsewhere = await (await page.context().browser()!.newContext({ viewport: page.viewportSize()! })).newPage();
  await elsewhere.goto('/?backend=cpu&n=2000&k=3&speed=max');
  await waitForEnd(elsewhere);
  const other = elsewhere.locator('.drawer-panel[data-tab="data"]');
  await elsewhere.locator('.drawer-tabs button[data-tab="data"]').click();
  await afterNextRun(elsewhere, () => other.locator('input[name="workspace-file"]').setInputFiles(archive));
  await expect(elsewhere.locator('#hud')).toHaveAttribute('data-inertia', before!);
  await expect(elsewhere.locator('#legend .legend-name').first()).toHaveText('Premium <b>clients</b>');
  await expect(other.locator('.data-status')).toContainText('Restored mall-customers.workspace.zip: mall-customers.csv (200 rows');
  // The pinned run travels in the file too.
  await elsewhere.locator('.drawer-tabs button[data-tab="segments"]').click();
  await expect(elsewhere.locator('.compare-ari')).toHaveAttribute('data-ari', ari!);
  await elsewhere.locator('.drawer-tabs button[data-tab="data"]').click();
  // A workspace whose customers' file cannot be read: nothing of it stays, the page says so.
  const unpacked = unzipSync(readFileSync(archive));
  const header = JSON.parse(strFromU8(unpacked['workspace.json']!)) as { customers: string };
  unpacked[header.customers] = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0]);
  const before2 = await elsewhere.locator('#hud').getAttribute('data-run');
  await other.locator('input[name="workspace-file"]').setInputFiles({ name: 'damaged.workspace.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(unpacked)) });
  await expect(other.locator('.data-status')).toHaveText(/^Import failed: .*not a text file.*\. The current customers and run are kept\.$/);
  await expect(elsewhere.locator('#hud')).toHaveAttribute('data-run', before2!);
  await expect(elsewhere.locator('#hud')).toHaveAttribute('data-inertia', before!);
  // A file that is not a workspace: one sentence, nothing lost.
  await other.locator('input[name="workspace-file"]').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await expect(other.locator('.data-status')).toHaveText('Could not open the workspace: notes.zip: not a workspace file (a workspace is a zip archive with workspace.json inside). The current customers and run are kept.');
  await expect(elsewhere.locator('#hud')).toHaveAttribute('data-customers', '200');
});

test('a link opens what it says, without offering the last workspace', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=2000&k=3&speed=max');
  await page.waitForTimeout(4000);
  await openAndConverge(page, 'backend=cpu&n=3000&k=2&speed=max');
  await expect(page.locator('#offer')).toBeHidden();
});
