import { expect, test } from './fixtures.ts';
import { LIMITS } from '../../src/protocol/limits.ts';
import { afterNextRun, openAndConverge } from './run.ts';

// The page's limits come from one table (src/protocol/limits.ts): the panel and the Choose-k tab
// offer what it says, so changing a limit there changes them too.

const control = (page: import('@playwright/test').Page, label: string) =>
  page.locator('#panel .lil-controller').filter({ has: page.locator('.lil-name', { hasText: new RegExp(`^${label}$`) }) });

test('the panel holds k to the largest k, and the Choose-k tab\'s inputs offer the sweep\'s limits', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=2000&speed=max');
  const k = control(page, 'k').locator('input').last();
  await k.fill(String(LIMITS.k.max + 8));
  await afterNextRun(page, () => k.press('Enter'));
  await expect(page.locator('#hud')).toHaveAttribute('data-k', String(LIMITS.k.max));
  expect(new URL(page.url()).searchParams.get('k')).toBe(String(LIMITS.k.max));

  await page.getByRole('tab', { name: 'Choose k' }).click();
  const kMax = page.locator('input[name="kmax"]');
  await expect(kMax).toHaveAttribute('max', String(LIMITS.sweepKMax.max));
  await expect(kMax).toHaveAttribute('min', String(LIMITS.sweepKMax.min));
  await expect(page.locator('input[name="sample"]')).toHaveAttribute('max', String(LIMITS.silhouetteSample.max));
});
