import { test, expect } from '@playwright/test';
import { openAndConverge, waitForEnd } from './run.ts';

const ARTIFACTS = 'artifacts';

test('Choose k: the sweep marks the elbow at k = 4, and clicking a k on the chart clusters with it', async ({ page }) => {
  // The CPU engine keeps this quick on software rendering; the sweep code is the same for both backends.
  await openAndConverge(page, 'n=20000&speed=max&backend=cpu');
  await page.getByRole('tab', { name: 'Choose k' }).click();
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  const charts = page.locator('.sweep-charts');
  await expect(charts).toHaveAttribute('data-elbow', '4', { timeout: 120_000 });
  await expect(page.locator('.sweep-status')).toContainText('elbow at k = 4');
  await expect(charts.locator('svg').first()).toBeVisible();
  // Ten WCSS points drawn, and the elbow label.
  await expect(charts.locator('.chart-wcss')).toContainText('elbow: k = 4');
  await page.screenshot({ path: `${ARTIFACTS}/choose-k.png` });

  // Click the WCSS chart at k = 5: the scatter re-clusters with five clusters.
  const svg = charts.locator('svg.chart-wcss');
  const box = (await svg.boundingBox())!;
  const x = await page.evaluate(() => {
    const el = document.querySelector<SVGSVGElement>('svg.chart-wcss')!;
    const circles = [...el.querySelectorAll('circle')];
    return Number(circles[4]!.getAttribute('cx'));
  });
  await page.mouse.click(box.x + x, box.y + box.height / 2);
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '5');
  const run = await waitForEnd(page);
  expect(run.k).toBe(5);
  expect(page.url()).toContain('k=5');
});

test('Segments: the profile table reads as the generated segments; a new name shows in the legend, as text', async ({ page }) => {
  await openAndConverge(page, 'n=50000&speed=max');
  await page.getByRole('tab', { name: 'Segments' }).click();
  const rows = page.locator('table.profiles tbody tr');
  await expect(rows).toHaveCount(4);
  const names = await rows.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(names).toEqual([
    'Low-income, high spenders, fair credit',
    'Middle-income, moderate spenders, fair credit',
    'High-income, low spenders, good credit',
    'High-income, high spenders, excellent credit',
  ]);
  // Centres within a few units of the generator's segment centres (income, spending, credit).
  const incomes = await rows.evaluateAll((trs) => trs.map((tr) => parseFloat(tr.children[4]!.textContent!)));
  [30, 55, 85, 120].forEach((centre, i) => expect(Math.abs(incomes[i]! - centre)).toBeLessThan(3));

  const hostile = '<img src=x onerror=alert(1)>';
  const first = rows.first().locator('input');
  await first.fill(hostile);
  await first.press('Enter');
  await expect(page.locator('.legend-name').first()).toHaveText(hostile);
  expect(await page.locator('.legend img').count()).toBe(0);
  await page.screenshot({ path: `${ARTIFACTS}/segments.png` });
});
