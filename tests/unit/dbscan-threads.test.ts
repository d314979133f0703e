import { describe, expect, it } from 'vitest';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { dbscan } from '../../src/density/dbscan.ts';
import { dbscanOnThreads } from '../../src/density/dbscan-threads.ts';
import { createDensityHost } from '../../src/density/helper-host.ts';
import { randomPoints } from '../helpers.ts';

// DBSCAN split between this thread and helpers (helper hosts in this process, on the same shared
// memory; the command-line test runs real worker threads) labels every customer as one thread does.

const shaped = (n: number, seed: number) => {
  const customers = generateShapedCustomers({ n, seed });
  return { data: transformInterleaved(customers.columns, n, fitScaler(customers.columns, n)), n, d: 3 };
};

describe('DBSCAN on several threads', () => {
  it.each([
    ['shaped customers, 3 features', shaped(40_000, 6), 0.08, 10, 1],
    ['shaped customers, 3 helpers', shaped(40_000, 7), 0.12, 6, 3],
    ['uniform points in 5 features (cells span 3 of them)', randomPoints(20_000, 5, 3), 0.2, 5, 2],
  ] as const)('%s: the same labels, core points and noise as one thread', async (_name, points, eps, minSamples, count) => {
    const alone = dbscan(points, { eps, minSamples });
    const helpers = Array.from({ length: count }, () => createDensityHost((value) => value));
    const split = await dbscanOnThreads(points, { eps, minSamples }, helpers);
    expect(split.labels).toEqual(alone.labels);
    expect(split.core).toEqual(alone.core);
    expect(split.noise).toBe(alone.noise);
    expect(split.clusters).toBe(alone.clusters);
    // Neither trivial: clusters and noise both occur.
    expect(alone.clusters).toBeGreaterThan(0);
    expect(alone.noise).toBeGreaterThan(0);
  }, 60_000);
});
