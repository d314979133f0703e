import { expect, test } from './fixtures.ts';
import { openAndConverge } from './run.ts';

test('the Segments tab says how stable each segment is under resampling, by name and colour', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=20000&speed=max');
  await page.getByRole('tab', { name: 'Segments' }).click();
  const items = page.locator('.segments-stability li');
  await expect(items).toHaveCount(4);
  // The default customers' four segments are well separated: every resample finds each again.
  for (let cluster = 0; cluster < 4; cluster++) {
    const item = items.nth(cluster);
    await expect(item).toContainText(/: stable \(Jaccard (1\.00|0\.9\d); never dissolved\)$/);
    expect(Number(await item.getAttribute('data-jaccard'))).toBeGreaterThan(0.9);
    await expect(item.locator('.legend-swatch')).toBeVisible();
  }
  // The names are the segments' (the legend's), and the method is said.
  const legendNames = await page.locator('.legend-row').allTextContents();
  await expect(items.first().locator('strong')).toHaveText(/.+/);
  expect(legendNames.join(' ')).toContain(await items.first().locator('strong').textContent());
  await expect(page.locator('.segments-stability .note')).toContainText('10 seeded subsets of 4,000 customers (80 % of a sample of 5,000)');
  await page.locator('.segments-stability').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/segment-stability.png' });
});

test('the HUD explains its terms where the pointer rests on them', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=5000&speed=max');
  const row = (field: string) => page.locator('.hud-row').filter({ has: page.locator(`.hud-value[data-field="${field}"]`) });
  await expect(row('inertia')).toHaveAttribute('title', /sum of squared distances from each customer to its segment's centre/);
  await expect(row('shift')).toHaveAttribute('title', /the run stops when it falls to tol x the mean feature variance/);
  await expect(row('changed')).toHaveAttribute('title', /0 means the segments are stable/);
  // The backend's value keeps its own title (which engine ran), over the row's.
  await expect(row('backend').locator('.hud-value')).toHaveAttribute('title', /^kd-tree filtering|^Hamerly/);
});
