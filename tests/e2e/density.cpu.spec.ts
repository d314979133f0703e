import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import Papa from 'papaparse';
import { transformInterleaved } from '../../src/data/scaler.ts';
import { scoreDensityModel } from '../../src/density/density-score.ts';
import { readSavedModel } from '../../src/density/saved-model.ts';
import { NOISE_COLOR } from '../../src/view/palette.ts';
import { afterNextRun, canvasColours, openAndConverge } from './run.ts';

// DBSCAN in the page: shaped customers (bands, a core in a ring, a clump, 3 % scattered), the
// noise drawn grey and named "No segment" in the legend, the HUD and the hover card.

const SHAPED = 'backend=cpu&shape=shaped&n=20000&algorithm=dbscan&eps=0.12&minSamples=10&speed=max&intro=false';

test('a DBSCAN run shows its clusters, and the customers in no segment grey and named', async ({ page }) => {
  const hud = await openAndConverge(page, SHAPED);
  expect(hud.k).toBe(6);
  expect(hud.message).toMatch(/^DBSCAN found 5 clusters; [\d,]+ customers \(\d\.\d %\) are in no segment \(grey\)\. eps 0\.12, min_samples 10\.$/);
  await expect(page.locator('#hud [data-field="inertia"]')).toHaveText('—');

  // The legend: five segments, then "No segment" with a grey key.
  const rows = page.locator('#legend .legend-row');
  await expect(rows).toHaveCount(6);
  await expect(rows.last().locator('.legend-name')).toHaveText('No segment');
  await expect(rows.last().locator('.legend-swatch')).toHaveCSS('background-color', 'rgb(125, 130, 140)');
  expect((await canvasColours(page, [NOISE_COLOR])).counts[0]).toBeGreaterThan(50);

  // The panel shows DBSCAN's parameters, not KMeans's.
  const panel = page.locator('#panel');
  await expect(panel.getByText('eps (std. dev.)')).toBeVisible();
  await expect(panel.getByText('min_samples')).toBeVisible();
  await expect(panel.getByText('n_init')).toBeHidden();
  await page.screenshot({ path: 'artifacts/dbscan-1280.png' });

  // The hover card says what DBSCAN made of the customer, not a distance to a centre.
  await page.locator('input[name="customer"]').fill('1');
  await page.locator('input[name="customer"]').press('Enter');
  await expect(page.locator('#hover-card .hover-card-distances')).toHaveText(/^(Core point|Border point|In no segment)/);
  await page.keyboard.press('Escape');

  // Isolating the noise shows only it, counted.
  await rows.last().click();
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', /^[1-9]\d*$/);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: 'artifacts/dbscan-noise-1024.png' });
});

test('a DBSCAN run where every customer is noise says so plainly', async ({ page }) => {
  const hud = await openAndConverge(page, 'backend=cpu&n=2000&algorithm=dbscan&eps=0.005&minSamples=50&speed=max&intro=false');
  expect(hud.message).toContain('Every customer is noise at eps 0.005, min_samples 50');
  await expect(page.locator('#legend .legend-row')).toHaveCount(1);
  await expect(page.locator('#legend .legend-name')).toHaveText('No segment');
});

test('the k-distance curve in Choose k suggests eps at its knee, and a click there runs DBSCAN with it', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&shape=shaped&n=20000&speed=max&intro=false');
  await page.getByRole('tab', { name: 'Choose k' }).click();
  await page.locator('input[name="eps-min-samples"]').fill('10');
  await page.getByRole('button', { name: 'Draw the k-distance curve' }).click();
  const chart = page.locator('.k-distance-view');
  await expect(chart).toHaveAttribute('data-knee', /^0\.\d+$/);
  const knee = Number(await chart.getAttribute('data-knee'));
  // On these customers the knee sits between the dense groups' spacing and the scattered ones'.
  expect(knee).toBeGreaterThan(0.05);
  expect(knee).toBeLessThan(0.3);
  await expect(page.locator('.eps-status')).toContainText('the knee is marked');
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/k-distance-1280.png' });

  // Clicking the knee's marker runs DBSCAN with about that eps: the groups are found.
  const hud = await afterNextRun(page, () => chart.locator('svg circle').last().click({ force: true }));
  expect(new URL(page.url()).searchParams.get('algorithm')).toBe('dbscan');
  const eps = Number(new URL(page.url()).searchParams.get('eps'));
  expect(Math.abs(eps - knee) / knee).toBeLessThan(0.1);
  expect(hud.message).toMatch(/^DBSCAN found 5 clusters/);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: 'artifacts/k-distance-1024.png' });
});

test('an HDBSCAN run picks the groups by stability; the hover card gives the outlier score', async ({ page }) => {
  const hud = await openAndConverge(page, 'backend=cpu&shape=shaped&n=20000&algorithm=hdbscan&minClusterSize=200&minSamples=10&speed=max&intro=false');
  expect(hud.message).toMatch(/^HDBSCAN found \d+ clusters; [\d,]+ customers \(\d+\.\d %\) are in no segment \(grey\)\. min_cluster_size 200, min_samples 10, excess of mass selection\.$/);
  await expect(page.locator('#legend .legend-row').last().locator('.legend-name')).toHaveText('No segment');
  const panel = page.locator('#panel');
  await expect(panel.getByText('min_cluster_size')).toBeVisible();
  await expect(panel.getByText('cluster_selection_epsilon')).toBeVisible();
  await expect(panel.getByText('eps (std. dev.)')).toBeHidden();
  await page.locator('input[name="customer"]').fill('2');
  await page.locator('input[name="customer"]').press('Enter');
  await expect(page.locator('#hover-card .hover-card-distances')).toHaveText(/^Outlier score \(GLOSH\) \d\.\d\d; membership \d\.\d\d$/);
  await page.screenshot({ path: 'artifacts/hdbscan-1280.png' });
  await page.keyboard.press('Escape');

  // The condensed tree in Choose k: the selected clusters coloured; a click on one highlights its customers.
  await page.getByRole('tab', { name: 'Choose k' }).click();
  const tree = page.locator('.condensed-tree-view');
  await expect(tree).toHaveAttribute('data-nodes', /^\d+$/);
  expect(Number(await tree.getAttribute('data-nodes'))).toBeGreaterThanOrEqual(5);
  await tree.scrollIntoViewIfNeeded();
  const bar = tree.locator('rect').last();
  await bar.click({ force: true });
  await expect(tree).toHaveAttribute('data-picked', /^\d+$/);
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', /^[1-9]\d*$/);
  await page.screenshot({ path: 'artifacts/condensed-tree-1280.png' });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: 'artifacts/condensed-tree-1024.png' });
});

test('a DBSCAN run saved as a model scores customers in the page as kmeans assign does, noise as "No segment"', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&shape=shaped&n=5000&seed=3&algorithm=dbscan&eps=0.15&minSamples=10&speed=max&intro=false');
  const panel = page.locator('.drawer-panel[data-tab="data"]');
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  const [file] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="export-model"]').click()]);
  const text = readFileSync(await file.path(), 'utf8');
  const saved = readSavedModel(text, file.suggestedFilename());
  if (saved.kind !== 'density' || saved.model.algorithm !== 'dbscan') throw new Error(`expected a DBSCAN model, got ${text.slice(0, 200)}`);
  expect(saved.model.params).toEqual({ eps: 0.15, minSamples: 10 });
  // Its names are the clusters' (the noise has none in a model).
  await expect(page.locator('#legend .legend-name')).toHaveText([...saved.model.segmentNames, 'No segment']);

  // Other customers (another seed), scored with the model: no refit, the model's clusters and names.
  await page.goto('/?backend=cpu&shape=shaped&n=5000&seed=8&k=3&speed=max&intro=false');
  await page.locator('#hud[data-state="converged"]').waitFor();
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  await panel.locator('input[name="model-file"]').setInputFiles({ name: 'dbscan-model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(panel.locator('.model-info')).toContainText('DBSCAN, eps 0.15, min_samples 10: scores by the nearest core point within eps');
  await expect(panel.locator('button[name="refit-model"]')).toBeDisabled();
  await panel.locator('button[name="score"]').click();
  await expect(page.locator('#hud')).toHaveAttribute('data-state', 'scored');
  await expect(page.locator('.hud-message')).toContainText('Scored with a saved DBSCAN model (nearest core point within eps 0.15)');
  await expect(page.locator('#legend .legend-name')).toHaveText([...saved.model.segmentNames, 'No segment']);
  await page.screenshot({ path: 'artifacts/dbscan-model-scored-1280.png' });

  const [exported] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="export-csv"]').click()]);
  const rows = Papa.parse<string[]>(readFileSync(await exported.path(), 'utf8').trim()).data.slice(1);
  // The same assignment as the command line's `assign` (the shared scoring function) in Node.
  const columns = [1, 2, 3].map((f) => Float32Array.from(rows, (r) => Number(r[f])));
  const scaler = { mean: Float64Array.from(saved.model.scaler.mean), scale: Float64Array.from(saved.model.scaler.scale) };
  const expected = scoreDensityModel(saved.model, { data: transformInterleaved(columns, rows.length, scaler), n: rows.length, d: 3 });
  expect(rows.map((r) => Number(r[4]))).toEqual(Array.from(expected.labels));
  expect(expected.noise).toBeGreaterThan(0);
  expect(rows.filter((r) => r[5] === 'No segment')).toHaveLength(expected.noise);
});

test('a long density run shows its progress, and Cancel stops it midway', async ({ page }) => {
  // HDBSCAN on a million customers takes about a minute here; its bar comes once they are generated.
  await page.goto('/?backend=cpu&shape=shaped&n=1000000&algorithm=hdbscan&minClusterSize=500&minSamples=10&speed=max&intro=false');
  const progress = page.locator('#progress');
  await expect(progress).toContainText('Clustering 1,000,000 customers with HDBSCAN…', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-progress', /^0\.(0[1-9]|[1-9])/, { timeout: 30_000 });
  await progress.locator('button').click();
  await expect(progress).toBeHidden();
  await expect(page.locator('.hud-message')).toHaveText('HDBSCAN cancelled before it finished; Fit runs it again.');
});

test('the page is cross-origin isolated, so DBSCAN and HDBSCAN share the work with helper workers: the same clusters as one thread', async ({ page }) => {
  const run = async (algorithm: string, threads: number) => {
    const parameters = algorithm === 'dbscan' ? 'eps=0.1&minSamples=10' : 'minClusterSize=200&minSamples=10';
    const hud = await openAndConverge(page, `backend=cpu&shape=shaped&n=200000&algorithm=${algorithm}&${parameters}&speed=max&intro=false&threads=${threads}`);
    return { message: hud.message, engine: await page.locator('#hud').getAttribute('data-cpu-engine') };
  };
  for (const algorithm of ['dbscan', 'hdbscan']) {
    const [one, two] = [await run(algorithm, 1), await run(algorithm, 2)];
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(one.engine).toMatch(/one thread$/);
    expect(two.engine).toMatch(/2 threads$/);
    expect(two.message).toBe(one.message);
  }
});
