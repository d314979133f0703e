import { expect, test } from '@playwright/test';

// Watching the algorithm: half-steps show the assignment (points recolour, centroids stay) and
// then the update (centroids move, colours stay) as two steps.

test('half-steps alternate: the points recolour with the centroids in place, then the centroids move', async ({ page }) => {
  await page.goto('/?backend=cpu&n=20000&play=0');
  const hud = page.locator('#hud');
  const canvas = page.locator('#scatter');
  await expect(hud).toHaveAttribute('data-iteration', '1', { timeout: 60_000 });
  await expect(canvas).toHaveAttribute('data-phase', 'update');
  const read = async () => ({
    phase: await canvas.getAttribute('data-phase'),
    labels: Number(await canvas.getAttribute('data-labels-applied')),
    centroids: await canvas.getAttribute('data-centroids'),
    iteration: Number(await hud.getAttribute('data-iteration')),
  });
  let before = await read();
  for (let half = 0; half < 2; half++) {
    await page.keyboard.press('Shift+ArrowRight');
    await expect(canvas).toHaveAttribute('data-phase', 'assign');
    const assigned = await read();
    // Recoloured with the centroids where they were.
    expect(assigned.labels).toBe(before.labels + 1);
    expect(assigned.centroids).toBe(before.centroids);
    expect(assigned.iteration).toBe(before.iteration + 1);

    await page.keyboard.press('Shift+ArrowRight');
    await expect(canvas).toHaveAttribute('data-phase', 'update');
    const updated = await read();
    // The centroids moved; the colours did not change again.
    expect(updated.labels).toBe(assigned.labels);
    expect(updated.centroids).not.toBe(assigned.centroids);
    expect(updated.iteration).toBe(assigned.iteration);
    before = updated;
  }
  // A whole step does both at once.
  await page.keyboard.press('ArrowRight');
  await expect(hud).toHaveAttribute('data-iteration', String(before.iteration + 1));
  const whole = await read();
  expect(whole.phase).toBe('update');
  expect(whole.labels).toBe(before.labels + 1);
  expect(whole.centroids).not.toBe(before.centroids);
});
