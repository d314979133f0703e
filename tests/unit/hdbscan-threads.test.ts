import { describe, expect, it } from 'vitest';
import { generateShapedCustomers } from '../../src/data/density-shapes.ts';
import { fitScaler, transformInterleaved } from '../../src/data/scaler.ts';
import { hdbscan } from '../../src/density/hdbscan.ts';
import { hdbscanOnThreads } from '../../src/density/hdbscan-threads.ts';
import { runSteps } from '../../src/density/steps.ts';
import { createDensityHost } from '../../src/density/helper-host.ts';

// HDBSCAN split between this thread and helpers (here, helper hosts in this process; the command
// line test runs real worker threads) gives the one-thread result exactly.

const n = 30_000;
const shaped = generateShapedCustomers({ n, seed: 5 });
const points = { data: transformInterleaved(shaped.columns, n, fitScaler(shaped.columns, n)), n, d: 3 };
const options = { minClusterSize: 60, minSamples: 8 };
const alone = hdbscan(points, options);

describe('HDBSCAN on several threads', () => {
  it.each([1, 3])('with %i helpers gives the same clusters, memberships, outlier scores and tree as on one thread', async (count) => {
    const helpers = Array.from({ length: count }, () => createDensityHost((value) => value));
    const shares: number[] = [];
    const split = await hdbscanOnThreads(points, options, helpers, async (steps) => runSteps(steps), new AbortController().signal, (share) => shares.push(share));
    expect(split.clusters).toBe(alone.clusters);
    expect(split.labels).toEqual(alone.labels);
    expect(split.coreDistances).toEqual(alone.coreDistances);
    expect(split.probabilities).toEqual(alone.probabilities);
    expect(split.outlierScores).toEqual(alone.outlierScores);
    expect(split.condensedTree).toEqual(alone.condensedTree);
    // Progress only grows.
    expect(shares.every((share, i) => i === 0 || share >= shares[i - 1]!)).toBe(true);
    expect(alone.clusters).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(hdbscanOnThreads(points, options, [createDensityHost((value) => value)], async (steps) => runSteps(steps), controller.signal)).rejects.toThrow(/abort/i);
  });
});
