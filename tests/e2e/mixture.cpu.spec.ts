import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test } from './fixtures.ts';
import { generateCustomers } from '../../src/data/generate.ts';
import { formatFloat32 } from '../../src/data/format.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { memberships, passModel } from '../../src/mixture/e-step.ts';
import { fitMixture } from '../../src/mixture/fit.ts';
import { localMixtureEngine } from '../../src/mixture/local-engine.ts';
import { openAndConverge } from './run.ts';

// A Gaussian mixture in the page: EM plays like KMeans, the HUD says how well it fits and how many
// customers it is unsure of (drawn pale), the hover card lists a customer's memberships, and the
// export carries each customer's probability; all as the same fit in Node gives them.

const N = 20_000;
const MIXTURE = `backend=cpu&algorithm=gmm&k=4&n=${N}&separation=0.6&nInit=1&speed=max&intro=false`;

/** The page's fit of these customers, made in Node: the same start (KMeans, init seed 0), the same EM. */
async function referenceMixture(covariance: 'full' | 'diag') {
  const { columns } = generateCustomers({ n: N, seed: 42, separation: 0.6 });
  const points = { data: transformInterleaved(columns, N, fitScaler(columns, N)), n: N, d: 3 };
  const result = await fitMixture(points, { k: 4, covariance, nInit: 1, seed: 0, init: 'kmeans' }, localMixtureEngine(points, createCpuEngine));
  return { points, result };
}

test('a mixture fits as in Node, shows its uncertain customers, and a customer between two components reads both probabilities', async ({ page }) => {
  const hud = await openAndConverge(page, MIXTURE);
  const { points, result } = await referenceMixture('full');
  const uncertain = Array.from(result.top).filter((p) => p < 0.8).length;
  expect(uncertain).toBeGreaterThan(100);
  expect(hud.message).toBe(
    `Gaussian mixture (full covariances), converged in ${result.iterations} EM iterations: log-likelihood ${result.meanLogLikelihood.toFixed(3)} per customer, ` +
      `BIC ${result.bic.toFixed(0)}; ${uncertain.toLocaleString('en-US')} customers (${((100 * uncertain) / N).toFixed(1)} %) are under 80 % sure of their segment (drawn pale).`,
  );
  await expect(page.locator('#hud [data-field="inertia"]')).toHaveText('—');
  // Each component drawn as its ellipsoids.
  await expect(page.locator('#scatter')).toHaveAttribute('data-ellipsoids', '4');
  const panel = page.locator('#panel');
  await expect(panel.getByText('covariance')).toBeVisible();
  await expect(panel.getByText('eps (std. dev.)')).toBeHidden();
  await page.screenshot({ path: 'artifacts/mixture-1280.png' });

  // The export: every customer's likeliest component and its probability, as Node's fit gives them.
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('button[name="export-csv"]').click()]);
  const rows = Papa.parse<string[]>(readFileSync(await file.path(), 'utf8').trim()).data;
  expect(rows[0]!.slice(-3)).toEqual(['Cluster', 'Segment', 'Probability']);
  // One comparison of every row (an expect per row would take minutes).
  const differing = rows.slice(1, N + 1).filter((cells, i) => Number(cells[4]) !== result.labels[i] || cells[6] !== formatFloat32(result.top[i]!));
  expect(rows.length - 1).toBe(N);
  expect(differing).toEqual([]);

  // The uncertain customers as a selection (from the Segments tab): counted as the HUD counts them, ready to keep as a filter.
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  await page.locator('button[name="select-uncertain"]').click();
  await expect(page.locator('#selection')).toHaveAttribute('data-count', String(uncertain));
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', String(uncertain));
  await page.screenshot({ path: 'artifacts/mixture-uncertain-1280.png' });
  await page.keyboard.press('Escape');
  await expect(page.locator('#selection')).toBeHidden();

  // The least sure customer: the card lists its memberships, likeliest first, as Node computes them.
  await page.keyboard.press('Escape');
  await expect(page.locator('.drawer-panel[data-tab="data"]')).toBeHidden();
  let row = 0;
  for (let i = 1; i < N; i++) if (result.top[i]! < result.top[row]!) row = i;
  const expected = Array.from(memberships(points.data, row, passModel(result.params))).map((probability, cluster) => ({ cluster, probability }))
    .sort((a, b) => b.probability - a.probability);
  await page.locator('input[name="customer"]').fill(String(row + 1));
  await page.locator('input[name="customer"]').press('Enter');
  const items = page.locator('#hover-card .hover-card-memberships li');
  await expect(items.first()).toBeVisible();
  const shown = await items.evaluateAll((list) => list.map((li) => ({ cluster: Number((li as HTMLElement).dataset.cluster), probability: Number((li as HTMLElement).dataset.probability) })));
  expect(shown.length).toBeGreaterThanOrEqual(2);
  shown.forEach((entry, i) => {
    expect(entry.cluster).toBe(expected[i]!.cluster);
    expect(entry.probability).toBeCloseTo(expected[i]!.probability, 6);
  });
  expect(shown[1]!.probability).toBeGreaterThan(0.2);
  await expect(items.first().locator('.hover-card-probability')).toHaveText(`${(100 * expected[0]!.probability).toFixed(0)} %`);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: 'artifacts/mixture-card-1024.png' });
  await page.keyboard.press('Escape');

  // A mixture is not saved as a model file yet: said in one sentence, nothing downloaded.
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  await page.locator('button[name="export-model"]').click();
  await expect(page.getByText('a Gaussian mixture cannot be saved as a model file yet')).toBeVisible();
});

test('the pale threshold and the covariance type are the analyst\'s', async ({ page }) => {
  // No pale customers at 0: the HUD counts none.
  expect((await openAndConverge(page, `${MIXTURE}&paleBelow=0`)).message).not.toContain('drawn pale');
  const { result } = await referenceMixture('diag');
  const hud = await openAndConverge(page, `${MIXTURE}&covariance=diag&paleBelow=0.95`);
  const uncertain = Array.from(result.top).filter((p) => p < 0.95).length;
  expect(hud.message).toContain(`Gaussian mixture (diag covariances), converged in ${result.iterations} EM iterations`);
  expect(hud.message).toContain(`${uncertain.toLocaleString('en-US')} customers (${((100 * uncertain) / N).toFixed(1)} %) are under 95 % sure`);
});
