import { describe, expect, it } from 'vitest';
import { generateCustomers } from '../../src/data/generate.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { createCpuEngine } from '../../src/kmeans/cpu/engine.ts';
import { initialCentroids, runKMeans } from '../../src/kmeans/run.ts';
import type { PointMatrix } from '../../src/kmeans/types.ts';
import { partitionDifference, randomPoints } from '../helpers.ts';
import { sklearnFit, sklearnMissing } from '../sklearn.ts';

const missing = sklearnMissing();
// In CI the comparison is required; elsewhere it is skipped with the reason.
if (missing && process.env.CI) throw new Error(`scikit-learn parity cannot run: ${missing}`);

function customers(n: number, seed: number): PointMatrix {
  const { columns } = generateCustomers({ n, seed });
  return { data: transformInterleaved(columns, n, fitScaler(columns, n)), n, d: 3 };
}

describe.skipIf(missing !== null)(`parity with scikit-learn KMeans(algorithm="lloyd")${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each([
    ['1 M customers, k = 8, k-means++', () => customers(1_000_000, 42), 8, 'k-means++', 1e-4],
    ['200 k customers, k = 4, tol 0 (until labels repeat)', () => customers(200_000, 7), 4, 'k-means++', 0],
    ['uniform noise, d = 2, k = 7, random init', () => randomPoints(20_000, 2, 3), 7, 'random', 1e-4],
    ['uniform noise, d = 3, k = 32', () => randomPoints(50_000, 3, 5), 32, 'k-means++', 1e-4],
  ] as const)('%s: same partition, inertia and iterations', async (_name, make, k, init, tol) => {
    const points = make();
    const start = initialCentroids(points, { k, seed: 11, init }, 0);
    const ours = await runKMeans(createCpuEngine(points, k), points, { k, init: start, tol }, { withLabels: true });
    const theirs = sklearnFit(points, start, tol);
    expect(Math.abs(ours.inertia - theirs.inertia) / theirs.inertia).toBeLessThan(1e-9);
    expect(ours.iterations).toBe(theirs.iterations);
    // Both use float64 distances on the same float32 data: only exact near-ties could differ.
    expect(partitionDifference(theirs.labels, ours.labels!)).toBeLessThanOrEqual(Math.ceil(points.n / 1e6) * 5);
  });

  it('re-seeds an empty cluster where scikit-learn does', async () => {
    // Two centroids start on top of each other: one of them owns nothing after the first pass.
    const points = randomPoints(3000, 3, 17);
    const start = Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, 5, 5, 5]);
    const ours = await runKMeans(createCpuEngine(points, 4), points, { k: 4, init: start }, { withLabels: true });
    const theirs = sklearnFit(points, start);
    expect(ours.emptyClusterEvents).toBeGreaterThan(0);
    expect(Math.abs(ours.inertia - theirs.inertia) / theirs.inertia).toBeLessThan(1e-9);
    expect(partitionDifference(theirs.labels, ours.labels!)).toBe(0);
  });
});
