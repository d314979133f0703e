import { expect, test, type Page } from './fixtures.ts';
import { afterNextRun, openAndConverge } from './run.ts';

// Undo: a change of k, a rename and an isolation are listed in the History panel, newest first,
// and Ctrl+Z steps back through them: the isolation, the name, then k (the same run as before).

const control = (page: Page, label: string) =>
  page.locator('#panel .lil-controller').filter({ has: page.locator('.lil-name', { hasText: new RegExp(`^${label}$`) }) });

test('Ctrl+Z steps back through an isolation, a rename and a change of k, each listed in the history', async ({ page }) => {
  const first = await openAndConverge(page, 'backend=cpu&n=20000&k=4&speed=max&intro=false');
  const namesAtK4 = await page.locator('#legend .legend-name').allTextContents();
  await afterNextRun(page, async () => {
    const k = control(page, 'k').locator('input').last();
    await k.fill('5');
    await k.press('Enter');
  });
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '5');
  const namesAtK5 = await page.locator('#legend .legend-name').allTextContents();
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  const nameBox = page.locator('table.profiles input').nth(1);
  await nameBox.fill('Careful <em>savers</em>');
  await nameBox.dispatchEvent('change');
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  await page.locator('#legend .legend-row').first().click();
  await expect.poll(() => new URL(page.url()).searchParams.get('only')).toBe('0');

  await page.locator('button[name="history"]').click();
  const panel = page.locator('#history');
  await expect(panel.locator('.history-list li')).toHaveText([
    `showing "${namesAtK5[0]}" (was all segments)`,
    `renamed "${namesAtK5[1]}" to "Careful <em>savers</em>"`,
    'k 4 → 5',
  ]);
  await page.screenshot({ path: 'artifacts/history-panel-1280.png' });

  await page.keyboard.press('Control+z');
  await expect.poll(() => new URL(page.url()).searchParams.get('only')).toBeNull();
  await page.keyboard.press('Control+z');
  await expect(page.locator('#legend .legend-name').nth(1)).toHaveText(namesAtK5[1]!);
  await afterNextRun(page, () => page.keyboard.press('Control+z'));
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '4');
  await expect(page.locator('#hud')).toHaveAttribute('data-inertia', String(first.inertia));
  await expect(page.locator('#legend .legend-name')).toHaveText(namesAtK4);
  await expect(panel.locator('.note')).toHaveText('Undone: k 4 → 5.');
  await expect(panel.locator('button[name="undo"]')).toBeDisabled();
});
