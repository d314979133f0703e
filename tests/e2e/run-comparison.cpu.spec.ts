import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures.ts';
import { openAndConverge, waitForEnd } from './run.ts';

const control = (page: Page, label: string) =>
  page.locator('#panel .lil-controller').filter({ has: page.locator('.lil-name', { hasText: new RegExp(`^${label}$`) }) });

/** The migration table's cells as numbers: rows of the pinned run, columns of this one. */
async function migrationCells(page: Page): Promise<number[][]> {
  return page.locator('.migration tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => Number((cell.textContent ?? '').replace(/,/g, '')))));
}

test('pin a run, change k: the adjusted Rand index and a migration table that adds up to the customers', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=20000&speed=max');
  await page.getByRole('tab', { name: 'Segments' }).click();
  await page.locator('button[name="pin-run"]').click();
  await expect(page.locator('.compare-status')).toHaveText('Pinned: the run with k = 4 on 20,000 customers. Make another run to compare.');

  // k = 5 from the panel: a new run on the same customers.
  const k = control(page, 'k').locator('input').last();
  await k.fill('5');
  await k.press('Enter');
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '5');
  await waitForEnd(page);
  await expect(page.locator('.compare-status')).toHaveText('This run (k = 5) against the pinned one (k = 4):');
  const ari = Number(await page.locator('.compare-ari').getAttribute('data-ari'));
  // Splitting one of four separated segments in two keeps most pairs together.
  expect(ari).toBeGreaterThan(0.6);
  expect(ari).toBeLessThan(1);

  const cells = await migrationCells(page);
  expect(cells).toHaveLength(4); // one row per pinned segment
  // Each row: 5 columns of this run, then its total; the rows add up to every customer.
  for (const row of cells) {
    expect(row).toHaveLength(6);
    expect(row.slice(0, 5).reduce((a, b) => a + b, 0)).toBe(row[5]);
  }
  expect(cells.reduce((sum, row) => sum + row[5]!, 0)).toBe(20_000);
  await expect(page.locator('.migration')).toHaveAttribute('data-n', '20000');
  // The pinned segments' rows carry their names; every one finds a match.
  await expect(page.locator('.compare-matches li')).toHaveCount(4);

  const download = page.waitForEvent('download');
  await page.locator('button[name="export-migration"]').click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
  expect(csv).toHaveLength(6); // header, 4 pinned segments, totals
  expect(csv.at(-1)!.split(',').at(-1)).toBe('20000');
  await page.locator('.segments-compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/run-comparison.png' });
});
