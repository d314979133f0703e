import { expect, test, type Page } from '@playwright/test';
import { CLUSTER_COLORS } from '../../src/view/palette.ts';
import { openAndConverge, waitForQuietFrames } from './run.ts';

// Millions drawn: past 1 M customers the view turns to a density view by itself (faint points that
// build up where customers concentrate, in the clusters' colours), so dense cores and sparse
// fringes can be told apart instead of solid blobs; the panel and the link can force it on or off.

/** Of the pixels customers cover, the share drawn in a cluster's full colour (the rest: fainter shades). */
async function fullColourShare(page: Page): Promise<number> {
  return page.evaluate((hexes) => {
    const source = document.querySelector<HTMLCanvasElement>('#scatter')!;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const context = copy.getContext('2d')!;
    context.drawImage(source, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    const targets = hexes.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
    const background = [data[0]!, data[1]!, data[2]!];
    let covered = 0;
    let full = 0;
    for (let p = 0; p < data.length; p += 4) {
      const rgb = [data[p]!, data[p + 1]!, data[p + 2]!];
      if (rgb.reduce((sum, v, c) => sum + Math.abs(v - background[c]!), 0) < 24) continue;
      covered++;
      if (targets.some((t) => rgb.reduce((sum, v, c) => sum + Math.abs(v - t[c]!), 0) < 40)) full++;
    }
    return full / Math.max(1, covered);
  }, CLUSTER_COLORS.slice(0, 4));
}

test('past 1 M customers the density view is on by itself: shades where customers thin out, not solid blobs; off on request', async ({ page }) => {
  test.setTimeout(180_000);
  await openAndConverge(page, 'backend=cpu&n=1000000&speed=max&centroids=0&intro=false');
  await waitForQuietFrames(page);
  const canvas = page.locator('#scatter');
  await expect(canvas).toHaveAttribute('data-density', 'on');
  const dense = await fullColourShare(page);
  await page.screenshot({ path: 'artifacts/density-view-1m.png' });

  await page.goto('/?backend=cpu&n=1000000&speed=max&centroids=0&intro=false&density=off');
  await expect(page.locator('#hud')).toHaveAttribute('data-state', 'converged', { timeout: 120_000 });
  await waitForQuietFrames(page);
  await expect(canvas).toHaveAttribute('data-density', 'off');
  const solid = await fullColourShare(page);
  await page.screenshot({ path: 'artifacts/density-view-off-1m.png' });
  console.warn(`1 M customers: ${(100 * solid).toFixed(0)} % of covered pixels in full colour with the density view off, ${(100 * dense).toFixed(0)} % with it on`);
  expect(solid).toBeGreaterThan(0.35);
  expect(dense).toBeLessThan(solid / 2);

  // Few customers: off by itself, on when asked.
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max&intro=false');
  await expect(canvas).toHaveAttribute('data-density', 'off');
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max&intro=false&density=on');
  await expect(canvas).toHaveAttribute('data-density', 'on');
});
