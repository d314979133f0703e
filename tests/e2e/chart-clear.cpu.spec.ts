import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures.ts';
import { afterNextRun, openAndConverge, waitForQuietFrames } from './run.ts';

// The Mall file's 2D chart is never covered: its tick labels and axis titles stay clear of the left
// column (HUD, the k offer, the tools, the legend), the panel and the drawer, at laptop sizes; and
// with a drawer tab open the left column ends above the drawer instead of running under its tabs.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));
type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.locator(selector).evaluateAll((elements) => elements
    .filter((element) => (element as HTMLElement).offsetParent !== null || getComputedStyle(element).position === 'fixed')
    .map((element) => {
      const r = element.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    })
    .filter((r) => r.width > 0 && r.height > 0));
}

for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
  test(`at ${width}x${height}, the Mall file's 2D chart is clear of the HUD column, the k offer, the panel and the drawer`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openAndConverge(page, 'backend=cpu&n=3000&speed=max&intro=false');
    await page.locator('.drawer-tabs button[data-tab="data"]').click();
    await page.locator('.drawer-panel[data-tab="data"] input[name="csv-file"]').setInputFiles(fixture('mall-customers.csv'));
    await afterNextRun(page, () => page.locator('dialog.mapping-dialog button[name="import"]').click());
    await page.locator('.drawer-tabs button[data-tab="data"]').click(); // closed: the chart takes the height
    await expect(page.locator('#offer')).toBeVisible(); // the k offer is among what must not cover it
    await expect(page.locator('#scatter')).toHaveAttribute('data-projection', 'flat');
    await page.waitForFunction(() => document.querySelectorAll('.axis-tick').length > 6);
    await waitForQuietFrames(page); // the view reframed for the column as it is now
    const chart = [...await boxes(page, '.axis-tick'), ...await boxes(page, '.axis-title')];
    const covers = [...await boxes(page, '.left-stack > *'), ...await boxes(page, '#panel .lil-root'), ...await boxes(page, '.drawer-tabs')];
    await page.screenshot({ path: `artifacts/mall-2d-${width}.png` });
    for (const label of chart) for (const cover of covers) expect(overlaps(label, cover), `a label at ${JSON.stringify(label)} under ${JSON.stringify(cover)}`).toBe(false);

    // A drawer tab open: the left column ends above the drawer (it scrolls), nothing of it under the tabs.
    await page.locator('.drawer-tabs button[data-tab="explore"]').click();
    await expect(page.locator('.drawer-panel[data-tab="explore"]')).toBeVisible();
    // The drawer grows as the tab's charts arrive; the column follows it (a frame later).
    await expect.poll(async () => {
      const column = (await page.locator('.left-stack').boundingBox())!;
      const drawer = (await page.locator('#drawer').boundingBox())!;
      return column.y + column.height - drawer.y;
    }).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `artifacts/mall-explore-${width}.png` });
  });
}
