import { expect, test, type Page } from './fixtures.ts';
import { CLUSTER_COLORS } from '../../src/view/palette.ts';
import { canvasColours, openAndConverge, waitForQuietFrames } from './run.ts';

// Millions drawn: past 1 M customers the view turns to a density view by itself (faint points that
// build up where customers concentrate, in the clusters' colours), so dense cores and sparse
// fringes can be told apart instead of solid blobs; the panel and the link can force it on or off.

/** Of the pixels customers cover, the share drawn in (near) a cluster's full colour; the rest are fainter shades. */
async function fullColourShare(page: Page): Promise<number> {
  const { covered, nearAny } = await canvasColours(page, CLUSTER_COLORS.slice(0, 4));
  return nearAny / Math.max(1, covered);
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
