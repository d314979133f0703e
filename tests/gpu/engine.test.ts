import { afterAll, describe, expect, it } from 'vitest';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { createGpuEngine } from '../../src/kmeans/gpu/engine.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { blobs, bruteForceLabels, partitionDifference, randomPoints } from '../helpers.ts';
import { openGpu, shaders, withValidation } from './gpu.ts';

const { gpu, reason } = await openGpu();
afterAll(() => gpu?.device.destroy());

const engineFor = (points: PointMatrix, k: number, maxChunkPoints?: number) =>
  withValidation(gpu!, () => createGpuEngine(gpu!, shaders, points, k, { maxChunkPoints }));

describe.skipIf(!gpu)(`WebGPU engine against the CPU reference${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const cases: [string, () => PointMatrix, number][] = [];
  for (const n of [1, 123, 255, 256, 257, 65537]) {
    for (const k of [1, 2, 7, 32]) if (k <= n) cases.push([`n = ${n}, d = 3, k = ${k}`, () => randomPoints(n, 3, n * 31 + k), k]);
  }
  cases.push(['n = 257, d = 2, k = 7', () => randomPoints(257, 2, 5), 7]);
  cases.push(['n = 1000, d = 8, k = 12', () => randomPoints(1000, 8, 6), 12]);
  cases.push(['k = n = 9', () => randomPoints(9, 3, 7), 9]);
  cases.push(['duplicate points', () => ({ data: Float32Array.from({ length: 3 * 600 }, (_, i) => Math.floor(i / 3) % 4), n: 600, d: 3 }), 3]);

  it.each(cases)('%s: labels, counts and sums of one pass match a full scan', async (_name, make, k) => {
    const points = make();
    const centroids = initialCentroids(points, { k, seed: 3 }, 0);
    const engine = await engineFor(points, k);
    try {
      const stats = await engine.assign(centroids);
      const reference = bruteForceLabels(points, centroids);
      expect(await engine.labels()).toEqual(reference.labels);
      expect(stats.changed).toBe(points.n);
      expect(stats.inertia).toBeCloseTo(reference.inertia, Math.max(1, 5 - Math.ceil(Math.log10(points.n + 1))));
      const counts = new Float64Array(k);
      for (const l of reference.labels) counts[l]!++;
      expect(stats.counts).toEqual(counts);
      const again = await engine.assign(centroids);
      expect(again.changed).toBe(0);
    } finally {
      engine.destroy();
    }
  });

  it.each([
    ['random, k = 7', () => randomPoints(65537, 3, 1), 7],
    ['blobs, d = 2, k = 5', () => blobs(20000, 2, 5, 2, 2), 5],
    ['an empty cluster on the way', () => randomPoints(3000, 3, 17), 4],
  ] as const)('full run, %s: same iterations, labels and inertia as the CPU engine', async (name, make, k) => {
    const points = make();
    const init = name.includes('empty')
      ? Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, 5, 5, 5])
      : initialCentroids(points, { k, seed: 8 }, 0);
    const engine = await engineFor(points, k);
    const onGpu = await runKMeans(engine, points, { k, init }, { withLabels: true });
    engine.destroy();
    const onCpu = await runKMeans(createCpuEngine(points, k), points, { k, init }, { withLabels: true });
    expect(onGpu.backend).toBe('webgpu');
    expect(onGpu.iterations).toBe(onCpu.iterations);
    expect(onGpu.emptyClusterEvents).toBe(onCpu.emptyClusterEvents);
    expect(onGpu.labels).toEqual(onCpu.labels);
    expect(Math.abs(onGpu.inertia - onCpu.inertia) / onCpu.inertia).toBeLessThan(1e-5);
  });

  it('1 M customers: the same partition as the CPU but for near ties, and identical centroids run after run', async () => {
    const points = blobs(1_000_000, 3, 8, 4, 2.5);
    const init = initialCentroids(points, { k: 8, seed: 1 }, 0);
    const engine = await engineFor(points, 8);
    const first = await runKMeans(engine, points, { k: 8, init }, { withLabels: true });
    const second = await runKMeans(engine, points, { k: 8, init }, { withLabels: true });
    engine.destroy();
    expect(second.centroids).toEqual(first.centroids);
    expect(second.inertia).toBe(first.inertia);
    const onCpu = await runKMeans(createCpuEngine(points, 8), points, { k: 8, init }, { withLabels: true });
    expect(Math.abs(first.inertia - onCpu.inertia) / onCpu.inertia).toBeLessThan(1e-5);
    // float32 distances on the GPU, float64 on the CPU: points that differ must be near ties.
    let differing = 0;
    const d = 3;
    for (let i = 0; i < points.n; i++) {
      const a = first.labels![i]!;
      const b = onCpu.labels![i]!;
      if (a === b) continue;
      differing++;
      const dist = (j: number) => {
        let s = 0;
        for (let f = 0; f < d; f++) s += (points.data[i * d + f]! - onCpu.centroids[j * d + f]!) ** 2;
        return s;
      };
      expect(Math.abs(dist(a) - dist(b)) / dist(b)).toBeLessThan(1e-4);
    }
    expect(differing).toBeLessThanOrEqual(10);
  });

  it('gives the same labels when the points are split over several buffers (chunks)', async () => {
    const points = randomPoints(65537, 3, 12);
    const init = initialCentroids(points, { k: 7, seed: 2 }, 0);
    const whole = await engineFor(points, 7);
    const chunked = await engineFor(points, 7, 10_000);
    const a = await runKMeans(whole, points, { k: 7, init }, { withLabels: true });
    const b = await runKMeans(chunked, points, { k: 7, init }, { withLabels: true });
    whole.destroy();
    chunked.destroy();
    expect(partitionDifference(a.labels!, b.labels!)).toBe(0);
    expect(b.inertia).toBeCloseTo(a.inertia, 2);
  });

  it('refuses to run after destroy()', async () => {
    const points = randomPoints(100, 3, 1);
    const engine = await engineFor(points, 2);
    engine.destroy();
    await expect(engine.assign(new Float64Array(6))).rejects.toThrow('used after destroy()');
  });
});
