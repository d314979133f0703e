import { expect, test, type Page } from './fixtures.ts';
import { openAndConverge } from './run.ts';

// The drawer and the scene share the window at the sizes analysts use: every tab, looked at
// (screenshots), and checked: nothing in the drawer sticks out of it, tables need no sideways
// scrolling from 1024 px up, and the drawer leaves the scene most of the height.

const SIZES = [[1440, 900], [1280, 720], [1024, 700], [800, 700]] as const;
const TABS = ['data', 'explore', 'choose-k', 'segments'] as const;

/** Elements of the open drawer panel whose right edge passes the drawer's, or that scroll sideways. */
async function overflowing(page: Page, tab: string, tablesMayScroll: boolean) {
  return page.evaluate(({ tab, tablesMayScroll }) => {
    const body = document.querySelector<HTMLElement>('.drawer-body')!;
    const panel = document.querySelector<HTMLElement>(`.drawer-panel[data-tab="${tab}"]`)!;
    const limit = body.getBoundingClientRect().right + 1;
    const problems: string[] = [];
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''}`;
    // Inside a scroller that may scroll (a wide table at 800 px), overflow is that scroller's business.
    const inScroller = (e: Element) => tablesMayScroll && e.closest('.k-table-scroll, table.profiles') !== null;
    for (const e of panel.querySelectorAll('*')) {
      const rect = e.getBoundingClientRect();
      if (rect.width === 0 || inScroller(e)) continue;
      if (rect.right > limit) problems.push(`${name(e)} ends at ${Math.round(rect.right)} past ${Math.round(limit)}`);
      const style = getComputedStyle(e);
      if (e.scrollWidth > e.clientWidth + 1 && (style.overflowX === 'auto' || style.overflowX === 'scroll') && !tablesMayScroll) {
        problems.push(`${name(e)} scrolls sideways (${e.scrollWidth} in ${e.clientWidth})`);
      }
    }
    if (body.scrollWidth > body.clientWidth + 1) problems.push(`the drawer scrolls sideways (${body.scrollWidth} in ${body.clientWidth})`);
    return [...new Set(problems)].slice(0, 12);
  }, { tab, tablesMayScroll });
}

/**
 * Wait until the page has followed the window and the tab: the tab is open (Explore explored again,
 * as it is on each opening), the scene's canvas is drawn at its displayed size (the page's resize
 * handlers and observers ran), the insets the page keeps as CSS variables are the panel's and the
 * drawer's sizes now, and a clustering tree on show is drawn for at least its scroller's width.
 */
async function waitForLayout(page: Page, tab: string) {
  await expect(page.locator(`.drawer-tabs button[data-tab="${tab}"]`)).toHaveAttribute('aria-selected', 'true');
  const panel = page.locator(`.drawer-panel[data-tab="${tab}"]`);
  await expect(panel).toBeVisible();
  if (tab === 'explore') await expect(panel).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.waitForFunction((tab) => {
    const canvas = document.querySelector<HTMLCanvasElement>('#scatter')!;
    const scale = Math.min(2, window.devicePixelRatio);
    if (canvas.width !== Math.floor(canvas.clientWidth * scale) || canvas.height !== Math.floor(canvas.clientHeight * scale)) return false;
    const side = document.querySelector<HTMLElement>('#panel')!;
    const drawer = document.querySelector<HTMLElement>('#drawer')!;
    const root = getComputedStyle(document.documentElement);
    const right = side.querySelector('.lil-root.lil-closed') ? 0 : side.offsetWidth;
    if (root.getPropertyValue('--panel-width').trim() !== `${right}px`) return false;
    if (root.getPropertyValue('--drawer-height').trim() !== `${drawer.offsetHeight}px`) return false;
    return [...document.querySelectorAll(`.drawer-panel[data-tab="${tab}"] .cluster-tree-scroll`)].every((scroller) => {
      const tree = scroller.querySelector('svg.cluster-tree');
      return !tree || Number(tree.getAttribute('width')) >= scroller.clientWidth;
    });
  }, tab);
}

test('every drawer tab fits its drawer at 1440, 1280, 1024 and 800 px, and leaves the scene in sight', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openAndConverge(page, 'backend=cpu&n=20000&speed=max');
  // Fill every tab once: exploration, the table of k and the tree, the segments.
  await page.locator('.drawer-tabs button[data-tab="explore"]').click();
  await expect(page.locator('.drawer-panel[data-tab="explore"]')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.locator('.drawer-tabs button[data-tab="choose-k"]').click();
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  await expect(page.locator('table.k-table')).toHaveCount(1, { timeout: 120_000 });

  const problems: string[] = [];
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    for (const tab of TABS) {
      const button = page.locator(`.drawer-tabs button[data-tab="${tab}"]`);
      if ((await button.getAttribute('aria-selected')) !== 'true') await button.click();
      await waitForLayout(page, tab);
      await page.screenshot({ path: `artifacts/layout-${width}x${height}-${tab}.png` });
      for (const problem of await overflowing(page, tab, width < 1024)) problems.push(`${width}x${height} ${tab}: ${problem}`);
      // The scene keeps at least half the window's height.
      const drawer = await page.locator('#drawer').boundingBox();
      if (drawer && drawer.height > height * 0.55) problems.push(`${width}x${height} ${tab}: the drawer takes ${Math.round(drawer.height)} of ${height} px`);
    }
  }
  expect(problems).toEqual([]);
});

test('a short window starts with the HUD and the legend folded; their buttons show everything; the Explore charts download', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 700 });
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max');
  const hud = page.locator('#hud');
  await expect(hud).toHaveClass(/hud-folded/);
  await expect(hud.locator('.hud-row').nth(3)).toBeVisible();
  await expect(hud.locator('.hud-row').nth(4)).toBeHidden();
  await hud.locator('button[name="fold-hud"]').click();
  await expect(hud.locator('.hud-row').nth(8)).toBeVisible();

  // The legend folds to its colour keys; each key still names its segment (tooltip) and isolates it.
  const legend = page.locator('#legend');
  await expect(legend).toHaveClass(/legend-folded/);
  const key = legend.locator('.legend-row').first();
  expect((await key.boundingBox())!.width).toBeLessThan(30);
  const name = (await key.locator('.legend-name').textContent())!;
  expect((await key.getAttribute('title'))!.startsWith(`${name}: `)).toBe(true);
  await key.click();
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', /^[1-9]\d*$/);
  await key.click();
  await legend.locator('button[name="fold-legend"]').click();
  await expect(key.locator('.legend-name')).toBeVisible();
  expect((await key.boundingBox())!.width).toBeGreaterThan(150);

  await page.locator('.drawer-tabs button[data-tab="explore"]').click();
  const explore = page.locator('.drawer-panel[data-tab="explore"]');
  await expect(explore).toHaveAttribute('data-ready', 'true');
  await expect(explore.locator('.chart-export button')).toHaveCount(2 * (3 + 1 + 3));
  const [file] = await Promise.all([page.waitForEvent('download'), explore.locator('button[data-export="correlation.svg"]').click()]);
  expect(file.suggestedFilename()).toBe('correlation.svg');
});
