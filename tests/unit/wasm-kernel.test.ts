import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createHamerlyEngine, createHamerlySlices } from '../../src/kmeans/cpu/hamerly.ts';
import { createThreadPool } from '../../src/node/thread-pool.ts';
import { createWasmPass3, wasmKernelAvailable } from '../../src/kmeans/cpu/wasm-pass3.ts';
import { centreSilhouetteSum3Wasm, distanceRuns3Wasm } from '../../src/analysis/measure-kernels.ts';
import { centreSilhouetteSum3, runDistanceSum, silhouette } from '../../src/analysis/silhouette.ts';
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

describe('the measures\' WebAssembly kernel (three features)', () => {
  /** Labels a fit would not give: every point's own centre is random, so the own-centre mask is tested on both lanes. */
  const randomLabels = (n: number, k: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => ((i * 2654435761 + seed) >>> 7) % k);

  it.each([
    [1, 2], [2, 2], [3, 3], [33, 10], [1000, 7], [70001, 32], [131073, 4],
  ])('n = %i, k = %i: the centre-based silhouette sum equals the JavaScript loop bit for bit', (n, k) => {
    const points = n % 2 ? randomPoints(n, 3, n + k) : blobs(n, 3, 4, n, 0.5);
    const labels = randomLabels(n, k, n);
    const centroids = Float64Array.from({ length: 3 * k }, (_, i) => ((i * 37) % 11) / 5 - 1);
    // A centre on a customer (a = 0) and two equal centres (a tie for the nearest other).
    centroids.set(points.data.subarray(0, 3), 0);
    if (k > 2) centroids.set(centroids.subarray(3, 6), 6);
    for (const [start, end] of [[0, n], [Math.floor(n / 3), n], [1, Math.max(1, n - 1)]] as const) {
      const wasm = centreSilhouetteSum3Wasm(points.data, labels, centroids, k, start, end, 0);
      expect(wasm).not.toBeNull();
      expect(wasm).toBe(centreSilhouetteSum3(points.data, labels, centroids, k, start, end));
    }
  });

  it.each([[1], [2], [5], [2000], [4001]])('m = %i: the silhouette\'s distance runs equal the JavaScript loop bit for bit', (m) => {
    const points = randomPoints(m, 3, m);
    const grouped = Float64Array.from(points.data);
    const columns = new Float64Array(3 * m);
    for (let i = 0; i < m; i++) for (let f = 0; f < 3; f++) columns[f * m + i] = grouped[i * 3 + f]!;
    const run = distanceRuns3Wasm(columns, m)!;
    expect(run).not.toBeNull();
    for (const [self, first, stop] of [[0, 0, m], [m - 1, 0, m - 1], [Math.floor(m / 2), 1, m], [0, m, m]] as const) {
      expect(run(self, first, stop, 0.25)).toBe(runDistanceSum(grouped, 3, self, first, stop, 0.25));
    }
  });

  it('gives the silhouettes scikit-learn\'s definition gives, whichever kernel serves', () => {
    const points = blobs(3000, 3, 4, 11, 0.6);
    const labels = randomLabels(3000, 4, 1);
    const rows = Uint32Array.from({ length: 3000 }, (_, i) => i);
    // The plain definition, pair by pair.
    let total = 0;
    for (let i = 0; i < 300; i++) {
      const sums = new Float64Array(4);
      const sizes = new Float64Array(4);
      for (let j = 0; j < 3000; j++) {
        sizes[labels[j]!]!++;
        if (j === i) continue;
        let squared = 0;
        for (let f = 0; f < 3; f++) squared += (points.data[i * 3 + f]! - points.data[j * 3 + f]!) ** 2;
        sums[labels[j]!]! += Math.sqrt(squared);
      }
      const own = labels[i]!;
      const a = sums[own]! / (sizes[own]! - 1);
      const b = Math.min(...[0, 1, 2, 3].filter((c) => c !== own).map((c) => sums[c]! / sizes[c]!));
      total += (b - a) / Math.max(a, b);
    }
    const measured = silhouette(points, labels, 4, rows);
    expect(Array.from(measured.values.subarray(0, 300)).reduce((x, y) => x + y, 0)).toBeCloseTo(total, 10);
  });
});
