import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.ts';
import { SAMPLE_DATASETS } from '../../src/data/sample-datasets.ts';
import { runKmeans } from '../helpers.ts';
import { afterNextRun, openAndConverge, waitForEnd } from './run.ts';

// The shipped real datasets open from the Data tab with their own mapping (no dialog) and are
// fitted; the page's fit is the command line's on the same file. A link names the dataset, so it
// reproduces the run.

const shipped = (file: string) => fileURLToPath(new URL(`../../public/datasets/${file}`, import.meta.url));

/** The command line's fit of a shipped file, rows missing a feature dropped as the page drops them. */
function commandLineFit(file: string, features: readonly string[], k: number) {
  const result = runKmeans(process.cwd(), ['fit', '--input', shipped(file), '--features', features.join(','), '--k', String(k), '--missing', 'drop', '--json']);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { n: number; inertia: number };
}

test('each shipped dataset opens from the Data tab with its mapping and fits as the command line does', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=2000&k=4&speed=max');
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  const panel = page.locator('.drawer-panel[data-tab="data"]');
  await expect(panel.locator('.sample')).toHaveCount(SAMPLE_DATASETS.length);
  await page.screenshot({ path: 'artifacts/samples-data-tab-1280.png' });
  for (const dataset of SAMPLE_DATASETS) {
    await afterNextRun(page, () => panel.locator(`button[name="open-sample-${dataset.id}"]`).click());
    await expect(page.locator('dialog.mapping-dialog')).toHaveCount(0);
    const reference = commandLineFit(dataset.file, dataset.features, 4);
    const hud = page.locator('#hud');
    await expect(hud).toHaveAttribute('data-customers', String(reference.n));
    expect(Number(await hud.getAttribute('data-inertia'))).toBeCloseTo(reference.inertia, 6);
    await expect(panel.locator('.data-source')).toContainText(`${dataset.file}, ${dataset.rows.toLocaleString('en-US')} rows; ${reference.n.toLocaleString('en-US')} clustered on ${dataset.features.join(', ')}`);
    expect(new URL(page.url()).searchParams.get('sample')).toBe(dataset.id);
    expect(new URL(page.url()).searchParams.get('file')).toBeNull();
  }
  await page.screenshot({ path: 'artifacts/samples-last-opened-1280.png' });
});

test('a link made on a shipped dataset opens it with the run it names; an unknown name is said', async ({ page }) => {
  await page.goto('/?backend=cpu&n=2000&k=5&speed=max&intro=false&sample=lending-club');
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '9857', { timeout: 120_000 });
  await waitForEnd(page);
  const reference = commandLineFit('lending-club.parquet', ['annual_inc', 'revol_util', 'int_rate'], 5);
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '5');
  expect(Number(await page.locator('#hud').getAttribute('data-inertia'))).toBeCloseTo(reference.inertia, 6);

  await page.goto('/?backend=cpu&n=2000&speed=max&intro=false&sample=no-such-data');
  await waitForEnd(page);
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  await expect(page.locator('.data-status')).toContainText('There is no shipped dataset named "no-such-data"; the datasets are credit-scoring, lending-club, credit-card-applicants.');
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '2000');
});
