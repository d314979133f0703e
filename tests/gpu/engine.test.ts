import { afterAll, describe, expect, it } from 'vitest';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { createGpuEngine } from '../../src/kmeans/gpu/engine.ts';
import { choosePassShape, type PassShape } from '../../src/kmeans/gpu/layout.ts';
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
    // float32 sums on the GPU and float64 on the CPU drift apart by about 1e-4 over 26 iterations
    // (the summation order sets the float32 rounding), so a point that is nearly halfway between two
    // centroids may land on either side: at most 10 such points, each within 1e-3 of a tie by the
    // CPU's centroids, and within float32 rounding of a tie by the GPU's own.
    const d = 3;
    const gap = (i: number, a: number, b: number, centroids: Float64Array) => {
      const dist = (j: number) => {
        let s = 0;
        for (let f = 0; f < d; f++) s += (points.data[i * d + f]! - centroids[j * d + f]!) ** 2;
        return s;
      };
      return Math.abs(dist(a) - dist(b)) / dist(b);
    };
    let differing = 0;
    for (let i = 0; i < points.n; i++) {
      const a = first.labels![i]!;
      const b = onCpu.labels![i]!;
      if (a === b) continue;
      differing++;
      expect(gap(i, a, b, onCpu.centroids)).toBeLessThan(1e-3);
    }
    expect(differing).toBeLessThanOrEqual(10);
    const own = bruteForceLabels(points, first.centroids).labels;
    for (let i = 0; i < points.n; i++) {
      if (own[i] !== first.labels![i]) expect(gap(i, first.labels![i]!, own[i]!, first.centroids)).toBeLessThan(1e-5);
    }
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

  // CI has only SwiftShader: the shapes a real GPU gets (and the smallest workgroups, for large k) run here too.
  type ShapeFor = (k: number, d: number) => PassShape;
  const shapes: [string, ShapeFor][] = [
    ['a GPU\'s shape (up to 64 threads a workgroup, a quad or a few each)', (k, d) => choosePassShape(gpu!.device.limits, k, d, false)],
    ['software\'s shape (4 threads of 64 quads)', (k, d) => choosePassShape(gpu!.device.limits, k, d, true)],
    ['workgroups of 32, 3 quads a thread', () => ({ workgroupSize: 32, quadsPerThread: 3 })],
  ];
  it.each(shapes)('%s: labels, counts, sums and changed of each pass match a full scan, across chunks', async (_name, shape) => {
    for (const [n, k, d] of [[1, 1, 3], [6, 2, 3], [257, 7, 2], [65537, 9, 3], [5003, 12, 8]] as const) {
      const points = randomPoints(n, d, n + k);
      const centroids = initialCentroids(points, { k, seed: 4 }, 0);
      const engine = await withValidation(gpu!, () => createGpuEngine(gpu!, shaders, points, k, { shape: shape(k, d), maxChunkPoints: n > 1000 ? 1002 : undefined }));
      try {
        const stats = await engine.assign(centroids);
        const reference = bruteForceLabels(points, centroids);
        expect(await engine.labels()).toEqual(reference.labels);
        expect(stats.changed).toBe(n);
        const counts = new Float64Array(k);
        for (const l of reference.labels) counts[l]!++;
        expect(stats.counts).toEqual(counts);
        // Move one centroid: `changed` counts exactly the labels that moved.
        const moved = Float64Array.from(centroids);
        moved[0] = moved[0]! + 0.25;
        const after = await engine.assign(moved);
        const movedReference = bruteForceLabels(points, moved);
        expect(await engine.labels()).toEqual(movedReference.labels);
        expect(after.changed).toBe(movedReference.labels.reduce((sum, l, i) => sum + (l === reference.labels[i] ? 0 : 1), 0));
      } finally {
        engine.destroy();
      }
    }
  });

  it('k = 256: label 255 is a label like any other, not "none yet", from the second pass on', async () => {
    const points = randomPoints(2000, 2, 77);
    const centroids = new Float64Array(256 * 2);
    for (let j = 0; j < 256; j++) centroids.set(points.data.subarray(j * 2, j * 2 + 2), j * 2);
    const engine = await engineFor(points, 256);
    try {
      const first = await engine.assign(centroids);
      const reference = bruteForceLabels(points, centroids);
      expect(reference.labels.includes(255)).toBe(true);
      expect(await engine.labels()).toEqual(reference.labels);
      expect(first.changed).toBe(points.n);
      expect((await engine.assign(centroids)).changed).toBe(0);
    } finally {
      engine.destroy();
    }
  });

  it('k = 256 on 200 000 points with a GPU\'s shape (workgroups shrunk to fit their rows): the labels and counts of a full scan', async () => {
    const points = randomPoints(200_000, 3, 91);
    const centroids = initialCentroids(points, { k: 256, seed: 5 }, 0);
    const shape = choosePassShape(gpu!.device.limits, 256, 3, false);
    expect(shape.workgroupSize).toBeLessThan(64);
    const engine = await withValidation(gpu!, () => createGpuEngine(gpu!, shaders, points, 256, { shape }));
    try {
      const stats = await engine.assign(centroids);
      const reference = bruteForceLabels(points, centroids);
      expect(await engine.labels()).toEqual(reference.labels);
      const counts = new Float64Array(256);
      for (const l of reference.labels) counts[l]!++;
      expect(stats.counts).toEqual(counts);
    } finally {
      engine.destroy();
    }
  });

  it('refuses to run after destroy()', async () => {
    const points = randomPoints(100, 3, 1);
    const engine = await engineFor(points, 2);
    engine.destroy();
    await expect(engine.assign(new Float64Array(6))).rejects.toThrow('used after destroy()');
  });
});
