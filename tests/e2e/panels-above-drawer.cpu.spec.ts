import { expect, test, type Page } from './fixtures.ts';
import { lassoMiddle, openAndConverge } from './run.ts';

// The lasso's selection panel and the Bookmarks panel stay above an open drawer: every button can
// be clicked (the drawer does not take the click) and no text shows through it, at laptop sizes.

/** The panel's box ends above the drawer's top edge. */
async function expectAboveDrawer(page: Page, selector: string) {
  const panel = (await page.locator(selector).boundingBox())!;
  const drawer = (await page.locator('.drawer-body').boundingBox())!;
  expect(panel.y + panel.height, `${selector} ends above the drawer`).toBeLessThanOrEqual(drawer.y + 1);
}

for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
  test(`at ${width}x${height} with the drawer open, every button of the selection and bookmarks panels can be clicked`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openAndConverge(page, 'backend=cpu&n=3000&speed=max&intro=false');
    await lassoMiddle(page);
    await page.keyboard.press('Escape'); // lasso mode off, the selection stays
    await page.locator('button[name="bookmarks"]').click();
    const bookmarks = page.locator('#bookmarks');
    await bookmarks.locator('input[name="bookmark-name"]').fill('Middle');
    await bookmarks.getByRole('button', { name: 'Save view' }).click();
    await expect(bookmarks.locator('.bookmark-list li')).toHaveCount(1);

    // The tallest tab: the drawer takes its most room.
    await page.locator('.drawer-tabs button[data-tab="segments"]').click();
    await expect(page.locator('.drawer-panel[data-tab="segments"]')).toBeVisible();
    await page.screenshot({ path: `artifacts/panels-above-drawer-${width}.png` });
    await expectAboveDrawer(page, '#selection');
    await expectAboveDrawer(page, '#bookmarks');

    // Each button takes its own click (Playwright refuses a click another element would catch).
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#selection button[name="export-selection"]').click()]);
    expect(file.suggestedFilename()).toBe('selected_customers.csv');
    await bookmarks.locator('button[name="bookmark-copy"]').click();
    await expect(bookmarks).toHaveAttribute('data-link', /#bookmark=/);
    await bookmarks.locator('button[name="bookmark-restore"]').click();
    await page.locator('#selection button[name="keep-filter"]').click();
    await expect(page.locator('#selection')).toContainText('Filter:');
    await page.locator('#selection button[name="clear-selection"]').click();
    await expect(page.locator('#selection')).toBeHidden();
    await bookmarks.locator('button[name="bookmark-delete"]').click();
    await expect(bookmarks.locator('.bookmark-list li')).toHaveCount(0);
  });
}
