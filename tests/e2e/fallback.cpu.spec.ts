import { test, expect } from './fixtures.ts';
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
  // Automatic threads: this thread alone on two cores, helpers on more; either way the kd-tree engine.
  expect(run.cpuEngine).toMatch(/^kd-tree filtering, JavaScript, (one thread|on [2-4] helper workers)$/);
});

test('with CPU threads = 2 the engine spreads 600 k customers over helper workers and still lands on the single-thread result, bit for bit', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const run = await openAndConverge(page, 'n=600000&seed=3&k=6&speed=max&backend=cpu&threads=2');
  const reference = await referenceRun(600000, 3, 6);
  expect(run.iteration).toBe(reference.iterations);
  expect(run.inertia).toBe(reference.inertia);
  // Two helpers, created by the engine worker.
  expect(workers.filter((url) => /slice/.test(url)).length).toBeGreaterThanOrEqual(2);
  // The helpers hold the kd-trees and run the filtering passes: the same bits as Node's one thread.
  expect(run.cpuEngine).toBe('kd-tree filtering, JavaScript, on 2 helper workers');
  const ms = Number(await page.locator('.hud-value[data-field="ms"]').textContent());
  console.warn(`600 k customers, k = 6, CPU: ${ms.toFixed(1)} ms per iteration in the page's helper workers; ` +
    `${reference.msPerIteration.toFixed(1)} ms single-threaded in Node (same run, ${reference.iterations} iterations)`);
});
