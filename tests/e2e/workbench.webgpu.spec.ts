import { mkdirSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { CLUSTER_COLORS } from '../../src/view/palette.ts';
import { referenceRun } from './reference.ts';
import { canvasColours, hudValues, openAndConverge, waitForEnd, waitForGlideEnd } from './run.ts';

const ARTIFACTS = 'artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

test('opens straight into a WebGPU run and draws k cluster colours and the centroid markers', async ({ page }) => {
  // Opaque points, so colours on the canvas are the palette's (the default is 0.7 opacity).
  await page.goto('/?opacity=1&backend=webgpu');
  // Nothing to click: the default run starts animating by itself.
  await expect(page.locator('#hud')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  const run = await waitForEnd(page);
  expect(run).toMatchObject({ backend: 'webgpu', k: 4, customers: 200_000 });
  await waitForGlideEnd(page); // let the last glide finish
  await page.screenshot({ path: `${ARTIFACTS}/opening-view.png` });
  const { counts, white } = await canvasColours(page, CLUSTER_COLORS.slice(0, 8));
  // The four cluster colours are on the canvas in quantity; unused colours are not.
  console.warn(`opening view: pixels per cluster colour ${counts.join(', ')}; marker outline pixels ${white}`);
  counts.slice(0, 4).forEach((count) => expect(count).toBeGreaterThan(1000));
  counts.slice(4, 7).forEach((count) => expect(count).toBeLessThan(100));
  expect(white).toBeGreaterThan(100); // white marker outlines
  await expect(page.locator('.legend-row')).toHaveCount(4);
  await expect(page.locator('.legend-name').first()).toHaveText('Low-income, high spenders, fair credit');
  const msPerIteration = await page.locator('[data-field="ms"]').textContent();
  console.warn(`200 k customers: ${(await hudValues(page)).frameMs} ms per frame, ${msPerIteration} ms per iteration (SwiftShader)`);
  // The same run with centroids hidden has no marker pixels: the white comes from the markers.
  await page.goto('/?centroids=0&speed=max&opacity=1&backend=webgpu');
  await waitForEnd(page);
  await waitForGlideEnd(page);
  expect((await canvasColours(page, [])).white).toBeLessThan(20);
});

test('changing k in the panel reruns with that many clusters, and the URL reproduces the run', async ({ page }) => {
  await openAndConverge(page, 'n=50000&speed=max&backend=webgpu');
  const k = page.locator('.lil-controller').filter({ has: page.locator('.lil-name', { hasText: /^k$/ }) }).locator('input');
  await k.fill('6');
  await k.press('Enter');
  await expect(page.locator('#hud')).toHaveAttribute('data-k', '6');
  const run = await waitForEnd(page);
  expect(run.k).toBe(6);
  await expect(page.locator('.legend-row')).toHaveCount(6);
  expect(page.url()).toContain('k=6');
  const reference = await referenceRun(50_000, 42, 6);
  expect(Math.abs(run.inertia - reference.inertia) / reference.inertia).toBeLessThan(1e-5);
  // A link to this page reopens the same run: same seed, same inertia.
  const again = await page.context().newPage();
  await again.goto(page.url());
  const reopened = await waitForEnd(again);
  expect(reopened.k).toBe(6);
  expect(reopened.inertia).toBe(run.inertia);
});

test('step advances exactly one iteration; space plays on to convergence', async ({ page }) => {
  await page.goto('/?n=50000&play=0&k=8&backend=webgpu');
  const hud = page.locator('#hud');
  await expect(hud).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  await expect(hud).toHaveAttribute('data-iteration', '1');
  for (const next of ['2', '3']) {
    await page.keyboard.press('ArrowRight');
    await expect(hud).toHaveAttribute('data-iteration', next);
    await expect(hud).toHaveAttribute('data-state', 'paused');
  }
  // Once the page has drawn the step to its end (its glide over), the run is still at iteration 3.
  await expect(page.locator('#scatter')).toHaveAttribute('data-gliding', '0');
  await expect(hud).toHaveAttribute('data-iteration', '3'); // paused means paused
  await page.locator('.lil-controller button', { hasText: 'step one iteration' }).click();
  await expect(hud).toHaveAttribute('data-iteration', '4');
  // Space on a focused panel button presses that button (as browsers do); leave the panel first.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(' ');
  const run = await waitForEnd(page);
  const reference = await referenceRun(50_000, 42, 8);
  expect(run.iteration).toBe(reference.iterations);
});

test('1 M customers are generated, clustered and drawn without errors', async ({ page }) => {
  const run = await openAndConverge(page, 'n=1000000&speed=max&k=4&opacity=1&backend=webgpu');
  expect(run).toMatchObject({ backend: 'webgpu', customers: 1_000_000, k: 4 });
  await waitForGlideEnd(page);
  await page.screenshot({ path: `${ARTIFACTS}/one-million.png` });
  const { counts, white } = await canvasColours(page, CLUSTER_COLORS.slice(0, 4));
  console.warn(`1 M view: pixels per cluster colour ${counts.join(', ')}; marker outline pixels ${white}`);
  counts.forEach((count) => expect(count).toBeGreaterThan(1000));
  expect(white).toBeGreaterThan(100);
  const hud = await hudValues(page);
  // The HUD's field reads "970.2 (GPU 101.4)" where the adapter times its passes: printed as it reads.
  const msPerIteration = await page.locator('[data-field="ms"]').textContent();
  test.info().annotations.push({ type: 'measure', description: `1 M: ${hud.frameMs} ms per frame, ${msPerIteration} ms per iteration` });
  console.warn(`1 M customers: ${hud.frameMs} ms per frame, ${msPerIteration} ms per iteration (SwiftShader)`);
});
