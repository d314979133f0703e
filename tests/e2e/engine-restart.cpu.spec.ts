import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures.ts';
import { afterNextRun, lassoMiddle, openAndConverge, runNumber, waitForEnd } from './run.ts';

// The engine's worker ends in the middle of the work (out of memory at 10 M, a crash; here the
// test closes it from inside): the page says so in one sentence, starts a new worker and puts the
// work back: the customers (generated again, or the imported file read again from the
// workspace), the run, the segment names and the view.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));

/** Close the engine worker from inside, as a crash would end it. */
async function killEngine(page: Page) {
  const engine = page.workers().find((worker) => worker.url().includes('engine.worker'));
  expect(engine, 'the engine worker').toBeTruthy();
  await engine!.evaluate(() => self.close());
}

test('a worker that ends mid-run is restarted and the generated run put back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const clean = await openAndConverge(page, 'backend=cpu&n=20000&k=5&speed=max');
  // The same run again, slowly, and the worker killed in its middle.
  await page.goto('/?backend=cpu&n=20000&k=5&speed=2');
  await expect(page.locator('#hud')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  const before = await runNumber(page);
  await killEngine(page);
  await expect(page.locator('#offer')).toContainText('The engine stopped (its worker ended, perhaps out of memory) and was restarted', { timeout: 30_000 });
  await expect.poll(() => runNumber(page), { timeout: 60_000 }).toBeGreaterThan(before);
  const after = await waitForEnd(page);
  expect(after.customers).toBe(20000);
  expect(after.inertia).toBe(clean.inertia);
  expect(errors).toEqual([]);
});

test('a worker that ends after an import is restarted and the imported file, names and selection put back from the workspace', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=2000&k=4&speed=max');
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  const panel = page.locator('.drawer-panel[data-tab="data"]');
  await panel.locator('input[name="csv-file"]').setInputFiles(fixture('mall-customers.csv'));
  await afterNextRun(page, () => page.locator('dialog.mapping-dialog button[name="import"]').click());
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  const nameBox = page.locator('table.profiles input').first();
  await nameBox.fill('Kept <i>through</i> a crash');
  await nameBox.dispatchEvent('change');
  await page.locator('.drawer-tabs button[data-tab="segments"]').click(); // the drawer closed: the view is free for the lasso
  const inertia = await page.locator('#hud').getAttribute('data-inertia');
  await lassoMiddle(page);
  await page.keyboard.press('Escape'); // lasso mode off, the selection stays
  const selected = await page.locator('#selection').getAttribute('data-count');
  expect(Number(selected)).toBeGreaterThan(0);
  const colours = await page.locator('#legend .legend-swatch').evaluateAll((swatches) => swatches.map((s) => getComputedStyle(s).backgroundColor));

  const before = await runNumber(page);
  await killEngine(page);
  await expect(page.locator('#offer')).toContainText('your customers, run, names and view are being put back from the workspace (mall-customers.csv)', { timeout: 30_000 });
  await expect.poll(() => runNumber(page), { timeout: 60_000 }).toBeGreaterThan(before);
  await waitForEnd(page);
  await expect(page.locator('#offer')).toHaveText(/were put back from the workspace \(mall-customers\.csv\)\./);
  await expect(page.locator('#selection')).toHaveAttribute('data-count', selected!);
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '200');
  await expect(page.locator('#hud')).toHaveAttribute('data-inertia', inertia!);
  await expect(page.locator('#legend .legend-name').first()).toHaveText('Kept <i>through</i> a crash');
  expect(await page.locator('#legend .legend-swatch').evaluateAll((swatches) => swatches.map((s) => getComputedStyle(s).backgroundColor))).toEqual(colours);
  await page.screenshot({ path: 'artifacts/engine-restarted-1280.png' });

  // A second end soon after is not retried (the same work would likely end the same way): said, not looped.
  await killEngine(page);
  await expect(page.locator('#offer')).toContainText('a second time while your work was being put back, so it was not retried', { timeout: 30_000 });
});
