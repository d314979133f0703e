import { describe, expect, it } from 'vitest';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { blobs, bruteForceLabels, randomPoints, referenceLloyd, rowsAsCentroids } from '../helpers.ts';

const fit = (points: PointMatrix, k: number, init: Float64Array, maxIter = 300, tol = 1e-4) =>
  runKMeans(createCpuEngine(points, k), points, { k, init, maxIter, tol }, { withLabels: true });

describe('CPU engine (Hamerly bounds)', () => {
  it.each([
    [1, 3, 1], [255, 3, 7], [256, 2, 2], [257, 3, 32], [123, 3, 7], [65537, 3, 8], [5000, 5, 16], [4000, 8, 12],
  ])('n = %i, d = %i, k = %i: every pass gives the labels of a full scan', async (n, d, k) => {
    const points = randomPoints(n, d, n + k);
    const engine = createCpuEngine(points, k);
    let centroids = initialCentroids(points, { k, seed: 1 }, 0);
    for (let pass = 0; pass < 6; pass++) {
      const stats = await engine.assign(centroids);
      const reference = bruteForceLabels(points, centroids);
      expect(await engine.labels()).toEqual(reference.labels);
      expect(stats.inertia).toBeCloseTo(reference.inertia, 6);
      // Move the centroids the way Lloyd would, so the bounds are exercised.
      const next = new Float64Array(centroids.length);
      for (let j = 0; j < k; j++) {
        for (let f = 0; f < d; f++) {
          const i = j * d + f;
          next[i] = stats.counts[j]! > 0 ? centroids[i]! + stats.deltaSums[i]! / stats.counts[j]! : centroids[i]!;
        }
      }
      centroids = next;
    }
  });

  it('breaks exact ties toward the lower cluster, like a full scan', async () => {
    const points = { data: Float32Array.from([0, 0, 1, 0, -1, 0, 0, 1]), n: 4, d: 2 };
    const centroids = Float64Array.from([-1, 0, 1, 0]);
    const engine = createCpuEngine(points, 2);
    await engine.assign(centroids);
    await engine.assign(centroids);
    expect(Array.from(await engine.labels())).toEqual([0, 1, 0, 0]);
  });
});

describe('driver (runKMeans) against a plain scikit-learn Lloyd', () => {
  it.each([
    ['blobs', blobs(3000, 3, 5, 2, 1.5), 5],
    ['uniform noise', randomPoints(2000, 3, 4), 7],
    ['two features', randomPoints(1500, 2, 8), 4],
    ['with duplicates', { ...randomPoints(400, 3, 9), data: Float32Array.from({ length: 1200 }, (_, i) => Math.floor(i / 30) % 5) }, 3],
  ] as const)('%s: same labels, centroids, inertia and iteration count', async (_name, points, k) => {
    const init = initialCentroids(points, { k, seed: 5 }, 0);
    const reference = referenceLloyd(points, init, 300, 1e-4);
    const result = await fit(points, k, init);
    expect(result.iterations).toBe(reference.iterations);
    expect(result.inertia).toBeCloseTo(reference.inertia, 8);
    // Our numbering is canonical; map the reference's through the same order.
    const canonicalLabels = Array.from(reference.labels, (l) => result.canonical[l]);
    expect(Array.from(result.labels!)).toEqual(canonicalLabels);
  });

  it('re-seeds an empty cluster from the farthest point (scikit-learn rule) and counts it', async () => {
    // Centroid 2 sits far away and owns nothing: it must jump to the point farthest from its centre.
    const points = { data: Float32Array.from([0, 0, 0.1, 0, 0, 0.1, 5, 5, 5.1, 5, 9, 9]), n: 6, d: 2 };
    const init = Float64Array.from([0, 0, 5, 5, 100, 100]);
    const reference = referenceLloyd(points, init, 300, 1e-4);
    const snapshots: number[] = [];
    const result = await runKMeans(createCpuEngine(points, 3), points, { k: 3, init }, {
      withLabels: true,
      onIteration: (s) => void snapshots.push(s.emptyClusters),
    });
    expect(snapshots[0]).toBe(1);
    expect(result.emptyClusterEvents).toBe(1);
    expect(result.inertia).toBeCloseTo(reference.inertia, 10);
    // (9, 9) is farthest from its own centre (5, 5), so it seeds the empty cluster.
    [0.1 / 3, 0.1 / 3, 5.05, 5, 9, 9].forEach((v, i) => expect(result.centroids[i]).toBeCloseTo(v, 6));
    expect(Array.from(result.counts)).toEqual([3, 2, 1]);
  });

  it('k = n puts every customer in its own cluster with inertia 0', async () => {
    const points = randomPoints(9, 3, 1);
    const result = await fit(points, 9, initialCentroids(points, { k: 9, seed: 2, init: 'random' }, 0));
    expect(result.inertia).toBe(0);
    expect(new Set(result.labels).size).toBe(9);
  });

  it('stops at max_iter and still returns labels consistent with the centroids', async () => {
    const points = randomPoints(3000, 3, 12);
    const init = initialCentroids(points, { k: 8, seed: 3 }, 0);
    const result = await fit(points, 8, init, 2, 0);
    expect(result.iterations).toBe(2);
    expect(result.converged).toBe(false);
    expect(result.stop).toBe('max-iter');
    const { labels, inertia } = bruteForceLabels(points, result.centroids);
    expect(result.labels).toEqual(labels);
    expect(result.inertia).toBeCloseTo(inertia, 8);
  });

  it('numbers clusters canonically (by first feature), whatever the initial order', async () => {
    const points = blobs(900, 2, 3, 6, 0.2);
    const rows = [0, 1, 2];
    const a = await fit(points, 3, rowsAsCentroids(points, rows));
    const b = await fit(points, 3, rowsAsCentroids(points, [2, 0, 1]));
    expect(a.labels).toEqual(b.labels);
    expect(a.centroids).toEqual(b.centroids);
    expect(a.centroids[0]!).toBeLessThan(a.centroids[2]!);
    expect(a.centroids[2]!).toBeLessThan(a.centroids[4]!);
  });

  it('n_init keeps the restart with the lowest inertia, reproducibly', async () => {
    const points = randomPoints(2000, 3, 21);
    const single = await Promise.all([0, 1, 2, 3].map((r) =>
      runKMeans(createCpuEngine(points, 6), points, { k: 6, init: initialCentroids(points, { k: 6, seed: 4 }, r) })));
    const best = await runKMeans(createCpuEngine(points, 6), points, { k: 6, nInit: 4, seed: 4 }, { withLabels: true });
    expect(best.inertia).toBe(Math.min(...single.map((s) => s.inertia)));
    expect(best.bestRestart).toBe(single.findIndex((s) => s.inertia === best.inertia));
    expect(bruteForceLabels(points, best.centroids).labels).toEqual(best.labels);
  });

  it('n_init side by side, each restart on its own engine, gives what one engine one restart at a time gives', async () => {
    // 20 000 customers (the kd-tree engine), seeds where neither the first nor the last restart wins.
    const points = blobs(20_000, 3, 7, 5, 0.9);
    const results = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const options = { k: 7, nInit: 4, seed };
      const inTurn = await runKMeans(createCpuEngine(points, 7), points, options, { withLabels: true });
      const engines: string[] = [];
      const sideBySide = await runKMeans(createCpuEngine(points, 7), points, options, {
        withLabels: true,
        restartEngine: () => {
          engines.push('another');
          return createCpuEngine(points, 7);
        },
      });
      expect(engines).toHaveLength(3);
      const { msTotal: _a, msPerIteration: _b, ...same } = inTurn;
      expect(sideBySide).toMatchObject(same);
      expect(sideBySide.labels).toEqual(inTurn.labels);
      results.push(inTurn.bestRestart);
    }
    // The winner's labels come from its own engine: a middle restart won at least once.
    expect(results.some((restart) => restart === 1 || restart === 2)).toBe(true);
  });

  it('reports one snapshot per iteration with the changed count', async () => {
    const points = blobs(2000, 3, 4, 8, 1);
    const snapshots: { iteration: number; changed: number }[] = [];
    const result = await runKMeans(createCpuEngine(points, 4), points, { k: 4, seed: 1 }, {
      onIteration: (s) => void snapshots.push({ iteration: s.iteration, changed: s.changed }),
    });
    expect(snapshots.map((s) => s.iteration)).toEqual(Array.from({ length: result.iterations }, (_, i) => i + 1));
    expect(snapshots[0]!.changed).toBe(2000);
  });

  it('rejects bad options with the value and the limit', async () => {
    const points = randomPoints(10, 3, 1);
    const run = (options: object) => runKMeans(createCpuEngine(points, 3), points, { k: 3, ...options });
    await expect(run({ k: 12 })).rejects.toThrow('k (12) exceeds the number of customers (10)');
    await expect(run({ k: 300 })).rejects.toThrow('k (300) exceeds the maximum of 256 clusters');
    await expect(run({ maxIter: 0 })).rejects.toThrow('got 0');
    const withNaN = { ...points, data: Float32Array.from(points.data, (v, i) => (i === 7 ? NaN : v)) };
    await expect(runKMeans(createCpuEngine(withNaN, 3), withNaN, { k: 3 })).rejects.toThrow('customer row 3, feature 2 is not a finite number');
  });
});
