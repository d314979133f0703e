import { test, expect } from '@playwright/test';
import { referenceRun } from './reference.ts';
import { openAndConverge } from './run.ts';

test('without WebGPU the page runs on the CPU engine, says why, and converges where the engines do', async ({ page }) => {
  const run = await openAndConverge(page, "n=50000&seed=7&k=5&speed=max");
  expect(run.backend).toBe('cpu');
  expect(run.message).toMatch(/^Running on the CPU: WebGPU found no adapter/);
  // Same seed, same start, same arithmetic: bit-identical to the CPU engine in Node
  // (and within 1e-5 of WebGPU, which the webgpu project checks against the same reference).
  const reference = await referenceRun(50000, 7, 5);
  expect(run.iteration).toBe(reference.iterations);
  expect(run.inertia).toBe(reference.inertia);
});
