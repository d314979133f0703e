import { expect, test } from './fixtures.ts';
import { afterNextRun, openAndConverge } from './run.ts';

// A full storage quota (a small one set for the test through the DevTools protocol): the page says
// in one sentence that the workspace is not being saved, and goes on working.

test('a full quota is said in one sentence and the page goes on working', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=2000&k=3&speed=max');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 256 * 1024 });
  // 40 000 customers, about 1 MB: more than the quota allows.
  const rows = Array.from({ length: 40_000 }, (_, i) => `${i + 1},${20 + (i % 97)},${1 + ((i * 37) % 99)},${300 + ((i * 13) % 550)}`);
  const csv = `CustomerID,Annual Income (k$),Spending Score (1-100),Credit Score\n${rows.join('\n')}\n`;
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  const panel = page.locator('.drawer-panel[data-tab="data"]');
  await panel.locator('input[name="csv-file"]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await afterNextRun(page, () => page.locator('dialog.mapping-dialog button[name="import"]').click());
  await expect(panel.locator('.data-status')).toHaveText(
    "The browser's storage for this page is full: the workspace is not being saved (delete saved workspaces below, or export your work); the page goes on working.");
  // Still working: the run on the imported customers finished, and a new one runs.
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '40000');
  await afterNextRun(page, () => page.keyboard.press('r'));
  await expect(page.locator('#hud')).toHaveAttribute('data-customers', '40000');
});
