import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { openAndConverge, waitForEnd } from './run.ts';

// The table of k in the Choose k tab: the CLI's criteria per k, each column's best marked, the
// recommendation sentence, and a row that clusters with its k. CPU engine (no WebGPU here).

mkdirSync('artifacts', { recursive: true });

test('Choose k: the table of k recommends k = 4 on the default customers, and a row clusters with its k', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=20000&speed=max');
  await page.getByRole('tab', { name: 'Choose k' }).click();
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  await expect(page.locator('.sweep-charts')).toHaveAttribute('data-elbow', '4', { timeout: 170_000 });

  const table = page.locator('table.k-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(10);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.k)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  await expect(table.locator('thead th')).toHaveText(['k', 'WCSS', 'silhouette', 'centre-based silhouette', 'Calinski-Harabasz', 'Davies-Bouldin', 'gap ± se', 'stability ± sd', 'smallest share']);

  const recommendation = page.locator('.k-recommendation');
  await expect(recommendation).toHaveAttribute('data-k', '4');
  await expect(recommendation).toContainText(/k = 4: .*silhouette.*agree/);
  await expect(page.locator('.k-table-note')).toContainText('on a seeded sample of 5,000 customers');

  // Each column's best is bold with a mark and says why; the silhouette's is at k = 4.
  const bestSilhouette = table.locator('td.best[data-column="silhouette"]');
  await expect(bestSilhouette).toHaveCount(1);
  await expect(bestSilhouette.locator('xpath=..')).toHaveAttribute('data-k', '4');
  await expect(bestSilhouette).toHaveAttribute('title', /^Best of its column: the highest silhouette/);
  await expect(bestSilhouette.locator('.best-mark')).toHaveText(' ★');
  expect(await bestSilhouette.evaluate((td) => getComputedStyle(td).fontWeight)).toBe('700');
  // k = 1 has no silhouette: a dash, not NaN.
  await expect(rows.first().locator('td[data-column="silhouette"]')).toHaveText('–');
  await expect(table).not.toContainText('NaN');

  // The table fits the drawer: it scrolls sideways inside its box rather than spilling over.
  const fits = () => page.locator('.k-table-scroll').evaluate((scroller) => {
    const drawer = scroller.closest('.drawer-body')!.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    return box.left >= drawer.left && box.right <= drawer.right + 0.5;
  });
  expect(await fits()).toBe(true);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/k-table.png' });
  // The table downloads as CSV: a row per k, then the recommendation.
  const download = page.waitForEvent('download');
  await page.locator('button[name="export-k-table"]').click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('k,wcss,silhouette,centre_based_silhouette,calinski_harabasz,davies_bouldin,gap,gap_se,stability,stability_sd,smallest_share');
  expect(csv.slice(1, 11).map((line) => line.split(',')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  expect(csv.at(-1)).toMatch(/^recommendation,"?k = 4: /);
  await page.setViewportSize({ width: 800, height: 800 });
  expect(await fits()).toBe(true);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/k-table-800.png' });
  // The columns past the drawer's edge are a sideways scroll away, the k column staying in view.
  expect(await page.locator('.k-table-scroll').evaluate((scroller) => scroller.scrollWidth > scroller.clientWidth)).toBe(true);
  await page.locator('.k-table-scroll').evaluate((scroller) => scroller.scrollTo({ left: scroller.scrollWidth }));
  await page.screenshot({ path: 'artifacts/k-table-800-scrolled.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Clicking the k = 5 row clusters with five, as clicking the chart does.
  await rows.nth(4).click();
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '5');
  expect((await waitForEnd(page)).k).toBe(5);

  // Enter on a focused row does the same.
  await rows.nth(3).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '4');
  expect((await waitForEnd(page)).k).toBe(4);
});

test('Choose k: Cancel while the gap and stability fit stops the sweep and leaves no table; the next sweep runs', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=20000&speed=max');
  await page.getByRole('tab', { name: 'Choose k' }).click();
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  const progress = page.locator('#progress');
  // The resampling criteria run beside the sweep on a worker of their own and report their fits.
  await expect(progress).toContainText(/gap and stability [1-9]\d* of 200 fits/, { timeout: 120_000 });
  await progress.locator('button').click();
  await expect(progress).toBeHidden();
  await expect(page.locator('.sweep-status')).toHaveText('Sweep cancelled.');
  await expect(page.locator('table.k-table')).toHaveCount(0);
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '4');

  // Cancelling ended that worker: the next sweep starts another and completes.
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  await expect(page.locator('table.k-table')).toHaveCount(1, { timeout: 120_000 });
  await expect(page.locator('.k-recommendation')).toHaveAttribute('data-k', '4');
});
