import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createHamerlyEngine, createHamerlySlices } from '../../src/kmeans/cpu/hamerly.ts';
import { createThreadPool } from '../../src/node/thread-pool.ts';
import { createWasmPass3, wasmKernelAvailable } from '../../src/kmeans/cpu/wasm-pass3.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import type { AssignStats, PointMatrix } from '../../src/kmeans/types.ts';
import { blobs, bruteForceLabels, randomPoints } from '../helpers.ts';

/** The centroids Lloyd would move to from these stats (so the bounds are exercised). */
function lloydStep(centroids: Float64Array, stats: AssignStats, k: number, d: number): Float64Array {
  const next = new Float64Array(centroids.length);
  for (let j = 0; j < k; j++) {
    for (let f = 0; f < d; f++) {
      const i = j * d + f;
      next[i] = stats.counts[j]! > 0 ? centroids[i]! + stats.deltaSums[i]! / stats.counts[j]! : centroids[i]!;
    }
  }
  return next;
}

describe('the WebAssembly kernel (three features)', () => {
  it('is assembled from the committed .wat source', () => {
    const check = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('runs here (the tests would otherwise only cover the JavaScript kernel)', () => {
    expect(wasmKernelAvailable()).toBe(true);
    expect(createWasmPass3(randomPoints(10, 3, 1), 2)).not.toBeNull();
    expect(createWasmPass3(randomPoints(10, 2, 1), 2)).toBeNull();
  });

  it.each([
    [1, 1], [2, 2], [255, 7], [256, 8], [257, 32], [3000, 1], [4000, 5], [65537, 8], [20000, 256],
  ])('n = %i, k = %i: every pass equals the JavaScript kernel bit for bit', async (n, k) => {
    const points = n % 2 ? randomPoints(n, 3, n + k) : blobs(n, 3, Math.max(1, Math.min(k, 6)), n, 0.5);
    const wasm = createHamerlyEngine(points, k);
    const js = createHamerlyEngine(points, k, 'javascript');
    let centroids = initialCentroids(points, { k: Math.min(k, n), seed: 5 }, 0);
    if (k > n) centroids = Float64Array.from({ length: k * 3 }, (_, i) => (i % 7) - 3);
    for (let pass = 0; pass < 8; pass++) {
      const a = await wasm.assign(centroids);
      const b = await js.assign(centroids);
      expect(a.inertia).toBe(b.inertia);
      expect(a.changed).toBe(b.changed);
      expect(a.counts).toEqual(b.counts);
      expect(a.deltaSums).toEqual(b.deltaSums);
      expect(await wasm.labels()).toEqual(await js.labels());
      centroids = lloydStep(centroids, a, k, 3);
    }
    wasm.destroy();
    js.destroy();
  });

  it('breaks exact ties toward the lower cluster across both SIMD lanes', async () => {
    // Each point is equally far from two centroids: 0 and 1 (different lanes), 1 and 2
    // (the odd lane holds the lower index), 0 and 2 (same lane), and all three.
    const centroids = Float64Array.from([-1, 0, 0, 1, 0, 0, 0, 2, 0]);
    const data = Float32Array.from([0, 0, 0, 0.5, 1, 0, 0, 1, 0, -0.5, 1, 0, 0, 0.75, 5]);
    const points: PointMatrix = { data, n: 5, d: 3 };
    const engine = createHamerlyEngine(points, 3);
    const first = await engine.assign(centroids);
    const expected = bruteForceLabels(points, centroids);
    expect(await engine.labels()).toEqual(expected.labels);
    expect(first.inertia).toBe(expected.inertia);
    await engine.assign(centroids);
    expect(await engine.labels()).toEqual(expected.labels);
  });

  it('a whole fit matches the JavaScript kernel: centroids, inertia, iterations, labels', async () => {
    const points = blobs(30_000, 3, 5, 9, 0.8);
    const k = 9;
    const init = initialCentroids(points, { k, seed: 2 }, 0);
    const wasm = await runKMeans(createHamerlyEngine(points, k), points, { k, init }, { withLabels: true });
    const js = await runKMeans(createHamerlyEngine(points, k, 'javascript'), points, { k, init }, { withLabels: true });
    expect(wasm.centroids).toEqual(js.centroids);
    expect(wasm.inertia).toBe(js.inertia);
    expect(wasm.iterations).toBe(js.iterations);
    expect(wasm.labels).toEqual(js.labels);
  });

  it('points in shared memory: the JavaScript passes on them, here and on worker threads sharing them, give the WebAssembly kernel\'s results', async () => {
    // Two slices of SLICE_ROWS, so the threads each take one.
    const points = blobs(300_000, 3, 5, 8, 0.8);
    const shared = new Float32Array(new SharedArrayBuffer(points.data.byteLength));
    shared.set(points.data);
    const sharedPoints = { ...points, data: shared };
    const k = 8;
    const init = initialCentroids(points, { k, seed: 4 }, 0);
    const options = { k, init, maxIter: 12, tol: 0 };
    const wasm = await runKMeans(createHamerlySlices(points, k), points, options, { withLabels: true });
    const here = await runKMeans(createHamerlySlices(sharedPoints, k), sharedPoints, options, { withLabels: true });
    const pool = createThreadPool(2);
    try {
      const threaded = await runKMeans(pool.engine(sharedPoints, k, { workload: 'one start' }), sharedPoints, options, { withLabels: true });
      for (const run of [here, threaded]) {
        expect(run.centroids).toEqual(wasm.centroids);
        expect(run.inertia).toBe(wasm.inertia);
        expect(run.labels).toEqual(wasm.labels);
      }
    } finally {
      await pool.close();
    }
    // The threads wrote nothing into the customers they shared.
    expect(shared).toEqual(points.data);
  });
});
