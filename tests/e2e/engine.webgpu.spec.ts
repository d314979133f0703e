import { test, expect } from './fixtures.ts';
import { referenceRun } from './reference.ts';
import { openAndConverge } from './run.ts';

test('the page generates customers in a worker and converges on WebGPU where Node\'s CPU engine does', async ({ page }) => {
  const run = await openAndConverge(page, "n=50000&seed=7&k=5&speed=max&backend=webgpu");
  expect(run.backend).toBe('webgpu');
  expect(run.customers).toBe(50000);
  expect(run.k).toBe(5);
  expect(run.message).toBe('');
  const reference = await referenceRun(50000, 7, 5);
  expect(run.iteration).toBe(reference.iterations);
  expect(Math.abs(run.inertia - reference.inertia) / reference.inertia).toBeLessThan(1e-5);
  // The assignment pass timed on the GPU's own clock (SwiftShader offers timestamp queries), shown beside the wall clock.
  expect(Number(await page.locator('#hud').getAttribute('data-gpu-ms'))).toBeGreaterThan(0);
  // The adapter that ran it is named (the page's view of SwiftShader: vendor google, architecture swiftshader).
  await expect(page.locator('#hud')).toHaveAttribute('data-adapter', /swiftshader/);
  await expect(page.locator('#hud [data-field="ms"]')).toHaveText(/^\d+\.\d \(GPU \d+\.\d+\)$/);
});

test('auto passes a software WebGPU adapter over for the CPU engine, and the HUD says so', async ({ page }) => {
  const run = await openAndConverge(page, 'n=50000&seed=7&k=5&speed=max');
  expect(run.backend).toBe('cpu');
  expect(run.message).toMatch(/WebGPU adapter found is software \(.*swiftshader.*\), slower than the CPU engine on the same cores; choose WebGPU as the backend to use it anyway/i);
  // The same customers and start as on WebGPU: the CPU engine gives scikit-learn's answer.
  const reference = await referenceRun(50000, 7, 5);
  expect(run.iteration).toBe(reference.iterations);
  expect(Math.abs(run.inertia - reference.inertia) / reference.inertia).toBeLessThan(1e-9);
});
