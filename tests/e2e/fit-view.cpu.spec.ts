import { expect, test, type Page } from './fixtures.ts';
import { openAndConverge, waitForQuietFrames } from './run.ts';

// A way back: Fit view (a button, F and Home) frames every customer again from the opening angle,
// and a search by id flies to the same distance each time instead of closer and closer.

const camera = async (page: Page) => (await page.locator('#scatter').getAttribute('data-camera'))!.split(',').map(Number);
/** How far the camera stands from what it looks at: the distance from the search's target. */
const distance = (at: number[], target: number[]) => Math.hypot(...at.map((v, i) => v - target[i]!));

test('Fit view (button, F, Home) brings back the opening frame; searches fly to one distance', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max&intro=false');
  await waitForQuietFrames(page);
  const opening = await camera(page);

  // Zoom in and turn with the view's own keys, then Fit view.
  await page.locator('.label-layer').focus();
  for (const key of ['+', '+', '+', 'ArrowLeft', 'ArrowUp']) await page.keyboard.press(key);
  await expect.poll(() => camera(page)).not.toEqual(opening);
  await page.locator('button[name="fit-view"]').click();
  await expect.poll(() => camera(page)).toEqual(opening);

  for (const key of ['F', 'Home']) {
    await page.locator('.label-layer').focus();
    await page.keyboard.press('+');
    await expect.poll(() => camera(page)).not.toEqual(opening);
    await page.keyboard.press(key);
    await expect.poll(() => camera(page)).toEqual(opening);
  }

  // Three searches for customers: the camera ends as far from each as from the first.
  const gaps: number[] = [];
  for (const id of ['1', '2', '3']) {
    await page.locator('input[name="customer"]').fill(id);
    await page.locator('input[name="customer"]').press('Enter');
    await expect(page.locator('#hover-card')).toBeVisible();
    await waitForQuietFrames(page);
    const target = (await page.locator('#scatter').getAttribute('data-target'))!.split(',').map(Number);
    gaps.push(distance(await camera(page), target));
  }
  expect(gaps[1]).toBeCloseTo(gaps[0]!, 2);
  expect(gaps[2]).toBeCloseTo(gaps[0]!, 2);
});
