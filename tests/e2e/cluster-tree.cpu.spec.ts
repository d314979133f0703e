import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { openAndConverge } from './run.ts';

// The clustering tree under the table of k: a row per k with k clusters, a profile on hover, and a
// click that highlights exactly that cluster's customers in the 3D view. CPU engine (no WebGPU here).

mkdirSync('artifacts', { recursive: true });

test('Choose k: the clustering tree has a row per k, profiles on hover, and highlights a cluster\'s customers', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=20000&speed=max');
  await page.getByRole('tab', { name: 'Choose k' }).click();
  await page.getByRole('button', { name: 'Run the sweep' }).click();
  await expect(page.locator('.sweep-charts')).toHaveAttribute('data-elbow', '4', { timeout: 170_000 });

  const tree = page.locator('svg.cluster-tree');
  await expect(tree).toHaveAttribute('data-rows', '10');
  const rows = tree.locator('g.tree-row');
  await expect(rows).toHaveCount(10);
  // Row k holds k clusters, and every row holds every customer.
  const perRow = await rows.evaluateAll((groups) => groups.map((group) => {
    const sizes = [...group.querySelectorAll<SVGGElement>('g.tree-node')].map((node) => Number(node.dataset.size));
    return { k: Number((group as SVGGElement).dataset.k), nodes: sizes.length, customers: sizes.reduce((sum, size) => sum + size, 0) };
  }));
  expect(perRow).toEqual(Array.from({ length: 10 }, (_, i) => ({ k: i + 1, nodes: i + 1, customers: 20_000 })));
  await expect(tree.locator('line')).not.toHaveCount(0);
  await expect(page.locator('.cluster-tree-view')).not.toContainText('NaN');

  // Hovering a node of k = 4 shows its profile: k, cluster, customers and share, centre in business units.
  const node = rows.nth(3).locator('g.tree-node').first();
  const size = Number(await node.getAttribute('data-size'));
  const cluster = await node.getAttribute('data-cluster');
  expect(size).toBeGreaterThan(0);
  await node.hover();
  const profile = page.locator('.cluster-tree-profile');
  await expect(profile).toContainText(`k = 4 · cluster ${cluster} · ${size.toLocaleString('en-US')} customers (${(100 * size / 20_000).toFixed(1)} %)`);
  await expect(profile).toContainText(/centre: Annual Income \(k\$\) [\d.,]+, Spending Score \(1-100\) [\d.,]+, Credit Score [\d.,]+/);

  // Clicking it highlights exactly its customers in the 3D view, and a control clears that.
  const view = page.locator('.cluster-tree-view');
  const canvas = page.locator('#scatter');
  await node.click();
  await expect(view).toHaveAttribute('data-highlighted', String(size));
  await expect(canvas).toHaveAttribute('data-highlighted', String(size));
  await expect(node).toHaveAttribute('aria-pressed', 'true');
  const clear = page.getByRole('button', { name: 'Clear highlight' });
  await expect(clear).toBeVisible();
  await expect(page.locator('.cluster-tree-highlighted')).toHaveText(`Highlighted in the 3D view: k = 4, cluster ${cluster} (${size.toLocaleString('en-US')} customers)`);

  // Colour by another feature: the legend follows, the highlight stays.
  await page.locator('select[name="tree-feature"]').selectOption({ label: 'Credit Score' });
  await expect(tree).toHaveAttribute('data-feature', '2');
  await expect(page.locator('.cluster-tree-legend')).toContainText('mean Credit Score');
  await expect(canvas).toHaveAttribute('data-highlighted', String(size));

  // The whole tree in one view of the drawer, the hovered node's profile under it.
  const showTree = async () => {
    await profile.evaluate((line) => line.scrollIntoView({ block: 'end' }));
    await node.hover();
  };
  await showTree();
  expect(await page.locator('.cluster-tree-scroll').evaluate((scroller) => {
    const drawer = scroller.closest('.drawer-body')!.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    return box.top >= drawer.top && box.bottom <= drawer.bottom + 0.5;
  })).toBe(true);
  await page.screenshot({ path: 'artifacts/cluster-tree.png' });
  // The tree downloads as an SVG that carries its own style (as every chart does).
  const download = page.waitForEvent('download');
  await page.locator('[data-export="clustering-tree.svg"]').click();
  const svg = readFileSync(await (await download).path(), 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('tree-row-label');
  expect((svg.match(/<circle/g) ?? []).length).toBe(55); // 1 + 2 + ... + 10 clusters
  // The tree fits the drawer at 800 px (scrolling sideways inside its box if it must).
  await page.setViewportSize({ width: 800, height: 800 });
  const fits = await page.locator('.cluster-tree-scroll').evaluate((scroller) => {
    const drawer = scroller.closest('.drawer-body')!.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    return box.left >= drawer.left && box.right <= drawer.right + 0.5;
  });
  expect(fits).toBe(true);
  await showTree();
  await page.screenshot({ path: 'artifacts/cluster-tree-800.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  await clear.click();
  await expect(canvas).not.toHaveAttribute('data-highlighted', /.*/);
  await expect(view).not.toHaveAttribute('data-highlighted', /.*/);
  await expect(clear).toBeHidden();

  // Clicking a node again removes its highlight too.
  const other = rows.nth(3).locator('g.tree-node').last();
  await other.click();
  await expect(canvas).toHaveAttribute('data-highlighted', (await other.getAttribute('data-size'))!);
  await other.click();
  await expect(canvas).not.toHaveAttribute('data-highlighted', /.*/);
  await expect(clear).toBeHidden();
});
